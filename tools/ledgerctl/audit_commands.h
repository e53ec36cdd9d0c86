// The audit group of ledgerctl: `audit` checks a fresh signed checkpoint by
// a trusted key (pinned with --trust_key in the configuration directory, or
// given with --public_key) against the last one that passed for that key
// and, with --event, one event's inclusion; it keeps the new checkpoint only
// when everything verifies. `audit --file` checks an exported JSONL trail
// offline.
//
// Examples:
//   ledgerctl audit --trust_key SHA256:...   # the fingerprint besluitlogd prints
//   ledgerctl audit --event=35
//   ledgerctl audit --file=trail.jsonl
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_AUDIT_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_AUDIT_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kAuditCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_AUDIT_COMMANDS_H_
