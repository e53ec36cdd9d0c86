#include "tools/ledgerctl/audit_commands.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/audit.pb.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/event_hash.h"
#include "ledger/status_macros.h"
#include "tools/auditor.h"
#include "tools/file_text.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"
#include "tools/trail_export.h"

ABSL_FLAG(std::string, checkpoint_file, "besluitlog-checkpoint.json",
          "audit: where the last trusted checkpoint is kept.");
ABSL_FLAG(uint64_t, event, 0, "audit: also prove that this event is in the log.");
ABSL_FLAG(std::string, public_key, "",
          "audit: the server's Ed25519 key (hex) to insist on.");

namespace besluitlog::tools::ledgerctl {
namespace {

absl::Status AuditCommand(const Operands&) {
  if (const std::string trail = absl::GetFlag(FLAGS_file); !trail.empty()) {
    // An exported trail, checked offline.
    std::ifstream in(trail, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", trail));
    uint64_t verified = 0;
    RETURN_IF_ERROR(VerifyJsonlTrail(
        in, absl::HexStringToBytes(absl::GetFlag(FLAGS_public_key)), &verified));
    std::printf("OK %llu events in %s verified against its signed checkpoint\n",
                static_cast<unsigned long long>(verified), trail.c_str());
    return absl::OkStatus();
  }
  const std::string file = absl::GetFlag(FLAGS_checkpoint_file);
  AuditRequest request;
  if (absl::StatusOr<std::string> text = ReadFileText(file); text.ok()) {
    v1::Checkpoint trusted;
    if (!google::protobuf::util::JsonStringToMessage(*text, &trusted).ok()) {
      return absl::DataLossError(absl::StrCat(file, " is not a checkpoint"));
    }
    request.trusted = trusted;
  }
  if (const uint64_t event = absl::GetFlag(FLAGS_event); event != 0) {
    request.event_position = event;
  }
  if (const std::string key = absl::GetFlag(FLAGS_public_key); !key.empty()) {
    request.pinned_key = absl::HexStringToBytes(key);
  }
  GrpcAuditSource source(Channel());
  absl::StatusOr<v1::Checkpoint> checkpoint = Audit(source, request);
  if (!checkpoint.ok()) return checkpoint.status();
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(*checkpoint, &json);
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp);
    out << json << "\n";
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot write ", file));
  }
  std::printf("OK tree size %llu, root %s, signed by %s\n",
              static_cast<unsigned long long>(checkpoint->tree_size()),
              ledger::HashToHex(checkpoint->root_hash()).c_str(),
              ledger::HashToHex(checkpoint->public_key()).c_str());
  if (request.trusted.has_value()) {
    std::printf("consistent with the trusted checkpoint of size %llu\n",
                static_cast<unsigned long long>(request.trusted->tree_size()));
  }
  if (request.event_position.has_value()) {
    std::printf("event %llu is in the log\n",
                static_cast<unsigned long long>(*request.event_position));
  }
  return absl::OkStatus();
}

}  // namespace

const Command kAuditCommand = {
    "audit", 0,
    "  audit [--event N] [--public_key HEX] [--checkpoint_file F]\n"
    "  audit --file TRAIL.jsonl [--public_key HEX]   check an export offline\n",
    AuditCommand};

}  // namespace besluitlog::tools::ledgerctl
