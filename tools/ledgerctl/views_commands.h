// The views group of ledgerctl: `show` (one projection view, as a table on a
// terminal and as JSON when piped or with --output json; what the ledger
// knew at --known_at, what was in force on --in_force_on) and `projections`
// (their status; rebuild one or all, followed to the head with a progress
// bar on a terminal and one closing line), over QueryService.
//
// Examples:
//   ledgerctl show proposal P-2026-014
//   ledgerctl show meeting oro-2026-01
//   ledgerctl show agreements utrecht --in_force_on=2026-07-01
//   ledgerctl show roster sbo --known_at=1200 --output=json
//   ledgerctl show deadlines today
//   ledgerctl projections status
//   ledgerctl projections rebuild agreements
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_VIEWS_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_VIEWS_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kShowCommand;
extern const Command kProjectionsCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_VIEWS_COMMANDS_H_
