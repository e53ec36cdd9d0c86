// Rules for escalation: only an item whose decision left a point without
// agreement escalates, once, to a meeting (not closed, not dated earlier)
// of the body's configured escalation_target; the new agenda item there
// decides only the points without agreement. An escalation is resolved
// once.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_ESCALATION_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_ESCALATION_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/governance/attempt.h"

namespace besluitlog::ledger::governance {

// EscalationRaised (proposal stream) and the AgendaItemAdded it puts on the target meeting.
[[nodiscard]] absl::Status RaiseEscalation(Attempt& a, const v1::RaiseEscalation& c);
// EscalationResolved.
[[nodiscard]] absl::Status ResolveEscalation(Attempt& a, const v1::ResolveEscalation& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_ESCALATION_H_
