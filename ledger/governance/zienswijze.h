// Rules for zienswijzen (the councils' views): a request names each
// council once and decision points the proposal has, with a deadline; each
// council asked submits once. A zienswijze after the deadline is recorded
// and marked late, never refused.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_ZIENSWIJZE_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_ZIENSWIJZE_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/clock.h"
#include "ledger/governance/attempt.h"
#include "ledger/governance/municipalities.h"

namespace besluitlog::ledger::governance {

// ZienswijzeRequested.
[[nodiscard]] absl::Status RequestZienswijze(Attempt& a, Municipalities& municipalities,
                                             const v1::RequestZienswijze& c);
// ZienswijzeSubmitted; `clock` gives the day when submitted_on is empty.
[[nodiscard]] absl::Status SubmitZienswijze(Attempt& a, Municipalities& municipalities,
                                            const Clock& clock, const v1::SubmitZienswijze& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_ZIENSWIJZE_H_
