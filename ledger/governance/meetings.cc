#include "ledger/governance/meetings.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

namespace {

// A member's own vote or objection (`acts`, keyed by point and seat) on
// item `item_id` that stands, as a refusal to record them absent; `act`
// names it ("vote") and `acted` what they did ("voted").
template <typename Acts>
absl::Status CheckNoStandingAct(const Acts& acts, const std::string& item_id,
                                const std::string& member_id, absl::string_view act,
                                absl::string_view acted) {
  for (const auto& [seat, recorded] : acts) {
    if (seat.second == member_id && recorded.voter_id() == member_id) {
      return Refuse(absl::StrCat("attendance rule: \"", member_id,
                                 "\" cannot be recorded absent while their ", act,
                                 " stands on point ", seat.first, " of item \"", item_id,
                                 "\", which is not decided yet: a member who ", acted,
                                 " was present. Record them absent after the decision on that "
                                 "item, if they left"));
    }
  }
  return absl::OkStatus();
}

// Attendance changing after a vote: a member whose own vote or objection
// stands on an item not yet decided cannot be recorded absent, since the
// vote would then be cast by someone not present. Once the item is
// decided the member may leave (be recorded absent): the decision keeps
// the counts it was taken with, and later items count them absent.
absl::Status CheckNoStandingVote(Attempt& a, const MeetingState& meeting,
                                 const std::string& meeting_id, const std::string& member_id) {
  for (const auto& [item_id, item] : meeting.items) {
    ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, item.added.proposal_id()));
    if (proposal->withdrawn || proposal->DecisionIn(meeting_id, item_id) != nullptr) {
      continue;
    }
    RETURN_IF_ERROR(CheckNoStandingAct(item.votes, item_id, member_id, "vote", "voted"));
    RETURN_IF_ERROR(
        CheckNoStandingAct(item.objections, item_id, member_id, "objection", "objected"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ScheduleMeeting(Attempt& a, const v1::ScheduleMeeting& c) {
  RETURN_IF_ERROR(RequireNewMeeting(a, c.meeting_id()));
  RETURN_IF_ERROR(core::ParseDate("date", c.date()).status());
  RETURN_IF_ERROR(ExistingBody(a, c.body_id()).status());
  v1::GovernanceEvent event;
  v1::MeetingScheduled* scheduled = event.mutable_meeting_scheduled();
  scheduled->set_meeting_id(c.meeting_id());
  scheduled->set_body_id(c.body_id());
  scheduled->set_date(c.date());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status OpenMeeting(Attempt& a, const Clock& clock, const v1::OpenMeeting& c) {
  ASSIGN_OR_RETURN(MeetingState * meeting, ExistingMeeting(a, c.meeting_id()));
  if (meeting->status != MeetingState::Status::kScheduled) {
    return Refuse(absl::StrCat("meeting \"", c.meeting_id(), "\" has been opened already"));
  }
  // A meeting's acts (attendance, votes, decisions) carry its scheduled
  // date, so it can only sit once that day has come: otherwise a decision
  // would be dated, and published, before it was taken.
  ASSIGN_OR_RETURN(absl::CivilDay day, core::ParseDate("date", meeting->scheduled.date()));
  ASSIGN_OR_RETURN(absl::CivilDay today, core::DayInAmsterdam(clock.Now()));
  if (day > today) {
    return Refuse(absl::StrCat(
        "meeting rule: meeting \"", c.meeting_id(), "\" is scheduled for ", core::FormatDate(day),
        " and can be opened on or after that day, not before: today is ", core::FormatDate(today),
        " (Europe/Amsterdam). Open it on ", core::FormatDate(day),
        "; a scheduled meeting cannot be moved or cancelled, so if it meets on another day "
        "schedule a meeting with a new meeting_id for that day and leave this one unopened"));
  }
  v1::GovernanceEvent event;
  event.mutable_meeting_opened()->set_meeting_id(c.meeting_id());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status CloseMeeting(Attempt& a, const v1::CloseMeeting& c) {
  RETURN_IF_ERROR(MeetingOpenForBusiness(a, c.meeting_id()).status());
  v1::GovernanceEvent event;
  event.mutable_meeting_closed()->set_meeting_id(c.meeting_id());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status RecordAttendance(Attempt& a, const v1::RecordAttendance& c) {
  ASSIGN_OR_RETURN(MeetingState * meeting, UnclosedMeeting(a, c.meeting_id()));
  ASSIGN_OR_RETURN(BodyState * body, BodyOf(a, *meeting));
  RETURN_IF_ERROR(RequireSittingMember(*body, c.member_id()));
  if (c.present()) {
    RETURN_IF_ERROR(
        RequireSitsAt(*body, c.member_id(), *body->ActiveMember(c.member_id()), *meeting));
    if (auto sub = meeting->substitutes.find(c.member_id()); sub != meeting->substitutes.end()) {
      return Refuse(absl::StrCat("substitute rule: \"", c.member_id(), "\" sent \"",
                                 sub->second.substitute_id(),
                                 "\" as substitute to this meeting, who holds the seat; a "
                                 "substitute sits in place of the member, never both"));
    }
  } else {
    RETURN_IF_ERROR(CheckNoStandingVote(a, *meeting, c.meeting_id(), c.member_id()));
  }
  v1::GovernanceEvent event;
  v1::AttendanceRecorded* attendance = event.mutable_attendance_recorded();
  attendance->set_meeting_id(c.meeting_id());
  attendance->set_member_id(c.member_id());
  attendance->set_present(c.present());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status NameSubstitute(Attempt& a, const v1::NameSubstitute& c) {
  ASSIGN_OR_RETURN(MeetingState * meeting, UnclosedMeeting(a, c.meeting_id()));
  ASSIGN_OR_RETURN(BodyState * body, BodyOf(a, *meeting));
  const MemberState* member = body->ActiveMember(c.member_id());
  if (member == nullptr || !member->Votes()) {
    return Refuse(absl::StrCat("only a sitting voting member of \"", body->body_id,
                               "\" can send a substitute; \"", c.member_id(), "\" is not one"));
  }
  RETURN_IF_ERROR(RequireSitsAt(*body, c.member_id(), *member, *meeting));
  RETURN_IF_ERROR(RequireId("substitute_id", c.substitute_id()));
  RETURN_IF_ERROR(RequireText("substitute_name", c.substitute_name()));
  if (body->ActiveMember(c.substitute_id()) != nullptr) {
    return Refuse(absl::StrCat("\"", c.substitute_id(), "\" sits in \"", body->body_id,
                               "\" already and cannot hold a second seat"));
  }
  for (const auto& [absent_member, named] : meeting->substitutes) {
    if (named.substitute_id() == c.substitute_id()) {
      return Refuse(absl::StrCat("substitute rule: \"", c.substitute_id(), "\" substitutes for \"",
                                 absent_member,
                                 "\" at this meeting already; one person holds one seat, so name "
                                 "someone else for \"",
                                 c.member_id(), "\""));
    }
  }
  if (meeting->substitutes.count(c.member_id()) > 0) {
    return Refuse(absl::StrCat("\"", c.member_id(),
                               "\" has named a substitute for this meeting "
                               "already"));
  }
  if (meeting->RecordedPresent(c.member_id())) {
    return Refuse(absl::StrCat("substitute rule: \"", c.member_id(),
                               "\" is recorded present at this meeting; a substitute is named for "
                               "a member who is absent (record them absent first if they left)"));
  }
  for (const auto& [id, item] : meeting->items) {
    for (const auto& [seat, vote] : item.votes) {
      if (seat.second == c.member_id()) {
        return Refuse(absl::StrCat("\"", c.member_id(),
                                   "\" has voted in this meeting already; a substitute votes in "
                                   "place of the member, never both"));
      }
    }
  }
  if (body->config.requires_legal_authorisation() && !c.legally_authorised()) {
    return Refuse(absl::StrCat("legal authorisation rule: a substitute in ", body->config.name(),
                               " must be able to represent the member and be legally authorised"));
  }
  v1::GovernanceEvent event;
  v1::SubstituteNamed* named = event.mutable_substitute_named();
  named->set_meeting_id(c.meeting_id());
  named->set_member_id(c.member_id());
  named->set_substitute_id(c.substitute_id());
  named->set_substitute_name(c.substitute_name());
  named->set_legally_authorised(c.legally_authorised());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status AdoptMinutes(Attempt& a, const v1::AdoptMinutes& c) {
  ASSIGN_OR_RETURN(MeetingState * adopting, MeetingOpenForBusiness(a, c.meeting_id()));
  ASSIGN_OR_RETURN(MeetingState * minuted, ExistingMeeting(a, c.minutes_of_meeting_id()));
  if (minuted->scheduled.body_id() != adopting->scheduled.body_id()) {
    return Refuse("a body adopts the minutes of its own meetings only");
  }
  if (minuted->status != MeetingState::Status::kClosed) {
    return Refuse(absl::StrCat("meeting \"", c.minutes_of_meeting_id(),
                               "\" must be closed before its minutes are "
                               "adopted"));
  }
  if (minuted->minutes_adopted) {
    return Refuse(absl::StrCat("the minutes of \"", c.minutes_of_meeting_id(),
                               "\" have been adopted already"));
  }
  v1::DocumentRef document = c.document();
  if (!document.name().empty()) {
    google::protobuf::RepeatedPtrField<v1::DocumentRef> documents;
    *documents.Add() = document;
    RETURN_IF_ERROR(ValidateDocuments(documents));
  }
  v1::GovernanceEvent event;
  v1::MinutesAdopted* adopted = event.mutable_minutes_adopted();
  adopted->set_meeting_id(c.meeting_id());
  adopted->set_minutes_of_meeting_id(c.minutes_of_meeting_id());
  *adopted->mutable_document() = document;
  a.Emit(core::MeetingStream(c.minutes_of_meeting_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
