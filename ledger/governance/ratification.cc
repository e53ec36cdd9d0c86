#include "ledger/governance/ratification.h"

#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
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

// The municipality as a ratification request of `proposal` named it,
// matched ignoring case; null when none did.
const std::string* RequestedFrom(const ProposalState& proposal, const std::string& municipality) {
  for (const std::string& requested : proposal.ratification_requested_from) {
    if (absl::EqualsIgnoreCase(requested, municipality)) return &requested;
  }
  return nullptr;
}

}  // namespace

absl::Status RequestRatification(Attempt& a, Municipalities& municipalities,
                                 const v1::RequestRatification& c) {
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
  // Each named as the ledger knows it (its College and council bodies), in
  // that spelling, so the agreements of "dordrecht" are those of Dordrecht.
  google::protobuf::RepeatedPtrField<std::string> canonical;
  std::set<std::string> named;
  for (const std::string& given : c.municipalities()) {
    ASSIGN_OR_RETURN(std::string municipality, municipalities.Resolve("municipalities", given));
    if (!named.insert(municipality).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(municipality, " is named twice; each College is asked once"));
    }
    if (RequestedFrom(*proposal, municipality) != nullptr) {
      return Refuse(
          absl::StrCat("ratification has been requested from ", municipality, " already"));
    }
    *canonical.Add() = std::move(municipality);
  }
  v1::GovernanceEvent event;
  event.mutable_ratification_requested()->set_proposal_id(c.proposal_id());
  *event.mutable_ratification_requested()->mutable_municipalities() = std::move(canonical);
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status RecordCollegeDecision(Attempt& a, Municipalities& municipalities, const Clock& clock,
                                   const v1::RecordCollegeDecision& c) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, c.proposal_id()));
  ASSIGN_OR_RETURN(const std::string known,
                   municipalities.Resolve("municipality", c.municipality()));
  // As the request spelled it (a request recorded before names were checked
  // may differ in case from the known spelling).
  const std::string* requested = RequestedFrom(*proposal, known);
  if (requested == nullptr) {
    return Refuse(absl::StrCat("ratification of proposal \"", c.proposal_id(),
                               "\" has not been requested from ", known));
  }
  const std::string& municipality = *requested;
  if (proposal->college_decisions.count(municipality) > 0) {
    return Refuse(absl::StrCat("the College of ", municipality, " has decided on proposal \"",
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
  recorded->set_municipality(municipality);
  recorded->set_decision(c.decision());
  recorded->set_decision_date(core::FormatDate(date));
  if (c.decision() == v1::RATIFIED) {
    recorded->set_effective_date(core::FormatDate(core::EffectiveDate(date)));
  }
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
