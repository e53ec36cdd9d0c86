// The audit group of ledgerctl: `audit` checks a fresh signed checkpoint
// against the one trusted before (kept in --checkpoint_file) and, with
// --event, one event's inclusion; it trusts the new checkpoint only when
// everything verifies. `audit --file` checks an exported JSONL trail offline.
//
// Examples:
//   ledgerctl audit --public_key=3f1c...e0 --checkpoint_file=~/.besluitlog-checkpoint.json
//   ledgerctl audit --event=35
//   ledgerctl audit --file=trail.jsonl --public_key=3f1c...e0
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_AUDIT_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_AUDIT_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kAuditCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_AUDIT_COMMANDS_H_
