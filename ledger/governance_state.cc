#include "ledger/governance_state.h"

#include "ledger/core/civil_date.h"

namespace besluitlog::ledger {

const MemberState* BodyState::ActiveMember(const std::string& member_id) const {
  auto it = members.find(member_id);
  return it != members.end() && it->second.active ? &it->second : nullptr;
}

uint32_t BodyState::VotingMemberCount() const {
  uint32_t count = 0;
  for (const auto& [id, member] : members) count += member.Votes() ? 1 : 0;
  return count;
}

void BodyState::Apply(const v1::GovernanceEvent& event) {
  switch (event.event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
      body_id = event.body_established().body_id();
      config = event.body_established().config();
      break;
    case v1::GovernanceEvent::kBodyChanged:
      config = event.body_changed().config();
      break;
    case v1::GovernanceEvent::kMemberAppointed: {
      MemberState& member = members[event.member_appointed().member_id()];
      member.appointment = event.member_appointed();
      member.active = true;
      member.from_date.reset();
      if (!member.appointment.from_date().empty()) {
        // Stored normalised by AppointMember, so it parses.
        absl::StatusOr<absl::CivilDay> from =
            core::ParseDate("from_date", member.appointment.from_date());
        if (from.ok()) member.from_date = *from;
      }
      break;
    }
    case v1::GovernanceEvent::kMemberResigned:
      members[event.member_resigned().member_id()].active = false;
      break;
    case v1::GovernanceEvent::kWorkingGroupEstablished:
      working_group = event.working_group_established();
      break;
    case v1::GovernanceEvent::kWorkingGroupReported:
      reported = true;
      break;
    default:
      break;
  }
}

std::string MeetingState::SeatOf(const std::string& voter_id) const {
  for (const auto& [member_id, substitute] : substitutes) {
    if (substitute.substitute_id() == voter_id) return member_id;
  }
  return voter_id;
}

bool MeetingState::RecordedPresent(const std::string& member_id) const {
  auto it = attendance.find(member_id);
  return it != attendance.end() && it->second;
}

bool MeetingState::SeatFilled(const std::string& member_id) const {
  return RecordedPresent(member_id) || substitutes.count(member_id) > 0;
}

void MeetingState::Apply(const v1::GovernanceEvent& event) {
  switch (event.event_case()) {
    case v1::GovernanceEvent::kMeetingScheduled:
      scheduled = event.meeting_scheduled();
      break;
    case v1::GovernanceEvent::kMeetingOpened:
      status = Status::kOpen;
      break;
    case v1::GovernanceEvent::kMeetingClosed:
      status = Status::kClosed;
      break;
    case v1::GovernanceEvent::kAttendanceRecorded:
      attendance[event.attendance_recorded().member_id()] = event.attendance_recorded().present();
      break;
    case v1::GovernanceEvent::kSubstituteNamed:
      substitutes[event.substitute_named().member_id()] = event.substitute_named();
      break;
    case v1::GovernanceEvent::kMinutesAdopted:
      minutes_adopted = true;
      break;
    case v1::GovernanceEvent::kAgendaItemAdded:
      items[event.agenda_item_added().item_id()].added = event.agenda_item_added();
      break;
    case v1::GovernanceEvent::kVoteCast: {
      const v1::VoteCast& vote = event.vote_cast();
      items[vote.item_id()].votes[{vote.decision_point(), vote.member_id()}] = vote;
      break;
    }
    case v1::GovernanceEvent::kObjectionRecorded: {
      const v1::ObjectionRecorded& objection = event.objection_recorded();
      items[objection.item_id()].objections[{objection.decision_point(), objection.member_id()}] =
          objection;
      break;
    }
    default:
      break;
  }
}

const v1::DecisionPoint* ProposalState::Point(uint32_t number) const {
  for (const v1::DecisionPoint& point : submitted.decision_points()) {
    if (point.number() == number) return &point;
  }
  return nullptr;
}

std::set<uint32_t> ProposalState::PointsDecidedBy(const v1::AgendaItemAdded& item) const {
  std::set<uint32_t> points;
  if (!item.escalation_id().empty()) {
    if (auto it = escalations.find(item.escalation_id()); it != escalations.end()) {
      points.insert(it->second.decision_points().begin(), it->second.decision_points().end());
    }
  }
  if (points.empty()) {
    for (const v1::DecisionPoint& point : submitted.decision_points()) {
      points.insert(point.number());
    }
  }
  return points;
}

const v1::DecisionTaken* ProposalState::DecisionIn(const std::string& meeting_id,
                                                   const std::string& item_id) const {
  for (const v1::DecisionTaken& decision : decisions) {
    if (decision.meeting_id() == meeting_id && decision.item_id() == item_id) {
      return &decision;
    }
  }
  return nullptr;
}

const v1::EscalationRaised* ProposalState::EscalationFrom(const std::string& meeting_id,
                                                          const std::string& item_id) const {
  for (const auto& [id, escalation] : escalations) {
    if (escalation.from_meeting_id() == meeting_id && escalation.from_item_id() == item_id) {
      return &escalation;
    }
  }
  return nullptr;
}

void ProposalState::Apply(const v1::GovernanceEvent& event) {
  switch (event.event_case()) {
    case v1::GovernanceEvent::kProposalSubmitted:
      submitted = event.proposal_submitted();
      break;
    case v1::GovernanceEvent::kProposalAmended: {
      const v1::ProposalAmended& amended = event.proposal_amended();
      submitted.set_title(amended.title());
      submitted.set_text(amended.text());
      *submitted.mutable_decision_points() = amended.decision_points();
      *submitted.mutable_documents() = amended.documents();
      break;
    }
    case v1::GovernanceEvent::kProposalWithdrawn:
      withdrawn = true;
      break;
    case v1::GovernanceEvent::kDecisionTaken:
      decisions.push_back(event.decision_taken());
      break;
    case v1::GovernanceEvent::kEscalationRaised:
      escalations[event.escalation_raised().escalation_id()] = event.escalation_raised();
      break;
    case v1::GovernanceEvent::kEscalationResolved:
      resolved_escalations.insert(event.escalation_resolved().escalation_id());
      break;
    case v1::GovernanceEvent::kRatificationRequested:
      for (const std::string& m : event.ratification_requested().municipalities()) {
        ratification_requested_from.insert(m);
      }
      break;
    case v1::GovernanceEvent::kCollegeDecisionRecorded:
      college_decisions[event.college_decision_recorded().municipality()] =
          event.college_decision_recorded();
      break;
    case v1::GovernanceEvent::kZienswijzeRequested:
      zienswijze_requests[event.zienswijze_requested().request_id()] = event.zienswijze_requested();
      break;
    case v1::GovernanceEvent::kZienswijzeSubmitted:
      zienswijzen.insert(
          {event.zienswijze_submitted().request_id(), event.zienswijze_submitted().council()});
      break;
    default:
      break;
  }
}

}  // namespace besluitlog::ledger
