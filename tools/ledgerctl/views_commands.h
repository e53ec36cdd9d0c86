// The views group of ledgerctl: `show` (one projection view as JSON, now or
// as of a position) and `projections` (their status; rebuild one or all,
// followed to the head with a progress bar on a terminal), over QueryService.
//
// Examples:
//   ledgerctl show proposal P-2026-014
//   ledgerctl show agreements utrecht --on_date=2026-07-01
//   ledgerctl show roster sbo --as_of_position=1200
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
