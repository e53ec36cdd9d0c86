#include "tools/ledgerctl/audit_commands.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/cli.pb.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "tools/auditor.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"
#include "tools/progress.h"
#include "tools/trail_export.h"
#include "tools/trail_file_audit.h"
#include "tools/trusted_keys.h"
#include "tools/witness_policy.h"
#include "tools/witnessed_checkpoint.h"

ABSL_FLAG(uint64_t, event, 0, "audit: also prove that this event is in the log.");
ABSL_FLAG(std::string, public_key, "",
          "audit: the server's Ed25519 key (hex) to insist on, instead of the pinned keys.");
ABSL_FLAG(std::string, trust_key, "",
          "audit: pin this signer (a SHA256: fingerprint as printed, the public key in hex, "
          "or a file holding one) in $XDG_CONFIG_HOME/besluitlog/trusted_keys, after "
          "comparing its fingerprint with the operator's.");

ABSL_FLAG(std::string, policy, "",
          "audit, export, publish: a witness policy file (C2SP tlog-policy: log/witness/group/"
          "quorum lines, see docs/audit.md); the checkpoint must be the policy's log's and "
          "cosigned by its quorum. export and publish go only up to the newest such checkpoint.");

namespace besluitlog::tools::ledgerctl {
namespace {

std::string Names(const std::vector<std::string>& names) {
  return names.empty() ? "no witness of the policy" : absl::StrJoin(names, ", ");
}

// What the policy check fetched and judged: the audit that follows must
// check (and keep) exactly this checkpoint, not a second one the server
// might send.
struct PolicyChecked {
  v1::Checkpoint checkpoint;
  bool witnessed = false;  // It meets the policy's quorum itself.
};

// An AuditSource whose checkpoint was already fetched (and judged by the
// policy); proofs still come from the server.
class FetchedCheckpointSource final : public AuditSource {
 public:
  FetchedCheckpointSource(AuditSource& server, v1::Checkpoint checkpoint)
      : server_(server), checkpoint_(std::move(checkpoint)) {}
  absl::StatusOr<v1::Checkpoint> GetCheckpoint() override { return checkpoint_; }
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(uint64_t old_size,
                                                           uint64_t new_size) override {
    return server_.GetConsistencyProof(old_size, new_size);
  }
  absl::StatusOr<v1::EventWithProof> GetEventWithProof(uint64_t position,
                                                       uint64_t tree_size) override {
    return server_.GetEventWithProof(position, tree_size);
  }

