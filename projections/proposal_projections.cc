#include "projections/proposal_projections.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "besluitlog/v1/query.pb.h"
#include "projections/governance_apply.h"
#include "projections/view_names.h"

namespace besluitlog::projections {
namespace {

void RefreshStatus(v1::ProposalView& view) {
  if (view.status() == v1::WITHDRAWN) return;
  bool decided = false;
  bool awaiting = false;
  for (const v1::PointView& point : view.points()) {
    decided = decided || point.outcome() != v1::OUTCOME_UNSPECIFIED;
    awaiting = awaiting || point.tally().awaiting_ratification();
  }
  bool all_decided = !view.ratifications().empty();
  for (const v1::RatificationView& r : view.ratifications()) {
    all_decided = all_decided && r.decision() != v1::COLLEGE_DECISION_UNSPECIFIED;
  }
  if (awaiting) {
    view.set_status(all_decided ? v1::RATIFICATION_COMPLETE : v1::AWAITING_RATIFICATION);
  } else {
    view.set_status(decided ? v1::DECIDED : v1::SUBMITTED);
  }
}

void SetPoints(v1::ProposalView& view,
               const google::protobuf::RepeatedPtrField<v1::DecisionPoint>& points) {
  view.clear_points();
  for (const v1::DecisionPoint& point : points) {
    *view.add_points()->mutable_point() = point;
  }
}

class ProposalsProjection final : public Projection {
 public:
  std::string name() const override { return kProposals; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    auto update = [&](const std::string& proposal_id, auto change) {
      return Update<v1::ProposalView>(writer, proposal_id, position, [&](v1::ProposalView& view) {
        change(view);
        RefreshStatus(view);
        view.set_as_of_position(position);
      });
    };
    switch (g->event_case()) {
      case v1::GovernanceEvent::kProposalSubmitted: {
        const auto& e = g->proposal_submitted();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          view.set_proposal_id(e.proposal_id());
          view.set_body_id(e.body_id());
          view.set_title(e.title());
          SetPoints(view, e.decision_points());
        });
      }
      case v1::GovernanceEvent::kProposalAmended: {
        const auto& e = g->proposal_amended();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          view.set_title(e.title());
          SetPoints(view, e.decision_points());
        });
      }
      case v1::GovernanceEvent::kProposalWithdrawn:
        return update(g->proposal_withdrawn().proposal_id(),
                      [](v1::ProposalView& view) { view.set_status(v1::WITHDRAWN); });
      // Votes and objections are many and small: each is kept as its own
      // version of a side entity rather than copied into the view.
      case v1::GovernanceEvent::kVoteCast: {
        const auto& e = g->vote_cast();
        v1::MemberVote vote;
        vote.set_meeting_id(e.meeting_id());
        vote.set_item_id(e.item_id());
        vote.set_decision_point(e.decision_point());
        vote.set_member_id(e.member_id());
        vote.set_voter_id(e.voter_id());
        vote.set_choice(e.choice());
        writer.Put(VotesEntity(e.proposal_id()), position, vote.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kObjectionRecorded: {
        const auto& e = g->objection_recorded();
        writer.Put(ObjectionsEntity(e.proposal_id()), position, e.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kDecisionTaken: {
        const auto& e = g->decision_taken();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (const v1::PointOutcome& outcome : e.outcomes()) {
            for (v1::PointView& point : *view.mutable_points()) {
              if (point.point().number() != outcome.decision_point()) continue;
              point.set_outcome(outcome.outcome());
              point.set_decided_in_meeting(e.meeting_id());
              *point.mutable_tally() = outcome;
            }
          }
        });
      }
      case v1::GovernanceEvent::kEscalationRaised: {
        const auto& e = g->escalation_raised();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          v1::EscalationHop* hop = view.add_escalations();
          hop->set_escalation_id(e.escalation_id());
          hop->set_from_body_id(e.from_body_id());
          hop->set_from_meeting_id(e.from_meeting_id());
          hop->set_from_item_id(e.from_item_id());
          hop->set_to_body_id(e.to_body_id());
          hop->set_to_meeting_id(e.to_meeting_id());
          hop->set_to_item_id(e.to_item_id());
        });
      }
      case v1::GovernanceEvent::kEscalationResolved: {
        const auto& e = g->escalation_resolved();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (v1::EscalationHop& hop : *view.mutable_escalations()) {
            if (hop.escalation_id() != e.escalation_id()) continue;
            hop.set_resolved(true);
            hop.set_resolution(e.resolution());
          }
        });
      }
      case v1::GovernanceEvent::kRatificationRequested: {
        const auto& e = g->ratification_requested();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (const std::string& municipality : e.municipalities()) {
            v1::RatificationView* r = view.add_ratifications();
            r->set_municipality(municipality);
            r->set_requested(true);
          }
        });
      }
      case v1::GovernanceEvent::kCollegeDecisionRecorded: {
        const auto& e = g->college_decision_recorded();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (v1::RatificationView& r : *view.mutable_ratifications()) {
            if (r.municipality() != e.municipality()) continue;
            r.set_decision(e.decision());
            r.set_decision_date(e.decision_date());
            r.set_effective_date(e.effective_date());
          }
        });
      }
      default:
        return absl::OkStatus();
    }
  }
};

