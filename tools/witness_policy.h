// What an auditor demands of a checkpoint before believing it: a policy in
// the C2SP tlog-policy format (c2sp.org/tlog-policy), and a memory of the
// checkpoints it saw, so that a log showing two histories is caught.
//
// Policy file (one item per line; '#' starts a comment line):
//
//   log <vkey> [<url>]                  a log key (type 0x01); its name is the
//                                       log's origin; at least one
//   witness <name> <vkey> [<url>]       a witness's cosignature key (type 0x04)
//   group <name> all|any|<k> <name>...  k of these witnesses/groups
//   quorum <name>|none                  what a checkpoint needs; exactly once
//
// Names used by `group` and `quorum` must be defined on earlier lines, and
// each name is a member at most once (as the spec says).
//
// Split views: CheckAgainstSeen compares a log-signed checkpoint note with
// the one last seen for its origin (kept in the configuration directory,
// tools/trusted_keys.h, under notes/<hex SHA-256 of the origin>): two
// different roots for one size, or two sizes no consistency proof joins,
// are reported with both notes in full, since either one proves the log
// signed two histories.
#ifndef BESLUITLOG_TOOLS_WITNESS_POLICY_H_
#define BESLUITLOG_TOOLS_WITNESS_POLICY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/core/signed_note.h"
#include "tools/auditor.h"

namespace besluitlog::tools {

struct WitnessPolicy {
  struct Witness {
    std::string name;
    ledger::core::VerifierKey key;
  };
  struct Group {
    std::string name;
    size_t threshold = 0;
    std::vector<std::string> members;
  };
  std::vector<ledger::core::VerifierKey> logs;
  std::vector<Witness> witnesses;
  std::vector<Group> groups;
  std::string quorum;  // "none", a witness or a group.
};

// INVALID_ARGUMENT naming the line and what is wrong.
[[nodiscard]] absl::StatusOr<WitnessPolicy> ParseWitnessPolicy(absl::string_view text);

struct PolicyVerdict {
  ledger::core::CheckpointText checkpoint;
  std::vector<std::string> cosigners;  // Policy names of the witnesses whose cosignature verified.
  bool meets = false;                  // The quorum is satisfied.
};
// Checks `note` under `policy`: PERMISSION_DENIED when no log of the policy
// signed it, DATA_LOSS when a known key's signature does not verify,
// INVALID_ARGUMENT when it is no checkpoint. Otherwise which witnesses
// cosigned and whether that meets the quorum.
[[nodiscard]] absl::StatusOr<PolicyVerdict> CheckNote(const WitnessPolicy& policy,
                                                      absl::string_view note);

// Compares `note` (already verified as the log's) with the note last seen
// for its origin in `config_dir`, proving consistency through `source`;
// DATA_LOSS "split view" with both notes when they contradict. On success
// the larger of the two is kept as the last seen.
[[nodiscard]] absl::Status CheckAgainstSeen(const std::string& config_dir, const std::string& note,
                                            AuditSource& source);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_WITNESS_POLICY_H_
