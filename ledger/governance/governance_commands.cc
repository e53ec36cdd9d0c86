#include "ledger/governance/governance_commands.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/civil_date.h"
#include "ledger/decision_rules.h"
#include "ledger/governance_codec.h"
#include "ledger/governance_state.h"
#include "ledger/governance/attempt.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/status_macros.h"

namespace besluitlog::ledger::governance {
namespace {

constexpr char kNoAct[] = "the command names no act";

// "point 2" or "points 2, 3".
std::string PointsText(const std::set<uint32_t>& points) {
  return absl::StrCat(points.size() == 1 ? "point " : "points ",
                      absl::StrJoin(points, ", "));
}

const char* RoleName(v1::Role role) {
  switch (role) {
    case v1::ADVISEUR:
      return "an adviser";
    case v1::SECRETARIS:
      return "the secretary";
    default:
      return "a member";
  }
}

// Decides each command; one function per command, named after it.
class Decider {
 public:
  Decider(Attempt& a, const Clock& clock) : a_(a), clock_(clock) {}

  absl::Status Decide(const v1::GovernanceCommand& command) {
    switch (command.command_case()) {
      case v1::GovernanceCommand::kEstablishBody:
        return EstablishBody(command.establish_body());
      case v1::GovernanceCommand::kChangeBody:
        return ChangeBody(command.change_body());
      case v1::GovernanceCommand::kAppointMember:
        return AppointMember(command.appoint_member());
      case v1::GovernanceCommand::kResignMember:
        return ResignMember(command.resign_member());
      case v1::GovernanceCommand::kNoteHandover:
        return NoteHandover(command.note_handover());
      case v1::GovernanceCommand::kScheduleMeeting:
        return ScheduleMeeting(command.schedule_meeting());
      case v1::GovernanceCommand::kOpenMeeting:
        return OpenMeeting(command.open_meeting());
      case v1::GovernanceCommand::kCloseMeeting:
        return CloseMeeting(command.close_meeting());
      case v1::GovernanceCommand::kRecordAttendance:
        return RecordAttendance(command.record_attendance());
      case v1::GovernanceCommand::kNameSubstitute:
        return NameSubstitute(command.name_substitute());
      case v1::GovernanceCommand::kAdoptMinutes:
        return AdoptMinutes(command.adopt_minutes());
      case v1::GovernanceCommand::kSubmitProposal:
        return SubmitProposal(command.submit_proposal());
      case v1::GovernanceCommand::kAmendProposal:
        return AmendProposal(command.amend_proposal());
      case v1::GovernanceCommand::kWithdrawProposal:
        return WithdrawProposal(command.withdraw_proposal());
      case v1::GovernanceCommand::kAddAgendaItem:
        return AddAgendaItem(command.add_agenda_item());
      case v1::GovernanceCommand::kCastVote:
        return CastVote(command.cast_vote());
      case v1::GovernanceCommand::kRecordObjection:
        return RecordObjection(command.record_objection());
      case v1::GovernanceCommand::kTakeDecision:
        return TakeDecision(command.take_decision());
      case v1::GovernanceCommand::kRaiseEscalation:
        return RaiseEscalation(command.raise_escalation());
      case v1::GovernanceCommand::kResolveEscalation:
        return ResolveEscalation(command.resolve_escalation());
      case v1::GovernanceCommand::kRequestRatification:
        return RequestRatification(command.request_ratification());
      case v1::GovernanceCommand::kRecordCollegeDecision:
        return RecordCollegeDecision(command.record_college_decision());
      case v1::GovernanceCommand::kRequestZienswijze:
        return RequestZienswijze(command.request_zienswijze());
      case v1::GovernanceCommand::kSubmitZienswijze:
        return SubmitZienswijze(command.submit_zienswijze());
      case v1::GovernanceCommand::kEstablishWorkingGroup:
        return EstablishWorkingGroup(command.establish_working_group());
      case v1::GovernanceCommand::kReportWorkingGroup:
        return ReportWorkingGroup(command.report_working_group());
      default:
        return absl::InvalidArgumentError(kNoAct);
    }
  }

 private:
  // ------------------------------------------------------------ bodies

