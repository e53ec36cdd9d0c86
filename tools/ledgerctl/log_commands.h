// The log group of ledgerctl: append, read, tail, head, status, verify —
// the event log itself, over LedgerService (status: the server's own checks
// of its stored data; verify --data_dir checks a data dir offline, through
// tools/datadir).
//
// Examples:
//   ledgerctl append --file=events.json
//   ledgerctl read --stream=body/sbo --backward --limit=5
//   ledgerctl read --all --prefix=meeting/ --type=vote_cast
//   ledgerctl tail --from=1200
//   ledgerctl head
//   ledgerctl status                       # start-up check and scrub; exit 1 on damage
//   ledgerctl verify                       # online: walk the chain the server sends
//   ledgerctl verify --data_dir=./data     # offline, server stopped
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_LOG_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_LOG_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kAppendCommand;
extern const Command kReadCommand;
extern const Command kTailCommand;
extern const Command kHeadCommand;
extern const Command kStatusCommand;
extern const Command kVerifyCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_LOG_COMMANDS_H_
