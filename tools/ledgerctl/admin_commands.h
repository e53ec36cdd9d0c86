// The admin group of ledgerctl: `backup` (the server copies its ledger),
// and the commands that work on a data dir on this machine (through
// tools/datadir): `restore`, `replay`, `token add`, `cert add`.
//
// Examples:
//   ledgerctl backup /var/backups/besluitlog-2026-11-25
//   ledgerctl restore --from_backup /var/backups/besluitlog-2026-11-25 --data_dir ./restored
//   ledgerctl replay --data_dir ./data --known_at 2025-12-31
//   ledgerctl token add griffie --role secretariaat --data_dir ./data
//   ledgerctl cert add auditor.example.nl --role auditor --identities_file ./data/identities
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_ADMIN_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_ADMIN_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kReplayCommand;
extern const Command kBackupCommand;
extern const Command kRestoreCommand;
extern const Command kTokenAddCommand;
extern const Command kCertAddCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_ADMIN_COMMANDS_H_
