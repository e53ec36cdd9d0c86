// The dispatcher: hands one governance command to the rule that decides its
// kind (one function per command, in the file of its aggregate).
//
// Pure routing; thread-compatible, like the Attempt it fills.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_DISPATCHER_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_DISPATCHER_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/clock.h"
#include "ledger/governance/attempt.h"
#include "ledger/governance/municipalities.h"

namespace besluitlog::ledger::governance {

// The refusal of a command whose oneof is not set (INVALID_ARGUMENT).
inline constexpr char kNoAct[] = "the command names no act";

// Decides `command` on the state read through `attempt`, emitting its
// events there; `clock` gives "today" to the rules that need it. The
// refusals are those of the rule (see its header), or kNoAct.
[[nodiscard]] absl::Status Dispatch(Attempt& attempt, const Clock& clock,
                                    Municipalities& municipalities,
                                    const v1::GovernanceCommand& command);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_DISPATCHER_H_
