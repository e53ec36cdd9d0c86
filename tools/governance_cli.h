// Turns `ledgerctl <act> --field=value ...` into a GovernanceCommand, one
// subcommand per oneof case of GovernanceCommand (cast-vote, take-decision,
// ...), with the act's fields as flags:
//   scalars          --meeting_id=sbo-4   --decision_point 1
//   enums            --choice=for         (case-insensitive value name)
//   bools            --present, --present=false
//   repeated scalars --municipalities=Dordrecht,Gorinchem (or repeat the flag)
//   messages         --config='{"name":"ORO","kind":"ORO"}'  (JSON)
//   repeated msgs    --decision_points='{"number":1,"text":"..."}' (repeat,
//                    or one JSON array)
//   everything       --json='{...}'       (the act as JSON; flags override)
// Dashes and underscores in names are interchangeable. Thread-safe.
#ifndef BESLUITLOG_TOOLS_GOVERNANCE_CLI_H_
#define BESLUITLOG_TOOLS_GOVERNANCE_CLI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::tools {

// "cast-vote", "take-decision", ... in declaration order.
std::vector<std::string> GovernanceActNames();

bool IsGovernanceAct(absl::string_view name);

// One line per act with its fields, for --help.
std::string GovernanceActUsage();

// `ledgerctl help ACT`: each flag with the shape of its value (an enum's
// allowed values), which are required and what they are, and one example.
// Empty for an unknown act.
std::string GovernanceActHelp(absl::string_view act);

// INVALID_ARGUMENT naming the flag that is wrong, or the first required one
// (marked `(required)` in governance.proto) that is missing:
// "--item_id is required: the agenda item the vote is on".
[[nodiscard]] absl::StatusOr<v1::GovernanceCommand> ParseGovernanceAct(
    absl::string_view act, const std::vector<std::string>& flags);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_GOVERNANCE_CLI_H_
