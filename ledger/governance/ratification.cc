#include "ledger/governance/ratification.h"

#include <string>
#include <utility>

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

namespace {

// The SBO decision on `proposal` that awaits the Colleges, if any.
const v1::DecisionTaken* AwaitingRatification(const ProposalState& proposal) {
  for (const v1::DecisionTaken& decision : proposal.decisions) {
    for (const v1::PointOutcome& outcome : decision.outcomes()) {
      if (outcome.awaiting_ratification()) return &decision;
    }
  }
  return nullptr;
}

}  // namespace

absl::Status RequestRatification(Attempt& a, const v1::RequestRatification& c) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, c.proposal_id()));
  if (AwaitingRatification(*proposal) == nullptr) {
    return Refuse(
        "ratification rule: only an SBO decision that changes the "
        "agreement goes to the Colleges for ratification, and proposal \"" +
        c.proposal_id() + "\" has none");
  }
  if (c.municipalities().empty()) {
    return absl::InvalidArgumentError("name the municipalities whose College must ratify");
  }
  for (const std::string& municipality : c.municipalities()) {
    RETURN_IF_ERROR(RequireId("municipality", municipality));
    if (proposal->ratification_requested_from.count(municipality) > 0) {
      return Refuse(
          absl::StrCat("ratification has been requested from ", municipality, " already"));
    }
  }
  v1::GovernanceEvent event;
  event.mutable_ratification_requested()->set_proposal_id(c.proposal_id());
  *event.mutable_ratification_requested()->mutable_municipalities() = c.municipalities();
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status RecordCollegeDecision(Attempt& a, const Clock& clock,
                                   const v1::RecordCollegeDecision& c) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, c.proposal_id()));
  if (proposal->ratification_requested_from.count(c.municipality()) == 0) {
    return Refuse(absl::StrCat("ratification of proposal \"", c.proposal_id(),
                               "\" has not been requested from ", c.municipality()));
  }
  if (proposal->college_decisions.count(c.municipality()) > 0) {
    return Refuse(absl::StrCat("the College of ", c.municipality(), " has decided on proposal \"",
                               c.proposal_id(), "\" already"));
  }
  if (c.decision() != v1::RATIFIED && c.decision() != v1::REJECTED_BY_COLLEGE) {
    return absl::InvalidArgumentError("decision must be RATIFIED or REJECTED_BY_COLLEGE");
  }
  ASSIGN_OR_RETURN(absl::CivilDay date, core::ParseDate("decision_date", c.decision_date()));
  ASSIGN_OR_RETURN(absl::CivilDay today, core::DayInAmsterdam(clock.Now()));
  if (date > today) {
    return Refuse(
        absl::StrCat("a College decision is recorded once it has been taken: ", c.decision_date(),
                     " is after today (", core::FormatDate(today), ", Europe/Amsterdam)"));
  }
  const v1::DecisionTaken* sbo = AwaitingRatification(*proposal);
  absl::StatusOr<absl::CivilDay> sbo_date = core::ParseDate("date", sbo->date());
  if (sbo_date.ok() && date < *sbo_date) {
    return Refuse(absl::StrCat("a College decides after the SBO: ", c.decision_date(),
                               " is before the SBO decision of ", sbo->date()));
  }
  v1::GovernanceEvent event;
  v1::CollegeDecisionRecorded* recorded = event.mutable_college_decision_recorded();
  recorded->set_proposal_id(c.proposal_id());
  recorded->set_municipality(c.municipality());
  recorded->set_decision(c.decision());
  recorded->set_decision_date(core::FormatDate(date));
  if (c.decision() == v1::RATIFIED) {
    recorded->set_effective_date(core::FormatDate(core::EffectiveDate(date)));
  }
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
