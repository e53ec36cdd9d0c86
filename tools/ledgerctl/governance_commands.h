// The governance group of ledgerctl: one governance act per command
// (`ledgerctl <act> --field=value ...`, see tools/governance_cli.h) and
// `init`, which loads a seed file of acts into an empty ledger. Acts are
// recorded in the name of the caller's token; a missing actor becomes $USER.
//
// Examples:
//   ledgerctl init tools/seeds/governance_structure.json
//   ledgerctl appoint-member --body_id=sbo --member_id=w1 --name="J. de Vries" --role=member
//   ledgerctl cast-vote --meeting_id=m1 --item_id=1 --decision_point=1 --voter_id=w1 --choice=for
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_GOVERNANCE_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_GOVERNANCE_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kInitCommand;

// Runs the act `act` with its own `--field=value` words; prints the events
// it recorded and the position. INVALID_ARGUMENT for words the act does not
// take.
[[nodiscard]] absl::Status RunGovernanceAct(const std::string& act,
                                            const std::vector<std::string>& flags);

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_GOVERNANCE_COMMANDS_H_
