// Rules for ratification by the Colleges: only an SBO decision that
// changes the agreement is sent to the Colleges, once per municipality;
// each College's decision is recorded once, not before the SBO decided
// and not after today (Europe/Amsterdam, from the injected clock); a
// ratification takes effect on EffectiveDate(college decision date).
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_RATIFICATION_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_RATIFICATION_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/clock.h"
#include "ledger/governance/attempt.h"
#include "ledger/governance/municipalities.h"

namespace besluitlog::ledger::governance {

// RatificationRequested.
[[nodiscard]] absl::Status RequestRatification(Attempt& a, Municipalities& municipalities,
                                               const v1::RequestRatification& c);
// CollegeDecisionRecorded; `clock` gives today.
[[nodiscard]] absl::Status RecordCollegeDecision(Attempt& a, Municipalities& municipalities,
                                                 const Clock& clock,
                                                 const v1::RecordCollegeDecision& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_RATIFICATION_H_
