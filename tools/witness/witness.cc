#include "tools/witness/witness.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/core/durable_file.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/sha256.h"

namespace besluitlog::tools::witness {
namespace {

using ledger::core::CheckpointText;
using ledger::core::SignedNote;
using ledger::core::VerifierKey;

// The spec's cap on proof lines: enough for any tree of 2^63 leaves.
constexpr int kMaxProofLines = 63;

HttpAnswer Answer(int status, std::string message) {
  return HttpAnswer{.status = status,
                    .content_type = "text/plain; charset=utf-8",
                    .body = std::move(message) + "\n"};
}

bool ParseSize(absl::string_view text, uint64_t* size) {
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, size);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Witness>> Witness::Open(WitnessOptions options) {
  if (options.name.empty() || options.name.find_first_of(" +\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        "the witness needs a name (--name) without spaces or '+', e.g. witness.gemeente-a.nl/1");
  }
  for (const VerifierKey& key : options.logs) {
    if (key.type != ledger::core::kNoteEd25519) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the log key ", ledger::core::FormatVerifierKey(key),
          " is not an Ed25519 note key (type 0x01): give the log's key as besluitlogd prints it"));
    }
  }
  absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> signer =
      ledger::core::CheckpointSigner::LoadOrCreate(options.data_dir + "/witness_key.pem");
  if (!signer.ok()) return signer.status();

  const std::string lock_file = options.data_dir + "/LOCK";
  const int lock_fd = open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    if (lock_fd >= 0) close(lock_fd);
    return absl::FailedPreconditionError(absl::StrCat("another besluitlog-witness uses ",
                                                      options.data_dir, " (cannot lock ", lock_file,
                                                      "): run one witness per data dir"));
  }
  std::map<std::string, LogState> state;
  const std::string state_file = options.data_dir + "/witness_state";
  std::error_code unknown;
  const bool state_exists =
      std::filesystem::exists(std::filesystem::symlink_status(state_file, unknown));
  std::ifstream in(state_file);
  if (state_exists && (!std::filesystem::is_regular_file(state_file, unknown) || !in)) {
    close(lock_fd);
    // Starting empty would let this witness cosign any history.
    return absl::UnavailableError(
        absl::StrCat("cannot read ", state_file,
                     ": fix its permissions or restore it; the witness does not "
                     "start without the state it promised to keep"));
  }
  if (in) {
    std::string line;
    while (std::getline(in, line)) {
      const std::vector<std::string> fields = absl::StrSplit(line, ' ');
      LogState log;
      if (fields.size() != 3 || !ParseSize(fields[1], &log.size) ||
          !absl::Base64Unescape(fields[2], &log.root) || log.root.size() != 32) {
        return absl::DataLossError(absl::StrCat(
            state_file, " holds a line that is not \"<origin> <size> <base64 root>\": ", line,
            ". Restore the file from a backup; never delete it, or this witness could cosign "
            "a history that contradicts one it cosigned before"));
      }
      state[fields[0]] = std::move(log);
    }
  }
  auto witness = std::unique_ptr<Witness>(
      new Witness(std::move(options), *std::move(signer), std::move(state), lock_fd));
  const std::string vkey_file = witness->options_.data_dir + "/witness.vkey";
  if (absl::Status written = ledger::core::WriteFileDurably(
          vkey_file, ledger::core::FormatVerifierKey(witness->verifier_key_) + "\n");
      !written.ok()) {
    return written;
  }
  return witness;
}

Witness::Witness(WitnessOptions options, std::unique_ptr<ledger::core::CheckpointSigner> signer,
                 std::map<std::string, LogState> state, int lock_fd)
    : options_(std::move(options)),
      signer_(std::move(signer)),
      verifier_key_(ledger::core::MakeVerifierKey(options_.name, ledger::core::kNoteCosignatureV1,
                                                  signer_->public_key())),
      state_(std::move(state)),
      lock_fd_(lock_fd) {}

Witness::~Witness() { close(lock_fd_); }

absl::Status Witness::SaveLocked() {
  std::string text;
  for (const auto& [origin, log] : state_) {
    absl::StrAppend(&text, origin, " ", log.size, " ", absl::Base64Escape(log.root), "\n");
  }
  return ledger::core::WriteFileDurably(options_.data_dir + "/witness_state", text);
}