  absl::Status ValidateConfig(const v1::BodyConfig& config) {
    RETURN_IF_ERROR(RequireText("config.name", config.name()));
    if (!v1::BodyKind_IsValid(config.kind()) ||
        config.kind() == v1::BODY_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError("config.kind must name a kind of body");
    }
    if (!v1::DecisionRule_IsValid(config.decision_rule())) {
      return absl::InvalidArgumentError("config.decision_rule is not a known rule");
    }
    if (!v1::QuorumRule_IsValid(config.quorum_rule())) {
      return absl::InvalidArgumentError("config.quorum_rule is not a known rule");
    }
    // agenda_via may name a body established later: the SBO's items come
    // through the ORO, and the ORO escalates to the SBO.
    for (const std::string* linked :
         {&config.escalation_target(), &config.parent_body()}) {
      if (linked->empty()) continue;
      ASSIGN_OR_RETURN(BodyState * body, a_.Body(*linked));
      if (!body->exists()) {
        return Refuse(absl::StrCat("the configuration names body \"", *linked,
                                   "\", which has not been established"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status EstablishBody(const v1::EstablishBody& c) {
    RETURN_IF_ERROR(RequireNewBody(a_, c.body_id(), "; change it instead"));
    RETURN_IF_ERROR(ValidateConfig(c.config()));
    v1::GovernanceEvent event;
    event.mutable_body_established()->set_body_id(c.body_id());
    *event.mutable_body_established()->mutable_config() = c.config();
    a_.Emit(BodyStream(c.body_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status ChangeBody(const v1::ChangeBody& c) {
    RETURN_IF_ERROR(ExistingBody(a_, c.body_id()).status());
    RETURN_IF_ERROR(ValidateConfig(c.config()));
    v1::GovernanceEvent event;
    event.mutable_body_changed()->set_body_id(c.body_id());
    *event.mutable_body_changed()->mutable_config() = c.config();
    a_.Emit(BodyStream(c.body_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status AppointMember(const v1::AppointMember& c) {
    ASSIGN_OR_RETURN(BodyState * body, ExistingBody(a_, c.body_id()));
    RETURN_IF_ERROR(RequireId("member_id", c.member_id()));
    RETURN_IF_ERROR(RequireText("name", c.name()));
    if (c.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(c.role())) {
      return absl::InvalidArgumentError(
          "role must be LID, VOORZITTER, ADVISEUR or SECRETARIS");
    }
    if (c.side() == v1::SIDE_UNSPECIFIED || !v1::Side_IsValid(c.side())) {
      return absl::InvalidArgumentError(
          "side must be GEMEENTEN, COMBINATIES or NEUTRAL");
    }
    if (body->ActiveMember(c.member_id()) != nullptr) {
      return Refuse(absl::StrCat("\"", c.member_id(), "\" is a member of \"",
                                 c.body_id(), "\" already"));
    }
    const bool votes = c.role() == v1::LID || c.role() == v1::VOORZITTER;
    if (votes && body->config.requires_legal_authorisation() &&
        !c.legally_authorised()) {
      return Refuse(absl::StrCat(
          "legal authorisation rule: members of ", body->config.name(),
          " must be demonstrably legally authorised to represent whom they "
          "represent; \"",
          c.member_id(), "\" is not marked legally_authorised"));
    }
    v1::GovernanceEvent event;
    v1::MemberAppointed* appointed = event.mutable_member_appointed();
    appointed->set_body_id(c.body_id());
    appointed->set_member_id(c.member_id());
    appointed->set_name(c.name());
    appointed->set_role(c.role());
    appointed->set_side(c.side());
    appointed->set_represents(c.represents());
    appointed->set_legally_authorised(c.legally_authorised());
    a_.Emit(BodyStream(c.body_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status ResignMember(const v1::ResignMember& c) {
    ASSIGN_OR_RETURN(BodyState * body, ExistingBody(a_, c.body_id()));
    RETURN_IF_ERROR(RequireSittingMember(*body, c.member_id()));
    v1::GovernanceEvent event;
    event.mutable_member_resigned()->set_body_id(c.body_id());
    event.mutable_member_resigned()->set_member_id(c.member_id());
    a_.Emit(BodyStream(c.body_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status NoteHandover(const v1::NoteHandover& c) {
    ASSIGN_OR_RETURN(BodyState * body, ExistingBody(a_, c.body_id()));
    if (body->members.count(c.from_member_id()) == 0) {
      return Refuse(absl::StrCat("\"", c.from_member_id(),
                                 "\" has never been a member of \"",
                                 c.body_id(), "\""));
    }
    if (body->ActiveMember(c.to_member_id()) == nullptr) {
      return Refuse(absl::StrCat(
          "a handover goes to a sitting member; appoint \"", c.to_member_id(),
          "\" first"));
    }
    v1::GovernanceEvent event;
    v1::HandoverNoted* noted = event.mutable_handover_noted();
    noted->set_body_id(c.body_id());
    noted->set_from_member_id(c.from_member_id());
    noted->set_to_member_id(c.to_member_id());
    noted->set_notes(c.notes());
    a_.Emit(BodyStream(c.body_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ meetings

  absl::Status ScheduleMeeting(const v1::ScheduleMeeting& c) {
    RETURN_IF_ERROR(RequireNewMeeting(a_, c.meeting_id()));
    RETURN_IF_ERROR(ParseDate("date", c.date()).status());
    RETURN_IF_ERROR(ExistingBody(a_, c.body_id()).status());
    v1::GovernanceEvent event;
    v1::MeetingScheduled* scheduled = event.mutable_meeting_scheduled();
    scheduled->set_meeting_id(c.meeting_id());
    scheduled->set_body_id(c.body_id());
    scheduled->set_date(c.date());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status OpenMeeting(const v1::OpenMeeting& c) {
    ASSIGN_OR_RETURN(MeetingState * meeting, ExistingMeeting(a_, c.meeting_id()));
    if (meeting->status != MeetingState::Status::kScheduled) {
      return Refuse(absl::StrCat("meeting \"", c.meeting_id(),
                                 "\" has been opened already"));
    }
    v1::GovernanceEvent event;
    event.mutable_meeting_opened()->set_meeting_id(c.meeting_id());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status CloseMeeting(const v1::CloseMeeting& c) {
    RETURN_IF_ERROR(MeetingOpenForBusiness(a_, c.meeting_id()).status());
    v1::GovernanceEvent event;
    event.mutable_meeting_closed()->set_meeting_id(c.meeting_id());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status RecordAttendance(const v1::RecordAttendance& c) {
    ASSIGN_OR_RETURN(MeetingState * meeting, UnclosedMeeting(a_, c.meeting_id()));
    ASSIGN_OR_RETURN(BodyState * body, BodyOf(a_, *meeting));
    RETURN_IF_ERROR(RequireSittingMember(*body, c.member_id()));
    if (c.present()) {
      if (auto sub = meeting->substitutes.find(c.member_id());
          sub != meeting->substitutes.end()) {
        return Refuse(absl::StrCat(
            "substitute rule: \"", c.member_id(), "\" sent \"",
            sub->second.substitute_id(),
            "\" as substitute to this meeting, who holds the seat; a "
            "substitute sits in place of the member, never both"));
      }
    } else {
      RETURN_IF_ERROR(CheckNoStandingVote(*meeting, c.meeting_id(), c.member_id()));
    }
    v1::GovernanceEvent event;
    v1::AttendanceRecorded* attendance = event.mutable_attendance_recorded();
    attendance->set_meeting_id(c.meeting_id());
    attendance->set_member_id(c.member_id());
    attendance->set_present(c.present());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  // Attendance changing after a vote: a member whose own vote or objection
  // stands on an item not yet decided cannot be recorded absent, since the
  // vote would then be cast by someone not present. Once the item is
  // decided the member may leave (be recorded absent): the decision keeps
  // the counts it was taken with, and later items count them absent.
  absl::Status CheckNoStandingVote(const MeetingState& meeting,
                                   const std::string& meeting_id,
                                   const std::string& member_id) {
    for (const auto& [item_id, item] : meeting.items) {
      ASSIGN_OR_RETURN(ProposalState * proposal,
                       ExistingProposal(a_, item.added.proposal_id()));
      if (proposal->withdrawn ||
          proposal->DecisionIn(meeting_id, item_id) != nullptr) {
        continue;
      }
      for (const auto& [seat, vote] : item.votes) {
        if (seat.second == member_id && vote.voter_id() == member_id) {
          return Refuse(absl::StrCat(
              "attendance rule: \"", member_id,
              "\" cannot be recorded absent while their vote stands on point ",
              seat.first, " of item \"", item_id,
              "\", which is not decided yet: a member who voted was present. "
              "Record them absent after the decision on that item, if they "
              "left"));
        }
      }
      for (const auto& [seat, objection] : item.objections) {
        if (seat.second == member_id && objection.voter_id() == member_id) {
          return Refuse(absl::StrCat(
              "attendance rule: \"", member_id,
              "\" cannot be recorded absent while their objection stands on "
              "point ", seat.first, " of item \"", item_id,
              "\", which is not decided yet: a member who objected was "
              "present. Record them absent after the decision on that item, "
              "if they left"));
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status NameSubstitute(const v1::NameSubstitute& c) {
    ASSIGN_OR_RETURN(MeetingState * meeting, UnclosedMeeting(a_, c.meeting_id()));
    ASSIGN_OR_RETURN(BodyState * body, BodyOf(a_, *meeting));
    const MemberState* member = body->ActiveMember(c.member_id());
    if (member == nullptr || !member->Votes()) {
      return Refuse(absl::StrCat(
          "only a sitting voting member of \"", body->body_id,
          "\" can send a substitute; \"", c.member_id(), "\" is not one"));
    }
    RETURN_IF_ERROR(RequireId("substitute_id", c.substitute_id()));
    RETURN_IF_ERROR(RequireText("substitute_name", c.substitute_name()));
    if (body->ActiveMember(c.substitute_id()) != nullptr) {
      return Refuse(absl::StrCat("\"", c.substitute_id(),
                                 "\" sits in \"", body->body_id,
                                 "\" already and cannot hold a second seat"));
    }
    if (meeting->substitutes.count(c.member_id()) > 0) {
      return Refuse(absl::StrCat("\"", c.member_id(),
                                 "\" has named a substitute for this meeting "
                                 "already"));
    }
    if (meeting->RecordedPresent(c.member_id())) {
      return Refuse(absl::StrCat(
          "substitute rule: \"", c.member_id(),
          "\" is recorded present at this meeting; a substitute is named for "
          "a member who is absent (record them absent first if they left)"));
    }
    for (const auto& [id, item] : meeting->items) {
      for (const auto& [seat, vote] : item.votes) {
        if (seat.second == c.member_id()) {
          return Refuse(absl::StrCat(
              "\"", c.member_id(),
              "\" has voted in this meeting already; a substitute votes in "
              "place of the member, never both"));
        }
      }
    }
    if (body->config.requires_legal_authorisation() && !c.legally_authorised()) {
      return Refuse(absl::StrCat(
          "legal authorisation rule: a substitute in ", body->config.name(),
          " must be able to represent the member and be legally authorised"));
    }
    v1::GovernanceEvent event;
    v1::SubstituteNamed* named = event.mutable_substitute_named();
    named->set_meeting_id(c.meeting_id());
    named->set_member_id(c.member_id());
    named->set_substitute_id(c.substitute_id());
    named->set_substitute_name(c.substitute_name());
    named->set_legally_authorised(c.legally_authorised());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status AdoptMinutes(const v1::AdoptMinutes& c) {
    ASSIGN_OR_RETURN(MeetingState * adopting, MeetingOpenForBusiness(a_, c.meeting_id()));
    ASSIGN_OR_RETURN(MeetingState * minuted,
                     ExistingMeeting(a_, c.minutes_of_meeting_id()));
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
    a_.Emit(MeetingStream(c.minutes_of_meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ proposals

  absl::Status SubmitProposal(const v1::SubmitProposal& c) {
    RETURN_IF_ERROR(RequireNewProposal(a_, c.proposal_id()));
    RETURN_IF_ERROR(ExistingBody(a_, c.body_id()).status());
    RETURN_IF_ERROR(RequireText("title", c.title()));
    RETURN_IF_ERROR(RequireText("submitted_by", c.submitted_by()));
    RETURN_IF_ERROR(ValidateDecisionPoints(c.decision_points()));
    RETURN_IF_ERROR(ValidateDocuments(c.documents()));
    v1::GovernanceEvent event;
    v1::ProposalSubmitted* submitted = event.mutable_proposal_submitted();
    submitted->set_proposal_id(c.proposal_id());
    submitted->set_body_id(c.body_id());
    submitted->set_title(c.title());
    submitted->set_text(c.text());
    *submitted->mutable_decision_points() = c.decision_points();
    *submitted->mutable_documents() = c.documents();
    submitted->set_submitted_by(c.submitted_by());
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status AmendProposal(const v1::AmendProposal& c) {
    RETURN_IF_ERROR(UndecidedProposal(a_, c.proposal_id()).status());
    RETURN_IF_ERROR(RequireText("title", c.title()));
    RETURN_IF_ERROR(ValidateDecisionPoints(c.decision_points()));
    RETURN_IF_ERROR(ValidateDocuments(c.documents()));
    v1::GovernanceEvent event;
    v1::ProposalAmended* amended = event.mutable_proposal_amended();
    amended->set_proposal_id(c.proposal_id());
    amended->set_title(c.title());
    amended->set_text(c.text());
    *amended->mutable_decision_points() = c.decision_points();
    *amended->mutable_documents() = c.documents();
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status WithdrawProposal(const v1::WithdrawProposal& c) {
    RETURN_IF_ERROR(UndecidedProposal(a_, c.proposal_id()).status());
    v1::GovernanceEvent event;
    event.mutable_proposal_withdrawn()->set_proposal_id(c.proposal_id());
    event.mutable_proposal_withdrawn()->set_reason(c.reason());
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status AddAgendaItem(const v1::AddAgendaItem& c) {
    ASSIGN_OR_RETURN(MeetingState * meeting, UnclosedMeeting(a_, c.meeting_id()));
    RETURN_IF_ERROR(RequireId("item_id", c.item_id()));
    RETURN_IF_ERROR(RequireNoItem(*meeting, c.meeting_id(), c.item_id()));
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     UndecidedProposal(a_, c.proposal_id()));
    ASSIGN_OR_RETURN(BodyState * body, BodyOf(a_, *meeting));
    if (proposal->submitted.body_id() != body->body_id) {
      return Refuse(absl::StrCat(
          "proposal \"", c.proposal_id(), "\" was submitted to \"",
          proposal->submitted.body_id(), "\"; it reaches \"", body->body_id,
          "\" only by escalation"));
    }
    if (!body->config.agenda_via().empty()) {
      if (c.submitted_by() != body->config.agenda_via()) {
        return Refuse(absl::StrCat(
            "agenda rule: items for ", body->config.name(),
            " come in through \"", body->config.agenda_via(),
            "\" (\"Onderwerpen worden via het ORO aangedragen\"), not from \"",
            c.submitted_by(), "\""));
      }
    } else if (body->ActiveMember(c.submitted_by()) == nullptr) {
      return Refuse(absl::StrCat(
          "agenda rule: items for ", body->config.name(),
          " come from its own members and chair; \"", c.submitted_by(),
          "\" is not a sitting member"));
    }
    v1::GovernanceEvent event;
    v1::AgendaItemAdded* added = event.mutable_agenda_item_added();
    added->set_meeting_id(c.meeting_id());
    added->set_item_id(c.item_id());
    added->set_proposal_id(c.proposal_id());
    added->set_submitted_by(c.submitted_by());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ votes

  struct VoteContext {
    MeetingState* meeting;
    BodyState* body;
    ProposalState* proposal;
    const AgendaItemState* item;
    std::string seat;  // The member whose vote this is.
  };

  // Checks everything a vote or an objection needs: open meeting, item on
  // the agenda, undecided, a real decision point, a voter with a vote.
  absl::StatusOr<VoteContext> CheckVoter(const std::string& meeting_id,
                                         const std::string& item_id,
                                         uint32_t decision_point,
                                         const std::string& voter_id) {
    VoteContext v;
    ASSIGN_OR_RETURN(v.meeting, MeetingOpenForBusiness(a_, meeting_id));
    ASSIGN_OR_RETURN(v.item, AgendaItem(*v.meeting, meeting_id, item_id));
    ASSIGN_OR_RETURN(v.proposal, ExistingProposal(a_, v.item->added.proposal_id()));
    if (v.proposal->DecisionIn(meeting_id, item_id) != nullptr) {
      return Refuse(absl::StrCat("the decision on item \"", item_id,
                                 "\" has been taken; no more votes or "
                                 "objections are recorded on it"));
    }
    RETURN_IF_ERROR(RequireNotWithdrawn(*v.proposal));
    RETURN_IF_ERROR(
        RequirePoint(*v.proposal, v.proposal->submitted.proposal_id(), decision_point));
    const std::set<uint32_t> points = v.proposal->PointsDecidedBy(v.item->added);
    if (points.count(decision_point) == 0) {
      return Refuse(absl::StrCat(
          "item \"", item_id, "\" decides only ", PointsText(points),
          " (an escalated item decides the points that had no agreement); "
          "point ", decision_point, " is not decided here"));
    }
    ASSIGN_OR_RETURN(v.body, BodyOf(a_, *v.meeting));
    RETURN_IF_ERROR(RequireId("voter_id", voter_id));
    v.seat = v.meeting->SeatOf(voter_id);
    const MemberState* member = v.body->ActiveMember(v.seat);
    if (member == nullptr) {
      return Refuse(absl::StrCat("\"", voter_id,
                                 "\" is neither a sitting member of \"",
                                 v.body->body_id,
                                 "\" nor a substitute named for this meeting"));
    }
    if (!member->Votes()) {
      return Refuse(absl::StrCat(
          "\"", v.seat, "\" is ", RoleName(member->appointment.role()),
          " of ", v.body->config.name(),
          "; advisers and the secretary never vote"));
    }
    if (v.seat == voter_id) {
      if (auto sub = v.meeting->substitutes.find(v.seat);
          sub != v.meeting->substitutes.end()) {
        return Refuse(absl::StrCat(
            "\"", v.seat, "\" sent \"", sub->second.substitute_id(),
            "\" as substitute to this meeting; a substitute votes in place "
            "of the member, never both"));
      }
      if (!v.meeting->RecordedPresent(v.seat)) {
        return Refuse(absl::StrCat(
            "attendance rule: only members recorded present at meeting \"",
            meeting_id,
            "\" vote (or a substitute named for an absent member, in that "
            "seat); \"",
            voter_id, "\" ",
            v.meeting->attendance.count(v.seat) > 0
                ? "is recorded absent"
                : "has no attendance recorded: record their attendance first"));
      }
    }
    return v;
  }

  absl::Status CastVote(const v1::CastVote& c) {
    if (c.choice() == v1::VOTE_CHOICE_UNSPECIFIED ||
        !v1::VoteChoice_IsValid(c.choice())) {
      return absl::InvalidArgumentError("choice must be FOR, AGAINST or ABSTAIN");
    }
    ASSIGN_OR_RETURN(VoteContext v, CheckVoter(c.meeting_id(), c.item_id(),
                                               c.decision_point(), c.voter_id()));
    v1::GovernanceEvent event;
    v1::VoteCast* vote = event.mutable_vote_cast();
    vote->set_meeting_id(c.meeting_id());
    vote->set_item_id(c.item_id());
    vote->set_proposal_id(v.proposal->submitted.proposal_id());
    vote->set_decision_point(c.decision_point());
    vote->set_member_id(v.seat);
    vote->set_voter_id(c.voter_id());
    vote->set_choice(c.choice());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status RecordObjection(const v1::RecordObjection& c) {
    ASSIGN_OR_RETURN(VoteContext v, CheckVoter(c.meeting_id(), c.item_id(),
                                               c.decision_point(), c.voter_id()));
    v1::GovernanceEvent event;
    v1::ObjectionRecorded* objection = event.mutable_objection_recorded();
    objection->set_meeting_id(c.meeting_id());
    objection->set_item_id(c.item_id());
    objection->set_proposal_id(v.proposal->submitted.proposal_id());
    objection->set_decision_point(c.decision_point());
    objection->set_member_id(v.seat);
    objection->set_voter_id(c.voter_id());
    objection->set_reason(c.reason());
    a_.Emit(MeetingStream(c.meeting_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status TakeDecision(const v1::TakeDecision& c) {
    ASSIGN_OR_RETURN(MeetingState * meeting, MeetingOpenForBusiness(a_, c.meeting_id()));
    ASSIGN_OR_RETURN(const AgendaItemState* item,
                     AgendaItem(*meeting, c.meeting_id(), c.item_id()));
    const AgendaItemState& agenda_item = *item;
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     ExistingProposal(a_, agenda_item.added.proposal_id()));
    RETURN_IF_ERROR(RequireNotWithdrawn(*proposal));
    if (proposal->DecisionIn(c.meeting_id(), c.item_id()) != nullptr) {
      return Refuse(absl::StrCat("the decision on item \"", c.item_id(),
                                 "\" has been taken already"));
    }
    ASSIGN_OR_RETURN(BodyState * body, BodyOf(a_, *meeting));

    // An escalated item decides only the points that came without agreement.
    const std::set<uint32_t> points =
        proposal->PointsDecidedBy(agenda_item.added);

    // Only the seats filled at the meeting (member present, or a substitute
    // named) count, in every rule: as present, and with their votes.
    Tally base;
    std::set<std::string> filled_seats;
    for (const auto& [member_id, member] : body->members) {
      if (!member.Votes()) continue;
      ++base.voting_members;
      if (!meeting->SeatFilled(member_id)) continue;
      filled_seats.insert(member_id);
      ++base.voting_members_present;
      if (member.appointment.side() == v1::GEMEENTEN) ++base.gemeenten_present;
      if (member.appointment.side() == v1::COMBINATIES) {
        ++base.combinaties_present;
      }
    }

    v1::GovernanceEvent event;
    v1::DecisionTaken* decision = event.mutable_decision_taken();
    decision->set_meeting_id(c.meeting_id());
    decision->set_item_id(c.item_id());
    decision->set_proposal_id(proposal->submitted.proposal_id());
    decision->set_body_id(body->body_id);
    decision->set_rule(body->config.decision_rule());
    decision->set_quorum_rule(body->config.quorum_rule());
    decision->set_date(meeting->scheduled.date());
    for (uint32_t number : points) {
      Tally tally = base;
      for (const auto& [seat, vote] : agenda_item.votes) {
        if (seat.first != number || filled_seats.count(seat.second) == 0) {
          continue;
        }
        tally.votes_for += vote.choice() == v1::FOR;
        tally.votes_against += vote.choice() == v1::AGAINST;
        tally.abstentions += vote.choice() == v1::ABSTAIN;
      }
      for (const auto& [seat, objection] : agenda_item.objections) {
        if (seat.first == number && filled_seats.count(seat.second) > 0) {
          ++tally.objections;
        }
      }
      absl::StatusOr<v1::Outcome> outcome = DecideOutcome(
          body->config.decision_rule(), body->config.quorum_rule(), tally);
      if (!outcome.ok()) {
        return absl::Status(outcome.status().code(),
                            absl::StrCat(body->config.name(), ": ",
                                         outcome.status().message()));
      }
      v1::PointOutcome* result = decision->add_outcomes();
      result->set_decision_point(number);
      result->set_outcome(*outcome);
      result->set_votes_for(tally.votes_for);
      result->set_votes_against(tally.votes_against);
      result->set_abstentions(tally.abstentions);
      result->set_objections(tally.objections);
      result->set_voting_members_present(tally.voting_members_present);
      result->set_voting_members(tally.voting_members);
      // The SBO never decides in place of a College.
      const v1::DecisionPoint* point = proposal->Point(number);
      result->set_awaiting_ratification(
          *outcome == v1::ADOPTED && body->config.kind() == v1::SBO &&
          point != nullptr && point->changes_agreement());
    }
    a_.Emit(ProposalStream(proposal->submitted.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ escalation

  absl::Status RaiseEscalation(const v1::RaiseEscalation& c) {
    RETURN_IF_ERROR(RequireId("escalation_id", c.escalation_id()));
    ASSIGN_OR_RETURN(MeetingState * origin, ExistingMeeting(a_, c.meeting_id()));
    ASSIGN_OR_RETURN(const AgendaItemState* item,
                     AgendaItem(*origin, c.meeting_id(), c.item_id()));
    ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a_, item->added.proposal_id()));
    const v1::DecisionTaken* decision =
        proposal->DecisionIn(c.meeting_id(), c.item_id());
    std::vector<uint32_t> without_agreement;
    if (decision != nullptr) {
      for (const v1::PointOutcome& outcome : decision->outcomes()) {
        if (outcome.outcome() == v1::NO_AGREEMENT) {
          without_agreement.push_back(outcome.decision_point());
        }
      }
    }
    if (without_agreement.empty()) {
      return Refuse(
          "escalation rule: only an item that ended in \"no agreement\" "
          "escalates");
    }
    if (proposal->escalations.count(c.escalation_id()) > 0) {
      return Refuse(absl::StrCat("escalation \"", c.escalation_id(),
                                 "\" exists already"));
    }
    if (const v1::EscalationRaised* earlier =
            proposal->EscalationFrom(c.meeting_id(), c.item_id())) {
      return Refuse(absl::StrCat("this item has been escalated already, as \"",
                                 earlier->escalation_id(), "\""));
    }
    ASSIGN_OR_RETURN(BodyState * from_body, BodyOf(a_, *origin));
    const std::string& target = from_body->config.escalation_target();
    if (target.empty()) {
      return Refuse(absl::StrCat("escalation rule: ", from_body->config.name(),
                                 " is the end of its escalation chain"));
    }
    ASSIGN_OR_RETURN(MeetingState * to_meeting,
                     ExistingMeeting(a_, c.to_meeting_id()));
    if (to_meeting->scheduled.body_id() != target) {
      return Refuse(absl::StrCat(
          "escalation rule: ", from_body->config.name(), " escalates to \"",
          target, "\", but meeting \"", c.to_meeting_id(), "\" is of \"",
          to_meeting->scheduled.body_id(), "\""));
    }
    RETURN_IF_ERROR(RequireNotClosed(*to_meeting, c.to_meeting_id()));
    ASSIGN_OR_RETURN(absl::CivilDay from_date,
                     ParseDate("date", origin->scheduled.date()));
    ASSIGN_OR_RETURN(absl::CivilDay to_date,
                     ParseDate("date", to_meeting->scheduled.date()));
    if (to_date < from_date) {
      return Refuse(absl::StrCat(
          "escalation rule: an item escalates to a later meeting, and meeting "
          "\"", c.to_meeting_id(), "\" (", to_meeting->scheduled.date(),
          ") is dated before the meeting it comes from, \"", c.meeting_id(),
          "\" (", origin->scheduled.date(), ")"));
    }
    RETURN_IF_ERROR(RequireId("to_item_id", c.to_item_id()));
    RETURN_IF_ERROR(RequireNoItem(*to_meeting, c.to_meeting_id(), c.to_item_id()));
    v1::GovernanceEvent raised;
    v1::EscalationRaised* escalation = raised.mutable_escalation_raised();
    escalation->set_escalation_id(c.escalation_id());
    escalation->set_proposal_id(proposal->submitted.proposal_id());
    escalation->set_from_body_id(from_body->body_id);
    escalation->set_from_meeting_id(c.meeting_id());
    escalation->set_from_item_id(c.item_id());
    escalation->set_to_body_id(target);
    escalation->set_to_meeting_id(c.to_meeting_id());
    escalation->set_to_item_id(c.to_item_id());
    for (uint32_t point : without_agreement) escalation->add_decision_points(point);
    a_.Emit(ProposalStream(proposal->submitted.proposal_id()), std::move(raised));

    v1::GovernanceEvent added_event;
    v1::AgendaItemAdded* added = added_event.mutable_agenda_item_added();
    added->set_meeting_id(c.to_meeting_id());
    added->set_item_id(c.to_item_id());
    added->set_proposal_id(proposal->submitted.proposal_id());
    added->set_submitted_by(from_body->body_id);
    added->set_escalation_id(c.escalation_id());
    added->set_origin_meeting_id(c.meeting_id());
    added->set_origin_item_id(c.item_id());
    a_.Emit(MeetingStream(c.to_meeting_id()), std::move(added_event));
    return absl::OkStatus();
  }

  absl::Status ResolveEscalation(const v1::ResolveEscalation& c) {
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     ExistingProposal(a_, c.proposal_id()));
    if (proposal->escalations.count(c.escalation_id()) == 0) {
      return Refuse(absl::StrCat("proposal \"", c.proposal_id(),
                                 "\" has no escalation \"", c.escalation_id(),
                                 "\""));
    }
    if (proposal->resolved_escalations.count(c.escalation_id()) > 0) {
      return Refuse(absl::StrCat("escalation \"", c.escalation_id(),
                                 "\" has been resolved already"));
    }
    RETURN_IF_ERROR(RequireText("resolution", c.resolution()));
    v1::GovernanceEvent event;
    v1::EscalationResolved* resolved = event.mutable_escalation_resolved();
    resolved->set_escalation_id(c.escalation_id());
    resolved->set_proposal_id(c.proposal_id());
    resolved->set_resolution(c.resolution());
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ ratification

  // The SBO decision on `proposal` that awaits the Colleges, if any.
  static const v1::DecisionTaken* AwaitingRatification(
      const ProposalState& proposal) {
    for (const v1::DecisionTaken& decision : proposal.decisions) {
      for (const v1::PointOutcome& outcome : decision.outcomes()) {
        if (outcome.awaiting_ratification()) return &decision;
      }
    }
    return nullptr;
  }

  absl::Status RequestRatification(const v1::RequestRatification& c) {
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     ExistingProposal(a_, c.proposal_id()));
    if (AwaitingRatification(*proposal) == nullptr) {
      return Refuse(
          "ratification rule: only an SBO decision that changes the "
          "agreement goes to the Colleges for ratification, and proposal \"" +
          c.proposal_id() + "\" has none");
    }
    if (c.municipalities().empty()) {
      return absl::InvalidArgumentError(
          "name the municipalities whose College must ratify");
    }
    for (const std::string& municipality : c.municipalities()) {
      RETURN_IF_ERROR(RequireId("municipality", municipality));
      if (proposal->ratification_requested_from.count(municipality) > 0) {
        return Refuse(absl::StrCat("ratification has been requested from ",
                                   municipality, " already"));
      }
    }
    v1::GovernanceEvent event;
    event.mutable_ratification_requested()->set_proposal_id(c.proposal_id());
    *event.mutable_ratification_requested()->mutable_municipalities() =
        c.municipalities();
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status RecordCollegeDecision(const v1::RecordCollegeDecision& c) {
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     ExistingProposal(a_, c.proposal_id()));
    if (proposal->ratification_requested_from.count(c.municipality()) == 0) {
      return Refuse(absl::StrCat("ratification of proposal \"", c.proposal_id(),
                                 "\" has not been requested from ",
                                 c.municipality()));
    }
    if (proposal->college_decisions.count(c.municipality()) > 0) {
      return Refuse(absl::StrCat("the College of ", c.municipality(),
                                 " has decided on proposal \"", c.proposal_id(),
                                 "\" already"));
    }
    if (c.decision() != v1::RATIFIED && c.decision() != v1::REJECTED_BY_COLLEGE) {
      return absl::InvalidArgumentError(
          "decision must be RATIFIED or REJECTED_BY_COLLEGE");
    }
    ASSIGN_OR_RETURN(absl::CivilDay date,
                     ParseDate("decision_date", c.decision_date()));
    ASSIGN_OR_RETURN(absl::CivilDay today, DayInAmsterdam(clock_.Now()));
    if (date > today) {
      return Refuse(absl::StrCat(
          "a College decision is recorded once it has been taken: ",
          c.decision_date(), " is after today (", FormatDate(today),
          ", Europe/Amsterdam)"));
    }
    const v1::DecisionTaken* sbo = AwaitingRatification(*proposal);
    absl::StatusOr<absl::CivilDay> sbo_date = ParseDate("date", sbo->date());
    if (sbo_date.ok() && date < *sbo_date) {
      return Refuse(absl::StrCat("a College decides after the SBO: ",
                                 c.decision_date(), " is before the SBO "
                                 "decision of ", sbo->date()));
    }
    v1::GovernanceEvent event;
    v1::CollegeDecisionRecorded* recorded =
        event.mutable_college_decision_recorded();
    recorded->set_proposal_id(c.proposal_id());
    recorded->set_municipality(c.municipality());
    recorded->set_decision(c.decision());
    recorded->set_decision_date(FormatDate(date));
    if (c.decision() == v1::RATIFIED) {
      recorded->set_effective_date(FormatDate(EffectiveDate(date)));
    }
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ zienswijze

  absl::Status RequestZienswijze(const v1::RequestZienswijze& c) {
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     ExistingProposal(a_, c.proposal_id()));
    RETURN_IF_ERROR(RequireId("request_id", c.request_id()));
    if (proposal->zienswijze_requests.count(c.request_id()) > 0) {
      return Refuse(absl::StrCat("zienswijze request \"", c.request_id(),
                                 "\" exists already"));
    }
    if (c.councils().empty()) {
      return absl::InvalidArgumentError("name the councils asked for a zienswijze");
    }
    std::set<std::string> councils;
    for (const std::string& council : c.councils()) {
      if (council.empty()) {
        return absl::InvalidArgumentError(
            "a council asked for a zienswijze needs a name; one is empty");
      }
      if (!councils.insert(council).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the council of ", council,
            " is named twice; each council is asked once per request"));
      }
    }
    if (c.decision_points().empty()) {
      return absl::InvalidArgumentError(
          "a zienswijze is asked on decision points; name at least one");
    }
    std::set<uint32_t> points;
    for (uint32_t point : c.decision_points()) {
      if (!points.insert(point).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("decision point ", point, " is named twice"));
      }
      RETURN_IF_ERROR(RequirePoint(*proposal, c.proposal_id(), point));
    }
    RETURN_IF_ERROR(ParseDate("deadline", c.deadline()).status());
    v1::GovernanceEvent event;
    v1::ZienswijzeRequested* requested = event.mutable_zienswijze_requested();
    requested->set_request_id(c.request_id());
    requested->set_proposal_id(c.proposal_id());
    *requested->mutable_councils() = c.councils();
    *requested->mutable_decision_points() = c.decision_points();
    requested->set_deadline(c.deadline());
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  absl::Status SubmitZienswijze(const v1::SubmitZienswijze& c) {
    ASSIGN_OR_RETURN(ProposalState * proposal,
                     ExistingProposal(a_, c.proposal_id()));
    auto request = proposal->zienswijze_requests.find(c.request_id());
    if (request == proposal->zienswijze_requests.end()) {
      return Refuse(absl::StrCat("proposal \"", c.proposal_id(),
                                 "\" has no zienswijze request \"",
                                 c.request_id(), "\""));
    }
    const auto& councils = request->second.councils();
    if (std::find(councils.begin(), councils.end(), c.council()) ==
        councils.end()) {
      return Refuse(absl::StrCat("the council of ", c.council(),
                                 " was not asked for this zienswijze"));
    }
    if (proposal->zienswijzen.count({c.request_id(), c.council()}) > 0) {
      return Refuse(absl::StrCat("the council of ", c.council(),
                                 " has submitted its zienswijze already"));
    }
    absl::CivilDay submitted_on;
    if (c.submitted_on().empty()) {
      ASSIGN_OR_RETURN(submitted_on, DayInAmsterdam(clock_.Now()));
    } else {
      ASSIGN_OR_RETURN(submitted_on, ParseDate("submitted_on", c.submitted_on()));
    }
    ASSIGN_OR_RETURN(absl::CivilDay deadline,
                     ParseDate("deadline", request->second.deadline()));
    v1::GovernanceEvent event;
    v1::ZienswijzeSubmitted* submitted = event.mutable_zienswijze_submitted();
    submitted->set_request_id(c.request_id());
    submitted->set_council(c.council());
    submitted->set_submitted_on(FormatDate(submitted_on));
    submitted->set_text(c.text());
    // Recorded either way; a late one is marked, not refused.
    submitted->set_late(submitted_on > deadline);
    a_.Emit(ProposalStream(c.proposal_id()), std::move(event));
    return absl::OkStatus();
  }

  // ------------------------------------------------------------ werkgroepen

  absl::Status EstablishWorkingGroup(const v1::EstablishWorkingGroup& c) {
    RETURN_IF_ERROR(RequireNewBody(a_, c.body_id()));
    ASSIGN_OR_RETURN(BodyState * parent, ExistingBody(a_, c.parent_body_id()));
    if (parent->config.kind() != v1::ORO) {
      return Refuse(absl::StrCat(
          "working group rule: a werkgroep is set up by the ORO, and \"",
          parent->body_id, "\" is not the ORO"));
    }
    RETURN_IF_ERROR(RequireText("name", c.name()));
    RETURN_IF_ERROR(RequireText("assignment", c.assignment()));
    RETURN_IF_ERROR(ParseDate("report_due", c.report_due()).status());
    bool linking_pin = false;
    bool gemeenten = false;
    bool combinaties = false;
    std::set<std::string> ids;
    for (const v1::WorkingGroupMember& member : c.members()) {
      RETURN_IF_ERROR(RequireId("members.member_id", member.member_id()));
      RETURN_IF_ERROR(RequireText("members.name", member.name()));
      if (!ids.insert(member.member_id()).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("\"", member.member_id(), "\" is listed twice"));
      }
      if (member.linking_pin()) {
        if (parent->ActiveMember(member.member_id()) == nullptr) {
          return Refuse(absl::StrCat(
              "working group rule: linking pin \"", member.member_id(),
              "\" must be a sitting member of the ORO"));
        }
        linking_pin = true;
      }
      gemeenten = gemeenten || member.side() == v1::GEMEENTEN;
      combinaties = combinaties || member.side() == v1::COMBINATIES;
    }
    if (!linking_pin) {
      return Refuse(
          "working group rule: a werkgroep holds at least one ORO member as "
          "linking pin");
    }
    if (!gemeenten || !combinaties) {
      return Refuse(
          "working group rule: a werkgroep holds at least one member from "
          "each side (gemeenten and combinaties)");
    }
    v1::GovernanceEvent established;
    established.mutable_body_established()->set_body_id(c.body_id());
    v1::BodyConfig* config =
        established.mutable_body_established()->mutable_config();
    config->set_name(c.name());
    config->set_kind(v1::WERKGROEP);
    config->set_parent_body(c.parent_body_id());
    a_.Emit(BodyStream(c.body_id()), std::move(established));

    v1::GovernanceEvent working_group;
    v1::WorkingGroupEstablished* wg =
        working_group.mutable_working_group_established();
    wg->set_body_id(c.body_id());
    wg->set_parent_body_id(c.parent_body_id());
    wg->set_name(c.name());
    wg->set_assignment(c.assignment());
    wg->set_report_due(c.report_due());
    *wg->mutable_members() = c.members();
    a_.Emit(BodyStream(c.body_id()), std::move(working_group));

    for (const v1::WorkingGroupMember& member : c.members()) {
      v1::GovernanceEvent appointed;
      v1::MemberAppointed* m = appointed.mutable_member_appointed();
      m->set_body_id(c.body_id());
      m->set_member_id(member.member_id());
      m->set_name(member.name());
      m->set_role(v1::LID);
      m->set_side(member.side());
      a_.Emit(BodyStream(c.body_id()), std::move(appointed));
    }
    return absl::OkStatus();
  }

  absl::Status ReportWorkingGroup(const v1::ReportWorkingGroup& c) {
    ASSIGN_OR_RETURN(BodyState * group, ExistingBody(a_, c.body_id()));
    if (group->config.kind() != v1::WERKGROEP) {
      return Refuse(absl::StrCat("\"", c.body_id(), "\" is not a werkgroep"));
    }
    if (group->reported) {
      return Refuse(absl::StrCat("werkgroep \"", c.body_id(),
                                 "\" has reported already"));
    }
    RETURN_IF_ERROR(RequireText("report", c.report()));
    RETURN_IF_ERROR(ParseDate("reported_on", c.reported_on()).status());
    v1::GovernanceEvent event;
    v1::WorkingGroupReported* reported = event.mutable_working_group_reported();
    reported->set_body_id(c.body_id());
    reported->set_report(c.report());
    reported->set_reported_on(c.reported_on());
    a_.Emit(BodyStream(c.body_id()), std::move(event));
    return absl::OkStatus();
  }

  Attempt& a_;
  const Clock& clock_;
};

}  // namespace

absl::StatusOr<v1::CommandResult> GovernanceCommands::Execute(
    const v1::GovernanceCommand& command) {
  return Run(command, command.actor().empty() ? "unknown" : command.actor());
}

absl::StatusOr<v1::CommandResult> GovernanceCommands::ExecuteAs(
    const Caller& caller, const v1::GovernanceCommand& command) {
  // Malformed before forbidden: an empty command is no act anyone may
  // record, whatever the caller's role.
  if (command.command_case() == v1::GovernanceCommand::COMMAND_NOT_SET) {
    return absl::InvalidArgumentError(kNoAct);
  }
  RETURN_IF_ERROR(AuthorizeCommand(caller, command));
  return Run(command, caller.name);
}

absl::StatusOr<v1::CommandResult> GovernanceCommands::Run(
    const v1::GovernanceCommand& command, const std::string& actor) {
  absl::MutexLock lock(&execute_mu_);
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    Attempt state(*log_);
    RETURN_IF_ERROR(Decider(state, *clock_).Decide(command));
    std::vector<v1::StreamAppend> appends = state.Appends(actor);
    std::vector<const v1::StreamAppend*> pointers;
    for (const v1::StreamAppend& append : appends) pointers.push_back(&append);
    absl::StatusOr<std::vector<v1::AppendResult>> written =
        log_->AppendMulti(pointers);
    if (IsWrongExpectedVersion(written.status())) continue;  // Re-read.
    if (!written.ok()) return written.status();
    v1::CommandResult result;
    for (const auto& [stream, event] : state.emitted()) {
      *result.add_events() = event;
    }
    for (v1::AppendResult& append : *written) {
      result.set_position(std::max(result.position(), append.last_position()));
      *result.add_appends() = std::move(append);
    }
    return result;
  }
  return absl::AbortedError(absl::StrCat(
      "the streams this command touches kept changing; gave up after ",
      kMaxAttempts, " attempts, try again"));
}

}  // namespace besluitlog::ledger::governance
