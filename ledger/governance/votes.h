// Rules for votes, objections and decisions: votes and objections are
// recorded (stream "meeting/<id>") only while the meeting is open, on an
// item of its agenda that is not decided yet, on a decision point the item
// decides, by a sitting voting member recorded present or by the
// substitute named for an absent one. A decision (stream "proposal/<id>")
// counts only the seats filled at the meeting and applies the body's
// decision and quorum rules (ledger/decision_rules.h) to each point; an
// SBO decision that changes the agreement awaits the Colleges.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_VOTES_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_VOTES_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/governance/attempt.h"

namespace besluitlog::ledger::governance {

// VoteCast; a later vote of the same seat replaces the earlier one in the count.
[[nodiscard]] absl::Status CastVote(Attempt& a, const v1::CastVote& c);
// ObjectionRecorded.
[[nodiscard]] absl::Status RecordObjection(Attempt& a, const v1::RecordObjection& c);
// DecisionTaken, with an outcome and the counts per decision point.
[[nodiscard]] absl::Status TakeDecision(Attempt& a, const v1::TakeDecision& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_VOTES_H_
