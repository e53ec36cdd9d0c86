#include "ledger/governance/proposals.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

absl::Status SubmitProposal(Attempt& a, const v1::SubmitProposal& c) {
  RETURN_IF_ERROR(RequireNewProposal(a, c.proposal_id()));
  RETURN_IF_ERROR(ExistingBody(a, c.body_id()).status());
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
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status AmendProposal(Attempt& a, const v1::AmendProposal& c) {
  RETURN_IF_ERROR(UndecidedProposal(a, c.proposal_id()).status());
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
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status WithdrawProposal(Attempt& a, const v1::WithdrawProposal& c) {
  RETURN_IF_ERROR(UndecidedProposal(a, c.proposal_id()).status());
  v1::GovernanceEvent event;
  event.mutable_proposal_withdrawn()->set_proposal_id(c.proposal_id());
  event.mutable_proposal_withdrawn()->set_reason(c.reason());
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status AddAgendaItem(Attempt& a, const v1::AddAgendaItem& c) {
  ASSIGN_OR_RETURN(MeetingState * meeting, UnclosedMeeting(a, c.meeting_id()));
  RETURN_IF_ERROR(RequireId("item_id", c.item_id()));
  RETURN_IF_ERROR(RequireNoItem(*meeting, c.meeting_id(), c.item_id()));
  ASSIGN_OR_RETURN(ProposalState * proposal, UndecidedProposal(a, c.proposal_id()));
  ASSIGN_OR_RETURN(BodyState * body, BodyOf(a, *meeting));
  if (proposal->submitted.body_id() != body->body_id) {
    return Refuse(absl::StrCat("proposal \"", c.proposal_id(), "\" was submitted to \"",
                               proposal->submitted.body_id(), "\"; it reaches \"", body->body_id,
                               "\" only by escalation"));
  }
  if (!body->config.agenda_via().empty()) {
    if (c.submitted_by() != body->config.agenda_via()) {
      return Refuse(absl::StrCat("agenda rule: items for ", body->config.name(),
                                 " come in through \"", body->config.agenda_via(),
                                 "\" (\"Onderwerpen worden via het ORO aangedragen\"), not from \"",
                                 c.submitted_by(), "\""));
    }
  } else if (body->ActiveMember(c.submitted_by()) == nullptr) {
    return Refuse(absl::StrCat("agenda rule: items for ", body->config.name(),
                               " come from its own members and chair; \"", c.submitted_by(),
                               "\" is not a sitting member"));
  }
  v1::GovernanceEvent event;
  v1::AgendaItemAdded* added = event.mutable_agenda_item_added();
  added->set_meeting_id(c.meeting_id());
  added->set_item_id(c.item_id());
  added->set_proposal_id(c.proposal_id());
  added->set_submitted_by(c.submitted_by());
  a.Emit(core::MeetingStream(c.meeting_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
