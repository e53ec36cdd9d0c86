#include "projections/acts/act_body.h"

#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::projections::acts {

absl::StatusOr<std::string> BodyOf(const v1::Event& event, const v1::GovernanceEvent& act,
                                   const ActRefs& refs, BodyMemory& memory) {
  if (act.has_meeting_scheduled()) {
    memory.RememberMeeting(act.meeting_scheduled().meeting_id(), act.meeting_scheduled().body_id());
  }
  if (act.has_proposal_submitted()) {
    memory.RememberProposal(act.proposal_submitted().proposal_id(),
                            act.proposal_submitted().body_id());
  }
  if (act.has_decision_taken()) return act.decision_taken().body_id();
  if (absl::string_view body = ledger::core::BodyIdOfStream(event.stream_id()); !body.empty()) {
    return std::string(body);
  }
  if (act.has_meeting_scheduled()) return act.meeting_scheduled().body_id();
  if (act.has_proposal_submitted()) return act.proposal_submitted().body_id();
  if (!refs.meeting.empty()) {
    ASSIGN_OR_RETURN(std::string body, memory.MeetingBody(refs.meeting));
    if (!body.empty()) return body;
  }
  if (!refs.proposal.empty()) return memory.ProposalBody(refs.proposal);
  return std::string();
}

}  // namespace besluitlog::projections::acts