class MeetingsProjection final : public Projection {
 public:
  std::string name() const override { return kMeetings; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    auto update = [&](const std::string& meeting_id, auto change) {
      return Update<v1::MeetingView>(writer, meeting_id, position, [&](v1::MeetingView& view) {
        change(view);
        view.set_as_of_position(position);
      });
    };
    switch (g->event_case()) {
      case v1::GovernanceEvent::kMeetingScheduled: {
        const auto& e = g->meeting_scheduled();
        return update(e.meeting_id(), [&](v1::MeetingView& view) {
          view.set_meeting_id(e.meeting_id());
          view.set_body_id(e.body_id());
          view.set_date(e.date());
          view.set_status("scheduled");
        });
      }
      case v1::GovernanceEvent::kMeetingOpened:
        return update(g->meeting_opened().meeting_id(),
                      [](v1::MeetingView& view) { view.set_status("open"); });
      case v1::GovernanceEvent::kMeetingClosed:
        return update(g->meeting_closed().meeting_id(),
                      [](v1::MeetingView& view) { view.set_status("closed"); });
      // Agenda entries and decisions are kept as versions of side
      // entities, so a long meeting is not copied for each of them.
      case v1::GovernanceEvent::kAgendaItemAdded: {
        const auto& e = g->agenda_item_added();
        v1::AgendaEntry entry;
        entry.set_item_id(e.item_id());
        entry.set_proposal_id(e.proposal_id());
        entry.set_submitted_by(e.submitted_by());
        entry.set_escalation_id(e.escalation_id());
        entry.set_origin_meeting_id(e.origin_meeting_id());
        entry.set_origin_item_id(e.origin_item_id());
        writer.Put(AgendaEntity(e.meeting_id()), position, entry.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kDecisionTaken: {
        const auto& e = g->decision_taken();
        writer.Put(DecisionsEntity(e.meeting_id()), position, e.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kAttendanceRecorded: {
        const auto& e = g->attendance_recorded();
        v1::AttendanceEntry entry;
        entry.set_member_id(e.member_id());
        entry.set_present(e.present());
        writer.Put(AttendanceEntity(e.meeting_id()), position, entry.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kSubstituteNamed: {
        const auto& e = g->substitute_named();
        v1::AttendanceEntry entry;
        entry.set_member_id(e.member_id());
        entry.set_substitute_id(e.substitute_id());
        entry.set_substitute_name(e.substitute_name());
        writer.Put(AttendanceEntity(e.meeting_id()), position, entry.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kMinutesAdopted:
        return update(g->minutes_adopted().minutes_of_meeting_id(),
                      [](v1::MeetingView& view) { view.set_minutes_adopted(true); });
      default:
        return absl::OkStatus();
    }
  }
};

}  // namespace

std::unique_ptr<Projection> NewProposalsProjection() {
  return std::make_unique<ProposalsProjection>();
}

std::unique_ptr<Projection> NewMeetingsProjection() {
  return std::make_unique<MeetingsProjection>();
}

}  // namespace besluitlog::projections
