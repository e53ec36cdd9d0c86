// Rules for proposals and the agenda (streams "proposal/<id>" and
// "meeting/<id>"): a proposal is submitted to an existing body with
// numbered decision points and checksummed documents; it changes (amended,
// withdrawn) only until it is decided on; it reaches a meeting's agenda
// only in a meeting of the body it was submitted to (other bodies get it
// by escalation), put there by a sitting member, or for a body whose
// agenda comes in through another body (agenda_via) by that body.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_PROPOSALS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_PROPOSALS_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/governance/attempt.h"

namespace besluitlog::ledger::governance {

// ProposalSubmitted.
[[nodiscard]] absl::Status SubmitProposal(Attempt& a, const v1::SubmitProposal& c);
// ProposalAmended.
[[nodiscard]] absl::Status AmendProposal(Attempt& a, const v1::AmendProposal& c);
// ProposalWithdrawn.
[[nodiscard]] absl::Status WithdrawProposal(Attempt& a, const v1::WithdrawProposal& c);
// AgendaItemAdded, in the meeting's stream.
[[nodiscard]] absl::Status AddAgendaItem(Attempt& a, const v1::AddAgendaItem& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_PROPOSALS_H_
