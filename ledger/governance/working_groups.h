// Rules for working groups (werkgroepen, stream "body/<id>"): set up by
// the ORO only, with at least one sitting ORO member as linking pin and
// members from both sides (gemeenten and combinaties); a werkgroep reports
// once.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_WORKING_GROUPS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_WORKING_GROUPS_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/governance/attempt.h"

namespace besluitlog::ledger::governance {

// BodyEstablished (kind WERKGROEP), WorkingGroupEstablished and a MemberAppointed per member.
[[nodiscard]] absl::Status EstablishWorkingGroup(Attempt& a, const v1::EstablishWorkingGroup& c);
// WorkingGroupReported.
[[nodiscard]] absl::Status ReportWorkingGroup(Attempt& a, const v1::ReportWorkingGroup& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_WORKING_GROUPS_H_
