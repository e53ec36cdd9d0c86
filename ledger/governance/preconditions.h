// The preconditions many governance commands share, each checked in one
// place so that every command refuses the same situation with the same
// words: that a body, meeting or proposal exists (or, to create one, does
// not yet), that a meeting is open or not closed, that an item is on a
// meeting's agenda, that a proposal can still change, that a member sits.
//
// A refusal is FAILED_PRECONDITION with a message that names what is
// missing (Refuse); a malformed id is INVALID_ARGUMENT (command_fields.h).
// Functions that take an Attempt load what they look at into it, so the
// command is appended only if those streams are unchanged.
//
// Thread-compatible, like the Attempt they read.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_PRECONDITIONS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_PRECONDITIONS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ledger/governance/attempt.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

// A rule or the current state forbids the command: FAILED_PRECONDITION
// with `rule` as the message.
[[nodiscard]] absl::Status Refuse(absl::string_view rule);

// A member appointed from a date sits only at meetings held on or after it:
// FAILED_PRECONDITION naming the member, that date and the meeting's date
// otherwise. `member` is `member_id`'s state in `body`.
[[nodiscard]] absl::Status RequireSitsAt(const BodyState& body, const std::string& member_id,
                                         const MemberState& member, const MeetingState& meeting);

// Things that must exist. Each checks the id first (RequireId).
[[nodiscard]] absl::StatusOr<BodyState*> ExistingBody(Attempt& a, const std::string& id);
[[nodiscard]] absl::StatusOr<MeetingState*> ExistingMeeting(Attempt& a, const std::string& id);
[[nodiscard]] absl::StatusOr<ProposalState*> ExistingProposal(Attempt& a, const std::string& id);
// The body whose meeting `meeting` is.
[[nodiscard]] absl::StatusOr<BodyState*> BodyOf(Attempt& a, const MeetingState& meeting);

// Things about to be created: a well-formed id that is not taken. `advice`
// is appended to the refusal (e.g. "; change it instead").
[[nodiscard]] absl::Status RequireNewBody(Attempt& a, const std::string& id,
                                          absl::string_view advice = "");
[[nodiscard]] absl::Status RequireNewMeeting(Attempt& a, const std::string& id);
[[nodiscard]] absl::Status RequireNewProposal(Attempt& a, const std::string& id);

// A meeting that is open for business: votes, decisions, minutes, closing.
[[nodiscard]] absl::StatusOr<MeetingState*> MeetingOpenForBusiness(Attempt& a,
                                                                   const std::string& id);
// A meeting that is scheduled or open: attendance, substitutes, agenda.
[[nodiscard]] absl::StatusOr<MeetingState*> UnclosedMeeting(Attempt& a, const std::string& id);
// The same check on a meeting already loaded (`id` is its id).
[[nodiscard]] absl::Status RequireNotClosed(const MeetingState& meeting, const std::string& id);

// Item `item_id` of the agenda of meeting `meeting_id`.
[[nodiscard]] absl::StatusOr<const AgendaItemState*> AgendaItem(const MeetingState& meeting,
                                                                const std::string& meeting_id,
                                                                const std::string& item_id);
// Item ids are unique within a meeting.
[[nodiscard]] absl::Status RequireNoItem(const MeetingState& meeting, const std::string& meeting_id,
                                         const std::string& item_id);

// A proposal that can still change: not withdrawn, not decided on.
[[nodiscard]] absl::StatusOr<ProposalState*> UndecidedProposal(Attempt& a, const std::string& id);
// The proposal on an agenda item has not been withdrawn.
[[nodiscard]] absl::Status RequireNotWithdrawn(const ProposalState& proposal);
// Proposal `proposal_id` has decision point `number`.
[[nodiscard]] absl::Status RequirePoint(const ProposalState& proposal,
                                        const std::string& proposal_id, uint32_t number);

// `member_id` sits in `body` now (appointed and not resigned).
[[nodiscard]] absl::Status RequireSittingMember(const BodyState& body,
                                                const std::string& member_id);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_PRECONDITIONS_H_