HttpAnswer Witness::AddCheckpoint(absl::string_view body) {
  // "old <size>\n", proof lines, a blank line, then the checkpoint note.
  const size_t first_end = body.find('\n');
  uint64_t old_size = 0;
  if (first_end == absl::string_view::npos || !absl::StartsWith(body, "old ") ||
      !ParseSize(body.substr(4, first_end - 4), &old_size)) {
    return Answer(400, "the body starts with \"old <size>\\n\"");
  }
  std::vector<std::string> proof;
  size_t pos = first_end + 1;
  while (true) {
    const size_t end = body.find('\n', pos);
    if (end == absl::string_view::npos) {
      return Answer(400, "no blank line between the proof and the checkpoint");
    }
    if (end == pos) {
      pos = end + 1;
      break;
    }
    std::string hash;
    const absl::string_view line = body.substr(pos, end - pos);
    if (!absl::Base64Unescape(line, &hash) || hash.size() != 32 ||
        absl::Base64Escape(hash) != line) {
      return Answer(400, "a consistency proof line is not base64 of a 32-byte hash");
    }
    if (static_cast<int>(proof.size()) == kMaxProofLines) {
      return Answer(400, "at most 63 consistency proof lines");
    }
    proof.push_back(std::move(hash));
    pos = end + 1;
  }
  absl::StatusOr<SignedNote> note = ledger::core::ParseSignedNote(body.substr(pos));
  if (!note.ok()) return Answer(400, std::string(note.status().message()));
  absl::StatusOr<CheckpointText> checkpoint = ledger::core::ParseCheckpointText(note->text);
  if (!checkpoint.ok()) return Answer(400, std::string(checkpoint.status().message()));

  std::vector<VerifierKey> trusted;
  for (const VerifierKey& key : options_.logs) {
    if (key.name == checkpoint->origin) trusted.push_back(key);
  }
  if (trusted.empty()) {
    return Answer(404, absl::StrCat("this witness does not witness the log ", checkpoint->origin));
  }
  if (!ledger::core::VerifyNote(*note, trusted).ok()) {
    return Answer(403, absl::StrCat("the checkpoint carries no valid signature by the key this "
                                    "witness trusts for ",
                                    checkpoint->origin));
  }
  if (old_size > checkpoint->size) {
    return Answer(400, absl::StrCat("old size ", old_size, " is larger than the checkpoint's ",
                                    checkpoint->size));
  }

  // The empty tree has one root (RFC 9162): SHA-256 of nothing.
  if (checkpoint->size == 0 && checkpoint->root_hash != ledger::core::Sha256("")) {
    return Answer(422, "a tree of size 0 has the root SHA-256(\"\") and no other");
  }
  absl::MutexLock lock(&mutex_);
  const auto found = state_.find(checkpoint->origin);
  const bool seen = found != state_.end();
  const LogState last = seen ? found->second : LogState{};  // Size 0 when never seen.
  if (old_size != last.size) {
    return HttpAnswer{
        .status = 409, .content_type = "text/x.tlog.size", .body = absl::StrCat(last.size, "\n")};
  }
  if (old_size == checkpoint->size) {
    if (old_size != 0 && checkpoint->root_hash != last.root) {
      std::fprintf(stderr,
                   "besluitlog-witness: %s offered a second root for size %llu: possible split "
                   "view; refused\n",
                   checkpoint->origin.c_str(), static_cast<unsigned long long>(old_size));
      return HttpAnswer{
          .status = 409, .content_type = "text/x.tlog.size", .body = absl::StrCat(last.size, "\n")};
    }
    if (!proof.empty()) return Answer(422, "the proof between equal sizes is empty");
  } else if (old_size == 0) {
    if (!proof.empty()) return Answer(422, "the proof from size 0 is empty");
  } else if (absl::Status consistent = ledger::core::VerifyMerkleConsistency(
                 old_size, checkpoint->size, last.root, checkpoint->root_hash, proof);
             !consistent.ok()) {
    std::fprintf(stderr,
                 "besluitlog-witness: %s offered size %llu that is not an extension of size "
                 "%llu: %s; refused\n",
                 checkpoint->origin.c_str(), static_cast<unsigned long long>(checkpoint->size),
                 static_cast<unsigned long long>(old_size),
                 std::string(consistent.message()).c_str());
    return Answer(422, absl::StrCat("the consistency proof from size ", old_size, " to ",
                                    checkpoint->size, " does not verify"));
  }
  state_[checkpoint->origin] = LogState{.size = checkpoint->size, .root = checkpoint->root_hash};
  // Durable before any cosignature leaves (see the header).
  if (absl::Status saved = SaveLocked(); !saved.ok()) {
    if (seen) {
      state_[checkpoint->origin] = last;
    } else {
      state_.erase(checkpoint->origin);
    }
    return Answer(500, std::string(saved.message()));
  }
  const int64_t now = absl::ToUnixSeconds(options_.now());
  absl::StatusOr<ledger::core::NoteSignature> cosignature = ledger::core::Cosign(
      *signer_, options_.name, note->text, static_cast<uint64_t>(now < 0 ? 0 : now));
  if (!cosignature.ok()) return Answer(500, std::string(cosignature.status().message()));
  return HttpAnswer{.status = 200,
                    .content_type = "text/plain; charset=utf-8",
                    .body = ledger::core::FormatNoteSignatureLine(*cosignature)};
}

}  // namespace besluitlog::tools::witness