 private:
  AuditSource& server_;
  const v1::Checkpoint checkpoint_;
};

// `ledgerctl audit --policy FILE`: the server's C2SP checkpoint must be
// signed by the policy's log and cosigned by its quorum (tools/witness_policy.h);
// a note contradicting one seen before is reported with both. Then the
// usual audit of that same checkpoint, trusting the policy's log key.
absl::StatusOr<PolicyChecked> PolicyAuditCommand(const std::string& config_dir,
                                                 const WitnessPolicy& policy) {
  GrpcAuditSource source(Channel());
  ASSIGN_OR_RETURN(const v1::Checkpoint checkpoint, source.GetCheckpoint());
  if (checkpoint.note().empty()) {
    return absl::FailedPreconditionError(
        "the server sends no C2SP checkpoint note (an older besluitlogd): audit it without "
        "--policy");
  }
  ASSIGN_OR_RETURN(const PolicyVerdict head, CheckNote(policy, checkpoint.note()));
  if (head.checkpoint.size != checkpoint.tree_size() ||
      head.checkpoint.root_hash != checkpoint.root_hash()) {
    return absl::DataLossError(
        "the server's checkpoint note states another tree than its checkpoint");
  }
  std::optional<PolicyVerdict> witnessed;
  if (!head.meets && !checkpoint.witnessed_note().empty()) {
    ASSIGN_OR_RETURN(PolicyVerdict older, CheckNote(policy, checkpoint.witnessed_note()));
    if (older.meets) {
      RETURN_IF_ERROR(CheckAgainstSeen(config_dir, checkpoint.witnessed_note(), source));
      witnessed = std::move(older);
    }
  }
  // Every log-signed note is compared with the last seen, witnessed or not:
  // two contradicting ones prove a split view by themselves.
  RETURN_IF_ERROR(CheckAgainstSeen(config_dir, checkpoint.note(), source));
  std::printf("checkpoint of %s, tree size %llu: signed by the log; cosigned by %s\n",
              head.checkpoint.origin.c_str(), static_cast<unsigned long long>(head.checkpoint.size),
              Names(head.cosigners).c_str());
  if (head.meets) {
    std::printf("witnessed: the policy's quorum (%s) is met\n", policy.quorum.c_str());
  } else {
    std::printf(
        "NOT WITNESSED: the newest checkpoint (size %llu) does not meet the policy's "
        "quorum (%s)\n",
        static_cast<unsigned long long>(head.checkpoint.size), policy.quorum.c_str());
    if (!witnessed.has_value()) {
      return absl::FailedPreconditionError(
          "no checkpoint of this log meets the witness policy: refusing it. The witnesses may "
          "be down or may have refused the log (ask their operators)");
    }
    std::printf(
        "newest witnessed checkpoint: size %llu, cosigned by %s; the events after it "
        "are not yet witnessed\n",
        static_cast<unsigned long long>(witnessed->checkpoint.size),
        Names(witnessed->cosigners).c_str());
  }
  return PolicyChecked{checkpoint, head.meets};
}

// The signers `ledgerctl audit` believes: the key of --public_key, else
// the keys pinned in the configuration directory (tools/trusted_keys.h).
absl::StatusOr<SignerTrust> SignersFromFlags(const std::string& config_dir) {
  if (const std::string key = absl::GetFlag(FLAGS_public_key); !key.empty()) {
    const std::string raw = absl::HexStringToBytes(key);
    if (raw.size() != 32 || absl::BytesToHexString(raw) != absl::AsciiStrToLower(key)) {
      return absl::InvalidArgumentError("--public_key is the server's Ed25519 key: 64 hex digits");
    }
    return SignerTrust::Only(raw);
  }
  return SignerTrust::Load(config_dir);
}

// The event `audit --event` proved, for a person: what it is, who recorded
// it when, what it says (as the export's rows say it, but without the
// history before it: ids where the trail would give names) and its payload
// decoded.
std::string DescribeProvenEvent(const v1::Event& event) {
  const ActRow row = ActDescriber().Describe(event);
  std::vector<std::string> what;
  auto add = [&](const char* label, const std::string& value) {
    if (!value.empty()) what.push_back(absl::StrCat(label, " ", value));
  };
  add("gremium", row.body);
  add("vergadering", row.meeting);
  add("agendapunt", row.item);
  add("beslispunt", row.point);
  add("onderwerp", row.subject);
  add("zetel", row.seat);
  add("stemmer", row.voter);
  add("aanwezig", row.present);
  add("afwezig", row.absent);
  add("uitkomst", row.outcome);
  std::string payload;
  if (absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
      !act.ok() || !google::protobuf::util::MessageToJsonString(*act, &payload).ok()) {
    payload = event.content_type() == "application/json"
                  ? event.payload()
                  : absl::StrCat("(hex) ", absl::BytesToHexString(event.payload()));
  }
  return absl::StrCat("  type:     ", event.event_type(), "\n",               //
                      "  actor:    ", event.actor(), "\n",                    //
                      "  recorded: ", row.recorded, " (Europe/Amsterdam)\n",  //
                      "  stream:   ", event.stream_id(), " version ", event.stream_version(),
                      "\n",                                             //
                      "  what:     ", absl::StrJoin(what, "; "), "\n",  //
                      "  payload:  ", payload, "\n",                    //
                      "  hash:     ", ledger::core::HashToHex(event.hash()), "\n");
}

// `ledgerctl audit --trust_key K`: pins a signer, and says where.
absl::Status TrustKeyCommand(const std::string& config_dir, const std::string& argument) {
  ASSIGN_OR_RETURN(const std::string digest, KeyDigestFromArgument(argument));
  ASSIGN_OR_RETURN(const std::string path,
                   PinKey(config_dir, digest,
                          absl::StrCat("pinned ", absl::FormatTime("%Y-%m-%d", absl::Now(),
                                                                   absl::LocalTimeZone()))));
  std::printf("trusting checkpoints signed by %s; kept in %s\n",
              FingerprintOfDigest(digest).c_str(), path.c_str());
  return absl::OkStatus();
}

// `ledgerctl audit`: checks a fresh signed checkpoint by a trusted key
// against the last one that passed for that key (kept in the configuration
// directory) and, with --event, one event's inclusion; keeps the new
// checkpoint only when everything verifies. `audit --file` checks an
// exported trail offline.
absl::Status PolicyTrailCheck(std::istream& trail, const WitnessPolicy& policy,
                              SignerTrust* signers);

absl::Status AuditCommand(const Operands&) {
  ASSIGN_OR_RETURN(const std::string config_dir, ConfigDirectory());
  if (const std::string key = absl::GetFlag(FLAGS_trust_key); !key.empty()) {
    return TrustKeyCommand(config_dir, key);
  }
  ASSIGN_OR_RETURN(SignerTrust signers, SignersFromFlags(config_dir));
  // Read once, for the server's checkpoint or the trail's.
  std::optional<WitnessPolicy> policy;
  if (const std::string policy_file = absl::GetFlag(FLAGS_policy); !policy_file.empty()) {
    ASSIGN_OR_RETURN(policy, LoadWitnessPolicy(policy_file));
  }
  std::optional<PolicyChecked> policy_checked;
  if (policy.has_value() && absl::GetFlag(FLAGS_file).empty()) {
    ASSIGN_OR_RETURN(policy_checked, PolicyAuditCommand(config_dir, *policy));
    if (absl::GetFlag(FLAGS_public_key).empty()) {
      // The policy names the log's key: that is the key to trust.
      signers = SignerTrust::Only(policy->logs.front().public_key);
    }
  }
  if (const std::string trail = absl::GetFlag(FLAGS_file); !trail.empty()) {
    // An exported trail, checked offline.
    std::ifstream in(trail, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", trail));
    if (policy.has_value()) {
      RETURN_IF_ERROR(PolicyTrailCheck(in, *policy, &signers));
      in.clear();
      in.seekg(0);
    }
    uint64_t verified = 0;
    v1::Checkpoint checkpoint;
    Progress progress("checking", 0);
    // Checked on every core (trail_file_audit.h), with VerifyJsonlTrail's answer.
    if (absl::Status checked =
            VerifyJsonlTrailFile(trail, signers, &verified, &checkpoint, &progress);
        !checked.ok()) {
      progress.Finish(absl::StrCat("stopped after ", verified, " events in ", trail));
      return checked;
    }
    // A filtered trail proves that its events are in the log, never that
    // nothing else is: its "complete": false is not signed, so whoever
    // handed it over may have dropped lines. Say so in as many words.
    const uint64_t left_out = checkpoint.tree_size() - verified;
    progress.Finish(absl::StrCat(
        "OK ", verified, " events in ", trail, " checked against the signed checkpoint of ",
        checkpoint.tree_size(), " events, root ", ledger::core::HashToHex(checkpoint.root_hash()),
        ", signed by ", KeyFingerprint(checkpoint.public_key()),
        left_out == 0
            ? "; the trail is complete: no event of the log is left out"
            : absl::StrCat("; the trail is FILTERED: the other ", left_out,
                           " events of the log are not in it, so it cannot show that none was "
                           "left out or dropped (export without filters for that)")));
    return absl::OkStatus();
  }
  AuditRequest request;
  request.signers = std::move(signers);
  std::optional<v1::Checkpoint> recalled;
  request.recall =
      [&](const std::string& public_key) -> absl::StatusOr<std::optional<v1::Checkpoint>> {
    ASSIGN_OR_RETURN(recalled, LoadLastCheckpoint(config_dir, public_key));
    return recalled;
  };
  v1::Event proven;
  if (const uint64_t event = absl::GetFlag(FLAGS_event); event != 0) {
    request.event_position = event;
    request.proven_event = &proven;
  }
  GrpcAuditSource server(Channel());
  std::optional<FetchedCheckpointSource> fetched;
  if (policy_checked.has_value()) fetched.emplace(server, policy_checked->checkpoint);
  AuditSource& source = fetched.has_value() ? static_cast<AuditSource&>(*fetched) : server;
  absl::StatusOr<v1::Checkpoint> checkpoint = Audit(source, request);
  if (!checkpoint.ok()) return checkpoint.status();
  if (policy_checked.has_value() && !policy_checked->witnessed) {
    // Consistent and signed, but not witnessed: not kept as trusted.
    return absl::FailedPreconditionError(absl::StrCat(
        "NOT WITNESSED: the checkpoint of size ", checkpoint->tree_size(),
        " is consistent with what you trusted before but does not meet the policy, so it is not "
        "kept; audit again once the witnesses cosigned it"));
  }
  ASSIGN_OR_RETURN(const std::string kept, SaveLastCheckpoint(config_dir, *checkpoint));
  std::printf("OK tree size %llu, root %s, signed by %s\n",
              static_cast<unsigned long long>(checkpoint->tree_size()),
              ledger::core::HashToHex(checkpoint->root_hash()).c_str(),
              KeyFingerprint(checkpoint->public_key()).c_str());
  if (recalled.has_value()) {
    std::printf("consistent with the trusted checkpoint of size %llu\n",
                static_cast<unsigned long long>(recalled->tree_size()));
  }
  if (request.event_position.has_value()) {
    std::printf("event %llu is in the log, proven against this checkpoint:\n%s",
                static_cast<unsigned long long>(*request.event_position),
                DescribeProvenEvent(proven).c_str());
  }
  std::printf("checkpoint kept in %s\n", kept.c_str());
  return absl::OkStatus();
}

// `audit --file TRAIL --policy FILE`: the trail's own checkpoint note (its
// first line) must meet the policy; a trail brings no consistency proof,
// so an older witnessed checkpoint cannot vouch for it. Then the trail is
// checked against the policy's log key.
absl::Status PolicyTrailCheck(std::istream& trail, const WitnessPolicy& policy,
                              SignerTrust* signers) {
  std::string line;
  v1::cli::TrailLine first;
  if (!std::getline(trail, line) ||
      !google::protobuf::util::JsonStringToMessage(line, &first).ok() || !first.has_checkpoint()) {
    return absl::DataLossError("line 1 of the trail is not a checkpoint");
  }
  if (first.checkpoint().note().empty()) {
    return absl::FailedPreconditionError(
        "the trail carries no C2SP checkpoint note (exported by an older besluitlogd): it cannot "
        "meet a witness policy");
  }
  ASSIGN_OR_RETURN(const PolicyVerdict verdict, CheckNote(policy, first.checkpoint().note()));
  if (verdict.checkpoint.size != first.checkpoint().tree_size() ||
      // The trail spells its root in hex.
      absl::BytesToHexString(verdict.checkpoint.root_hash) != first.checkpoint().root_hash()) {
    return absl::DataLossError(
        "the trail's checkpoint note states another tree than its checkpoint");
  }
  std::printf("trail checkpoint of %s, tree size %llu: signed by the log; cosigned by %s\n",
              verdict.checkpoint.origin.c_str(),
              static_cast<unsigned long long>(verdict.checkpoint.size),
              Names(verdict.cosigners).c_str());
  if (!verdict.meets) {
    return absl::FailedPreconditionError(absl::StrCat(
        "NOT WITNESSED: the trail's checkpoint does not meet the policy's quorum (", policy.quorum,
        "): refusing it. Export again once the witnesses cosigned the head (ledgerctl audit "
        "--policy shows it)"));
  }
  std::printf("witnessed: the policy's quorum (%s) is met\n", policy.quorum.c_str());
  if (absl::GetFlag(FLAGS_public_key).empty()) {
    *signers = SignerTrust::Only(policy.logs.front().public_key);
  }
  return absl::OkStatus();
}

}  // namespace

const Command kAuditCommand = {
    "audit", 0,
    "  audit [--event N] [--public_key HEX]   only a pinned (or given) signer passes\n"
    "  audit --policy FILE [--event N]   also demand the witnesses' cosignatures\n"
    "  audit --file TRAIL.jsonl --policy FILE   the trail's checkpoint must meet the policy\n"
    "  audit --file TRAIL.jsonl [--public_key HEX]   check an export offline\n"
    "  audit --trust_key SHA256:FINGERPRINT|HEX|FILE   pin a signer (in the config dir)\n",
    AuditCommand};

}  // namespace besluitlog::tools::ledgerctl
