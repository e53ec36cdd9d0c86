#include "services/witness_collector.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "httplib.h"
#include "ledger/core/durable_file.h"

namespace besluitlog::services {
namespace {

using ledger::core::NoteSignature;
using ledger::core::SignedNote;

// httplib takes timeouts as seconds and microseconds.
void SetTimeouts(httplib::Client& client, absl::Duration timeout) {
  const int64_t micros = absl::ToInt64Microseconds(timeout);
  client.set_connection_timeout(micros / 1000000, micros % 1000000);
  client.set_read_timeout(micros / 1000000, micros % 1000000);
  client.set_write_timeout(micros / 1000000, micros % 1000000);
}

}  // namespace

absl::StatusOr<WitnessEndpoint> ParseWitnessFlag(const std::string& text) {
  const size_t equals = text.find('=');
  const size_t at = text.find('@', equals == std::string::npos ? 0 : equals);
  if (equals == std::string::npos || at == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--witness \"", text,
        "\" is not name=<verifier key>@<url>, e.g. witness.gemeente-a.nl/1=witness.gemeente-a.nl/"
        "1+0a1b2c3d+BL...@http://10.0.0.5:7380"));
  }
  WitnessEndpoint endpoint;
  absl::StatusOr<ledger::core::VerifierKey> key =
      ledger::core::ParseVerifierKey(text.substr(equals + 1, at - equals - 1));
  if (!key.ok()) return key.status();
  if (key->type != ledger::core::kNoteCosignatureV1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--witness ", text.substr(0, equals),
                     ": the key is not a cosignature key (type 0x04) as besluitlog-witness "
                     "prints it"));
  }
  if (key->name != text.substr(0, equals)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--witness ", text.substr(0, equals), ": the key is named ", key->name));
  }
  endpoint.key = *std::move(key);
  endpoint.url = text.substr(at + 1);
  if (!absl::StartsWith(endpoint.url, "http://") && !absl::StartsWith(endpoint.url, "https://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--witness ", endpoint.key.name, ": the URL starts with http:// or https://"));
  }
  while (!endpoint.url.empty() && endpoint.url.back() == '/') endpoint.url.pop_back();
  return endpoint;
}

absl::StatusOr<std::unique_ptr<WitnessCollector>> WitnessCollector::Start(
    const ledger::EventLog* log, const ledger::core::CheckpointSigner* signer,
    WitnessCollectorOptions options) {
  if (options.witnesses.empty()) {
    return absl::InvalidArgumentError("a witness collector needs at least one witness");
  }
  // A witness listed twice would count twice towards the policy.
  for (size_t i = 0; i < options.witnesses.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const ledger::core::VerifierKey& a = options.witnesses[i].key;
      const ledger::core::VerifierKey& b = options.witnesses[j].key;
      if (a.name == b.name || a.public_key == b.public_key) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the witness ", a.name, " is configured twice (same name or key as ", b.name,
            "): list each witness once, or it would count twice towards --witness_policy"));
      }
    }
  }
  if (options.policy < 1 || options.policy > static_cast<int>(options.witnesses.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("--witness_policy ", options.policy, " must be between 1 and the ",
                     options.witnesses.size(), " witnesses configured"));
  }
  if (!options.tls_ca.empty() && !std::ifstream(options.tls_ca).good()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--witness_tls_ca ", options.tls_ca,
        ": cannot read it; give the PEM file of the CA that signed the witnesses' certificates"));
  }
  if (absl::StatusOr<std::string> probe =
          ledger::core::SignCheckpointNote(*signer, options.origin, 0, std::string(32, '\0'));
      !probe.ok()) {
    return probe.status();  // A bad origin.
  }
  auto collector =
      std::unique_ptr<WitnessCollector>(new WitnessCollector(log, signer, std::move(options)));
  collector->thread_ = std::thread([c = collector.get()] { c->Run(); });
  return collector;
}

