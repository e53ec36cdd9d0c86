#include "ledger/governance/votes.h"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "ledger/decision_rules.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

namespace {

// "point 2" or "points 2, 3".
std::string PointsText(const std::set<uint32_t>& points) {
  return absl::StrCat(points.size() == 1 ? "point " : "points ", absl::StrJoin(points, ", "));
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

struct VoteContext {
  MeetingState* meeting;
  BodyState* body;
  ProposalState* proposal;
  const AgendaItemState* item;
  std::string seat;  // The member whose vote this is.
};

// Checks everything a vote or an objection needs: open meeting, item on
// the agenda, undecided, a real decision point, a voter with a vote.
absl::StatusOr<VoteContext> CheckVoter(Attempt& a, const std::string& meeting_id,
                                       const std::string& item_id, uint32_t decision_point,
                                       const std::string& voter_id) {
  VoteContext v;
  ASSIGN_OR_RETURN(v.meeting, MeetingOpenForBusiness(a, meeting_id));
  ASSIGN_OR_RETURN(v.item, AgendaItem(*v.meeting, meeting_id, item_id));
  ASSIGN_OR_RETURN(v.proposal, ExistingProposal(a, v.item->added.proposal_id()));
  if (v.proposal->DecisionIn(meeting_id, item_id) != nullptr) {
    return Refuse(absl::StrCat("the decision on item \"", item_id,
                               "\" has been taken; no more votes or "
                               "objections are recorded on it"));
  }
  RETURN_IF_ERROR(RequireNotWithdrawn(*v.proposal));
  RETURN_IF_ERROR(RequirePoint(*v.proposal, v.proposal->submitted.proposal_id(), decision_point));
  const std::set<uint32_t> points = v.proposal->PointsDecidedBy(v.item->added);
  if (points.count(decision_point) == 0) {
    return Refuse(absl::StrCat("item \"", item_id, "\" decides only ", PointsText(points),
                               " (an escalated item decides the points that had no agreement);",
                               " point ", decision_point, " is not decided here"));
  }
  ASSIGN_OR_RETURN(v.body, BodyOf(a, *v.meeting));
  RETURN_IF_ERROR(RequireId("voter_id", voter_id));
  v.seat = v.meeting->SeatOf(voter_id);
  const MemberState* member = v.body->ActiveMember(v.seat);
  if (member == nullptr) {
    return Refuse(absl::StrCat("\"", voter_id, "\" is neither a sitting member of \"",
                               v.body->body_id, "\" nor a substitute named for this meeting"));
  }
  RETURN_IF_ERROR(RequireSitsAt(*v.body, v.seat, *member, *v.meeting));
  if (!member->Votes()) {
    return Refuse(absl::StrCat("\"", v.seat, "\" is ", RoleName(member->appointment.role()), " of ",
                               v.body->config.name(), "; advisers and the secretary never vote"));
  }
  if (v.seat == voter_id) {
    if (auto sub = v.meeting->substitutes.find(v.seat); sub != v.meeting->substitutes.end()) {
      return Refuse(absl::StrCat("\"", v.seat, "\" sent \"", sub->second.substitute_id(),
                                 "\" as substitute to this meeting; a substitute votes in place "
                                 "of the member, never both"));
    }
    if (!v.meeting->RecordedPresent(v.seat)) {
      return Refuse(
          absl::StrCat("attendance rule: only members recorded present at meeting \"", meeting_id,
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

}  // namespace

absl::Status CastVote(Attempt& a, const v1::CastVote& c) {
  if (c.choice() == v1::VOTE_CHOICE_UNSPECIFIED || !v1::VoteChoice_IsValid(c.choice())) {
    return absl::InvalidArgumentError("choice must be FOR, AGAINST or ABSTAIN");
  }
  ASSIGN_OR_RETURN(VoteContext v,
                   CheckVoter(a, c.meeting_id(), c.item_id(), c.decision_point(), c.voter_id()));
  v1::GovernanceEvent event;
  v1::VoteCast* vote = event.mutable_vote_cast();
  vote->set_meeting_id(c.meeting_id());
  vote->set_item_id(c.item_id());
  vote->set_proposal_id(v.proposal->submitted.proposal_id());
  vote->set_decision_point(c.decision_point());
  vote->set_member_id(v.seat);
  vote->set_voter_id(c.voter_id());
  vote->set_choice(c.choice());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status RecordObjection(Attempt& a, const v1::RecordObjection& c) {
  ASSIGN_OR_RETURN(VoteContext v,
                   CheckVoter(a, c.meeting_id(), c.item_id(), c.decision_point(), c.voter_id()));
  v1::GovernanceEvent event;
  v1::ObjectionRecorded* objection = event.mutable_objection_recorded();
  objection->set_meeting_id(c.meeting_id());
  objection->set_item_id(c.item_id());
  objection->set_proposal_id(v.proposal->submitted.proposal_id());
  objection->set_decision_point(c.decision_point());
  objection->set_member_id(v.seat);
  objection->set_voter_id(c.voter_id());
  objection->set_reason(c.reason());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status TakeDecision(Attempt& a, const v1::TakeDecision& c) {
  ASSIGN_OR_RETURN(MeetingState * meeting, MeetingOpenForBusiness(a, c.meeting_id()));
  ASSIGN_OR_RETURN(const AgendaItemState* item, AgendaItem(*meeting, c.meeting_id(), c.item_id()));
  const AgendaItemState& agenda_item = *item;
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, agenda_item.added.proposal_id()));
  RETURN_IF_ERROR(RequireNotWithdrawn(*proposal));
  if (proposal->DecisionIn(c.meeting_id(), c.item_id()) != nullptr) {
    return Refuse(
        absl::StrCat("the decision on item \"", c.item_id(), "\" has been taken already"));
  }
  ASSIGN_OR_RETURN(BodyState * body, BodyOf(a, *meeting));

  // An escalated item decides only the points that came without agreement.
  const std::set<uint32_t> points = proposal->PointsDecidedBy(agenda_item.added);

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
    std::vector<std::string> counted;
    for (const auto& [seat, vote] : agenda_item.votes) {
      if (seat.first != number || filled_seats.count(seat.second) == 0) {
        continue;
      }
      tally.votes_for += vote.choice() == v1::FOR;
      tally.votes_against += vote.choice() == v1::AGAINST;
      tally.abstentions += vote.choice() == v1::ABSTAIN;
      counted.push_back(seat.second);
    }
    for (const auto& [seat, objection] : agenda_item.objections) {
      if (seat.first == number && filled_seats.count(seat.second) > 0) {
        ++tally.objections;
      }
    }
    absl::StatusOr<v1::Outcome> outcome =
        DecideOutcome(body->config.decision_rule(), body->config.quorum_rule(), tally);
    if (!outcome.ok()) {
      return absl::Status(outcome.status().code(),
                          absl::StrCat(body->config.name(), ": ", outcome.status().message()));
    }
    v1::PointOutcome* result = decision->add_outcomes();
    result->set_decision_point(number);
    result->set_outcome(*outcome);
    result->set_votes_for(tally.votes_for);
    result->set_votes_against(tally.votes_against);
    result->set_abstentions(tally.abstentions);
    result->set_objections(tally.objections);
    for (std::string& member : counted) result->add_counted_members(std::move(member));
    result->set_voting_members_present(tally.voting_members_present);
    result->set_voting_members(tally.voting_members);
    // The SBO never decides in place of a College.
    const v1::DecisionPoint* point = proposal->Point(number);
    result->set_awaiting_ratification(*outcome == v1::ADOPTED && body->config.kind() == v1::SBO &&
                                      point != nullptr && point->changes_agreement());
  }
  a.Emit(core::ProposalStream(proposal->submitted.proposal_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
