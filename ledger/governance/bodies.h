// Rules for bodies and their members (stream "body/<id>"): a body is
// established once and its configuration names only bodies that exist
// (agenda_via excepted: the SBO's items come through the ORO, established
// later); members are appointed once while sitting, voting members of a
// body that requires it must be legally authorised; only a sitting member
// resigns; a hand-over goes from a (former) member to a sitting one.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_BODIES_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_BODIES_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/governance/attempt.h"

namespace besluitlog::ledger::governance {

// BodyEstablished, with its configuration.
[[nodiscard]] absl::Status EstablishBody(Attempt& a, const v1::EstablishBody& c);
// BodyChanged: a new configuration for an existing body.
[[nodiscard]] absl::Status ChangeBody(Attempt& a, const v1::ChangeBody& c);
// MemberAppointed.
[[nodiscard]] absl::Status AppointMember(Attempt& a, const v1::AppointMember& c);
// MemberResigned.
[[nodiscard]] absl::Status ResignMember(Attempt& a, const v1::ResignMember& c);
// HandoverNoted.
[[nodiscard]] absl::Status NoteHandover(Attempt& a, const v1::NoteHandover& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_BODIES_H_