WitnessCollector::WitnessCollector(const ledger::EventLog* log,
                                   const ledger::core::CheckpointSigner* signer,
                                   WitnessCollectorOptions options)
    : log_(log),
      signer_(signer),
      options_(std::move(options)),
      witness_sizes_(options_.witnesses.size(), 0) {
  if (options_.state_file.empty()) return;
  std::ifstream in(options_.state_file, std::ios::binary);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  // Kept only if it is still ours: signed by this key, of this origin, and
  // a tree head of this log.
  absl::StatusOr<SignedNote> note = ledger::core::ParseSignedNote(text.str());
  absl::StatusOr<ledger::core::CheckpointText> checkpoint =
      note.ok() ? ledger::core::ParseCheckpointText(note->text)
                : absl::StatusOr<ledger::core::CheckpointText>(note.status());
  const ledger::core::VerifierKey own = ledger::core::MakeVerifierKey(
      options_.origin, ledger::core::kNoteEd25519, signer_->public_key());
  if (!checkpoint.ok() || !ledger::core::VerifyNote(*note, {own}).ok() ||
      checkpoint->size > log_->GetHead().position() ||
      log_->TreeRoot(checkpoint->size).value_or("") != checkpoint->root_hash) {
    options_.log(absl::StrCat("witnesses: ignoring ", options_.state_file,
                              ": not a checkpoint of this log under origin ", options_.origin));
    return;
  }
  view_.witnessed_note = text.str();
  witnessed_size_ = checkpoint->size;
}

