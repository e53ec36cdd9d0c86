#include "projections/acts/act_refs.h"

#include "ledger/core/governance_codec.h"

namespace besluitlog::projections::acts {

ActRefs RefsOf(const v1::Event& event, const v1::GovernanceEvent& act) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kMeetingScheduled:
      return {act.meeting_scheduled().meeting_id(), ""};
    case v1::GovernanceEvent::kProposalSubmitted:
      return {"", act.proposal_submitted().proposal_id()};
    case v1::GovernanceEvent::kProposalAmended:
      return {"", act.proposal_amended().proposal_id()};
    case v1::GovernanceEvent::kAgendaItemAdded:
      return {act.agenda_item_added().meeting_id(), act.agenda_item_added().proposal_id()};
    case v1::GovernanceEvent::kVoteCast:
      return {act.vote_cast().meeting_id(), act.vote_cast().proposal_id()};
    case v1::GovernanceEvent::kDecisionTaken:
      return {act.decision_taken().meeting_id(), act.decision_taken().proposal_id()};
    case v1::GovernanceEvent::kCollegeDecisionRecorded:
      return {"", act.college_decision_recorded().proposal_id()};
    default:
      return {std::string(ledger::core::MeetingIdOfStream(event.stream_id())),
              std::string(ledger::core::ProposalIdOfStream(event.stream_id()))};
  }
}

}  // namespace besluitlog::projections::acts
