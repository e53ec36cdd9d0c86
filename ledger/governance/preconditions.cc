#include "ledger/governance/preconditions.h"

#include "absl/strings/str_cat.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/command_fields.h"

namespace besluitlog::ledger::governance {

absl::Status Refuse(absl::string_view rule) { return absl::FailedPreconditionError(rule); }

absl::StatusOr<BodyState*> ExistingBody(Attempt& a, const std::string& id) {
  RETURN_IF_ERROR(RequireId("body_id", id));
  ASSIGN_OR_RETURN(BodyState * body, a.Body(id));
  if (!body->exists()) {
    return Refuse(absl::StrCat("no body \"", id, "\" has been established"));
  }
  return body;
}

absl::StatusOr<MeetingState*> ExistingMeeting(Attempt& a, const std::string& id) {
  RETURN_IF_ERROR(RequireId("meeting_id", id));
  ASSIGN_OR_RETURN(MeetingState * meeting, a.Meeting(id));
  if (!meeting->exists()) {
    return Refuse(absl::StrCat("no meeting \"", id, "\" has been scheduled"));
  }
  return meeting;
}

absl::StatusOr<ProposalState*> ExistingProposal(Attempt& a, const std::string& id) {
  RETURN_IF_ERROR(RequireId("proposal_id", id));
  ASSIGN_OR_RETURN(ProposalState * proposal, a.Proposal(id));
  if (!proposal->exists()) {
    return Refuse(absl::StrCat("no proposal \"", id, "\" has been submitted"));
  }
  return proposal;
}

absl::StatusOr<BodyState*> BodyOf(Attempt& a, const MeetingState& meeting) {
  return ExistingBody(a, meeting.scheduled.body_id());
}

absl::Status RequireNewBody(Attempt& a, const std::string& id, absl::string_view advice) {
  RETURN_IF_ERROR(RequireId("body_id", id));
  ASSIGN_OR_RETURN(BodyState * body, a.Body(id));
  if (body->exists()) {
    return Refuse(absl::StrCat("body \"", id, "\" is established already", advice));
  }
  return absl::OkStatus();
}

absl::Status RequireNewMeeting(Attempt& a, const std::string& id) {
  RETURN_IF_ERROR(RequireId("meeting_id", id));
  ASSIGN_OR_RETURN(MeetingState * meeting, a.Meeting(id));
  if (meeting->exists()) {
    return Refuse(absl::StrCat("meeting \"", id, "\" is scheduled already"));
  }
  return absl::OkStatus();
}

absl::Status RequireNewProposal(Attempt& a, const std::string& id) {
  RETURN_IF_ERROR(RequireId("proposal_id", id));
  ASSIGN_OR_RETURN(ProposalState * proposal, a.Proposal(id));
  if (proposal->exists()) {
    return Refuse(absl::StrCat("proposal \"", id, "\" has been submitted already"));
  }
  return absl::OkStatus();
}

absl::StatusOr<MeetingState*> MeetingOpenForBusiness(Attempt& a, const std::string& id) {
  ASSIGN_OR_RETURN(MeetingState * meeting, ExistingMeeting(a, id));
  if (meeting->status != MeetingState::Status::kOpen) {
    return Refuse(
        absl::StrCat("meeting \"", id, "\" is ",
                     meeting->status == MeetingState::Status::kClosed ? "closed" : "not open yet",
                     "; this is only recorded while it is open"));
  }
  return meeting;
}

absl::StatusOr<MeetingState*> UnclosedMeeting(Attempt& a, const std::string& id) {
  ASSIGN_OR_RETURN(MeetingState * meeting, ExistingMeeting(a, id));
  RETURN_IF_ERROR(RequireNotClosed(*meeting, id));
  return meeting;
}

absl::Status RequireNotClosed(const MeetingState& meeting, const std::string& id) {
  if (meeting.status == MeetingState::Status::kClosed) {
    return Refuse(absl::StrCat("meeting \"", id, "\" is closed"));
  }
  return absl::OkStatus();
}

absl::StatusOr<const AgendaItemState*> AgendaItem(const MeetingState& meeting,
                                                  const std::string& meeting_id,
                                                  const std::string& item_id) {
  auto item = meeting.items.find(item_id);
  if (item == meeting.items.end()) {
    return Refuse(absl::StrCat("item \"", item_id, "\" is not on the agenda of meeting \"",
                               meeting_id, "\""));
  }
  return &item->second;
}

absl::Status RequireNoItem(const MeetingState& meeting, const std::string& meeting_id,
                           const std::string& item_id) {
  if (meeting.items.count(item_id) > 0) {
    return Refuse(
        absl::StrCat("meeting \"", meeting_id, "\" has an item \"", item_id, "\" already"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ProposalState*> UndecidedProposal(Attempt& a, const std::string& id) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, id));
  if (proposal->withdrawn) {
    return Refuse(absl::StrCat("proposal \"", id, "\" has been withdrawn"));
  }
  if (!proposal->decisions.empty()) {
    return Refuse(absl::StrCat("proposal \"", id,
                               "\" has been decided on; a decision is never rewritten, submit a "
                               "new proposal instead"));
  }
  return proposal;
}

absl::Status RequireNotWithdrawn(const ProposalState& proposal) {
  if (proposal.withdrawn) return Refuse("the proposal on this item has been withdrawn");
  return absl::OkStatus();
}

absl::Status RequirePoint(const ProposalState& proposal, const std::string& proposal_id,
                          uint32_t number) {
  if (proposal.Point(number) == nullptr) {
    return Refuse(absl::StrCat("proposal \"", proposal_id, "\" has no decision point ", number));
  }
  return absl::OkStatus();
}

absl::Status RequireSitsAt(const BodyState& body, const std::string& member_id,
                           const MemberState& member, const MeetingState& meeting) {
  if (!member.from_date.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const absl::CivilDay day, core::ParseDate("date", meeting.scheduled.date()));
  if (member.SitsOn(day)) return absl::OkStatus();
  return Refuse(absl::StrCat("member \"", member_id, "\" sits in body \"", body.body_id, "\" from ",
                             core::FormatDate(*member.from_date), ", after the meeting of ",
                             meeting.scheduled.date(),
                             "; they attend, vote and send a substitute only at meetings held "
                             "from that date on"));
}

absl::Status RequireSittingMember(const BodyState& body, const std::string& member_id) {
  if (body.ActiveMember(member_id) == nullptr) {
    return Refuse(
        absl::StrCat("\"", member_id, "\" is not a sitting member of \"", body.body_id, "\""));
  }
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