WitnessCollector::~WitnessCollector() {
  {
    absl::MutexLock lock(&mutex_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void WitnessCollector::CollectNow() {
  absl::MutexLock lock(&mutex_);
  struct Wait {
    WitnessCollector* self;
    uint64_t mine;
  } wait{this, ++requested_};
  mutex_.Await(absl::Condition(
      +[](Wait* w) { return w->self->stop_ || w->self->served_ >= w->mine; }, &wait));
}

WitnessCollector::View WitnessCollector::view() const {
  absl::MutexLock lock(&mutex_);
  return view_;
}

void WitnessCollector::Run() {
  while (true) {
    uint64_t request = 0;
    bool asked = false;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.AwaitWithTimeout(
          absl::Condition(
              +[](WitnessCollector* c) { return c->stop_ || c->requested_ > c->served_; }, this),
          options_.batch_interval);
      if (stop_) return;
      request = requested_;
      asked = requested_ > served_;
    }
    // Batching: a round per interval at most, and only when the head moved
    // (or someone asked).
    if (asked || log_->GetHead().position() != last_round_size_) Round();
    absl::MutexLock lock(&mutex_);
    served_ = request;
  }
}

void WitnessCollector::Round() {
  if (log_->damage().has_value()) return;  // Vouch for nothing while damaged.
  const v1::Head head = log_->GetHead();
  const uint64_t size = head.position();
  if (size == 0) return;
  last_round_size_ = size;
  absl::StatusOr<std::string> note =
      ledger::core::SignCheckpointNote(*signer_, options_.origin, size, head.tree_root());
  if (!note.ok()) {
    options_.log(absl::StrCat("witnesses: cannot sign the checkpoint: ", note.status().message()));
    return;
  }
  const std::string text =
      ledger::core::FormatCheckpointText(options_.origin, size, head.tree_root());
  std::vector<std::string> lines(options_.witnesses.size());
  std::vector<std::thread> askers;
  for (size_t i = 0; i < options_.witnesses.size(); ++i) {
    askers.emplace_back([&, i] { lines[i] = Ask(i, *note, text, size); });
  }
  for (std::thread& asker : askers) asker.join();

  std::string cosigned = *note;
  std::vector<std::string> names;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    cosigned += lines[i];
    names.push_back(options_.witnesses[i].key.name);
  }
  const bool meets = static_cast<int>(names.size()) >= options_.policy;
  options_.log(
      absl::StrCat("witnesses: checkpoint of size ", size, " cosigned by ", names.size(), " of ",
                   options_.witnesses.size(),
                   names.empty() ? "" : absl::StrCat(" (", absl::StrJoin(names, ", "), ")"),
                   meets ? "; meets" : "; does NOT meet", " the policy of ", options_.policy));
  absl::MutexLock lock(&mutex_);
  view_.cosigned_size = size;
  view_.cosigned_note = cosigned;
  if (meets && size >= witnessed_size_) {
    view_.witnessed_note = cosigned;
    witnessed_size_ = size;
    if (!options_.state_file.empty()) {
      if (absl::Status kept = ledger::core::WriteFileDurably(options_.state_file, cosigned);
          !kept.ok()) {
        options_.log(absl::StrCat("witnesses: ", kept.message()));
      }
    }
  }
}

std::string WitnessCollector::Ask(size_t index, const std::string& note, const std::string& text,
                                  uint64_t size) {
  const WitnessEndpoint& witness = options_.witnesses[index];
  const size_t scheme_end = witness.url.find("://") + 3;
  const size_t path_start = witness.url.find('/', scheme_end);
  const std::string host =
      path_start == std::string::npos ? witness.url : witness.url.substr(0, path_start);
  const std::string path =
      (path_start == std::string::npos ? "" : witness.url.substr(path_start)) + "/add-checkpoint";
  httplib::Client client(host);
  SetTimeouts(client, options_.timeout);
  if (!options_.tls_ca.empty()) client.set_ca_cert_path(options_.tls_ca.c_str());
  const std::string& name = witness.key.name;
  // A 409 tells the size the witness last cosigned; then ask once more
  // with a proof from there.
  for (int attempt = 0; attempt < 3; ++attempt) {
    const uint64_t old_size = witness_sizes_[index];
    if (old_size > size) {
      options_.log(absl::StrCat("witnesses: ", name, " last cosigned size ", old_size,
                                ", more than this log's ", size,
                                ": it has seen another history of this origin (split view or "
                                "a restored backup); ask its operator"));
      return "";
    }
    std::string body = absl::StrCat("old ", old_size, "\n");
    if (old_size != 0 && old_size != size) {
      absl::StatusOr<std::vector<std::string>> proof = log_->ConsistencyProof(old_size, size);
      if (!proof.ok()) {
        options_.log(absl::StrCat("witnesses: no consistency proof from ", old_size, " to ", size,
                                  ": ", proof.status().message()));
        return "";
      }
      for (const std::string& hash : *proof) absl::StrAppend(&body, absl::Base64Escape(hash), "\n");
    }
    absl::StrAppend(&body, "\n", note);
    httplib::Result result = client.Post(path, body, "text/plain; charset=utf-8");
    if (!result && result.error() == httplib::Error::SSLServerVerification) {
      options_.log(absl::StrCat(
          "witnesses: ", name, " at ", witness.url,
          " shows an HTTPS certificate this server does not trust (or one for another host): "
          "not asked. Give besluitlogd the CA that signed it with --witness_tls_ca"));
      return "";
    }
    if (!result) {
      options_.log(absl::StrCat(
          "witnesses: ", name, " at ", witness.url,
          " did not answer (down, unreachable or too slow): ", httplib::to_string(result.error())));
      return "";
    }
    if (result->status == 409) {
      uint64_t their_size = 0;
      std::string answer = result->body;
      if (!answer.empty() && answer.back() == '\n') answer.pop_back();
      if (!absl::SimpleAtoi(answer, &their_size)) {
        options_.log(absl::StrCat("witnesses: ", name, " answered 409 without a size"));
        return "";
      }
      if (their_size == old_size) {
        options_.log(absl::StrCat("witnesses: ", name, " cosigned another root for size ", old_size,
                                  " of ", options_.origin,
                                  ": a split view of this log exists; investigate"));
        return "";
      }
      witness_sizes_[index] = their_size;
      continue;
    }
    if (result->status != 200) {
      options_.log(absl::StrCat("witnesses: ", name, " refused size ", size, " (HTTP ",
                                result->status,
                                "): ", absl::StripTrailingAsciiWhitespace(result->body)));
      return "";
    }
    absl::StatusOr<std::vector<NoteSignature>> signatures =
        ledger::core::ParseNoteSignatureLines(result->body);
    if (!signatures.ok()) {
      options_.log(absl::StrCat("witnesses: ", name,
                                " answered no signature lines: ", signatures.status().message()));
      return "";
    }
    for (const NoteSignature& signature : *signatures) {
      const SignedNote one{.text = text, .signatures = {signature}};
      if (ledger::core::VerifyNote(one, {witness.key}).ok()) {
        witness_sizes_[index] = size;
        return ledger::core::FormatNoteSignatureLine(signature);
      }
    }
    options_.log(
        absl::StrCat("witnesses: ", name, " answered without a cosignature by its configured key"));
    return "";
  }
  return "";
}

}  // namespace besluitlog::services
