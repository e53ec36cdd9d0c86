#include "ledger/governance/escalation.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

absl::Status RaiseEscalation(Attempt& a, const v1::RaiseEscalation& c) {
  RETURN_IF_ERROR(RequireId("escalation_id", c.escalation_id()));
  ASSIGN_OR_RETURN(MeetingState * origin, ExistingMeeting(a, c.meeting_id()));
  ASSIGN_OR_RETURN(const AgendaItemState* item, AgendaItem(*origin, c.meeting_id(), c.item_id()));
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, item->added.proposal_id()));
  const v1::DecisionTaken* decision = proposal->DecisionIn(c.meeting_id(), c.item_id());
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
    return Refuse(absl::StrCat("escalation \"", c.escalation_id(), "\" exists already"));
  }
  if (const v1::EscalationRaised* earlier = proposal->EscalationFrom(c.meeting_id(), c.item_id())) {
    return Refuse(absl::StrCat("this item has been escalated already, as \"",
                               earlier->escalation_id(), "\""));
  }
  ASSIGN_OR_RETURN(BodyState * from_body, BodyOf(a, *origin));
  const std::string& target = from_body->config.escalation_target();
  if (target.empty()) {
    return Refuse(absl::StrCat("escalation rule: ", from_body->config.name(),
                               " is the end of its escalation chain"));
  }
  ASSIGN_OR_RETURN(MeetingState * to_meeting, ExistingMeeting(a, c.to_meeting_id()));
  if (to_meeting->scheduled.body_id() != target) {
    return Refuse(absl::StrCat("escalation rule: ", from_body->config.name(), " escalates to \"",
                               target, "\", but meeting \"", c.to_meeting_id(), "\" is of \"",
                               to_meeting->scheduled.body_id(), "\""));
  }
  RETURN_IF_ERROR(RequireNotClosed(*to_meeting, c.to_meeting_id()));
  ASSIGN_OR_RETURN(absl::CivilDay from_date, core::ParseDate("date", origin->scheduled.date()));
  ASSIGN_OR_RETURN(absl::CivilDay to_date, core::ParseDate("date", to_meeting->scheduled.date()));
  if (to_date < from_date) {
    return Refuse(
        absl::StrCat("escalation rule: an item escalates to a later meeting, and meeting "
                     "\"",
                     c.to_meeting_id(), "\" (", to_meeting->scheduled.date(),
                     ") is dated before the meeting it comes from, \"", c.meeting_id(), "\" (",
                     origin->scheduled.date(), ")"));
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
  a.Emit(core::ProposalStream(proposal->submitted.proposal_id()), std::move(raised));

  v1::GovernanceEvent added_event;
  v1::AgendaItemAdded* added = added_event.mutable_agenda_item_added();
  added->set_meeting_id(c.to_meeting_id());
  added->set_item_id(c.to_item_id());
  added->set_proposal_id(proposal->submitted.proposal_id());
  added->set_submitted_by(from_body->body_id);
  added->set_escalation_id(c.escalation_id());
  added->set_origin_meeting_id(c.meeting_id());
  added->set_origin_item_id(c.item_id());
  a.Emit(core::MeetingStream(c.to_meeting_id()), std::move(added_event));
  return absl::OkStatus();
}

absl::Status ResolveEscalation(Attempt& a, const v1::ResolveEscalation& c) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, c.proposal_id()));
  if (proposal->escalations.count(c.escalation_id()) == 0) {
    return Refuse(absl::StrCat("proposal \"", c.proposal_id(), "\" has no escalation \"",
                               c.escalation_id(), "\""));
  }
  if (proposal->resolved_escalations.count(c.escalation_id()) > 0) {
    return Refuse(absl::StrCat("escalation \"", c.escalation_id(), "\" has been resolved already"));
  }
  RETURN_IF_ERROR(RequireText("resolution", c.resolution()));
  v1::GovernanceEvent event;
  v1::EscalationResolved* resolved = event.mutable_escalation_resolved();
  resolved->set_escalation_id(c.escalation_id());
  resolved->set_proposal_id(c.proposal_id());
  resolved->set_resolution(c.resolution());
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
