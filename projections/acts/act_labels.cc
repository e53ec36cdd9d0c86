#include "projections/acts/act_labels.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace besluitlog::projections::acts {

std::string VoteLabel(const v1::VoteCast& vote) {
  return absl::StrCat(vote.member_id(), " ", v1::VoteChoice_Name(vote.choice()));
}

std::string OutcomesLabel(const v1::DecisionTaken& decision) {
  std::vector<std::string> outcomes;
  for (const v1::PointOutcome& o : decision.outcomes()) {
    outcomes.push_back(absl::StrCat(o.decision_point(), " ", v1::Outcome_Name(o.outcome())));
  }
  return absl::StrJoin(outcomes, "; ");
}

std::string CollegeDecisionLabel(const v1::CollegeDecisionRecorded& decision) {
  return absl::StrCat(decision.municipality(), " ", v1::CollegeDecision_Name(decision.decision()),
                      decision.effective_date().empty() ? "" : " in force ",
                      decision.effective_date());
}

std::string PointOutcomeLabel(const v1::PointOutcome& o) {
  return absl::StrCat("point ", o.decision_point(), ": ", v1::Outcome_Name(o.outcome()),
                      o.awaiting_ratification() ? " (ratification by the Colleges asked)" : "",
                      " — ", o.votes_for(), " for, ", o.votes_against(), " against, ",
                      o.abstentions(), " abstaining");
}

std::string AgendaItemLabel(const v1::AgendaItemAdded& item, const std::string& title) {
  return absl::StrCat(item.item_id(), ". ", title,
                      item.escalation_id().empty()
                          ? ""
                          : absl::StrCat(" (escalated from ", item.origin_meeting_id(), ")"));
}

std::string DecisionLabel(const v1::DecisionTaken& decision, const std::string& title) {
  std::vector<std::string> outcomes;
  for (const v1::PointOutcome& o : decision.outcomes()) outcomes.push_back(PointOutcomeLabel(o));
  return absl::StrCat(decision.item_id(), ". ", title, ": ", absl::StrJoin(outcomes, "; "));
}

std::string VoteChoiceWord(v1::VoteChoice choice) {
  switch (choice) {
    case v1::FOR:
      return "voor";
    case v1::AGAINST:
      return "tegen";
    case v1::ABSTAIN:
      return "onthouding";
    default:
      return "onbekend";
  }
}

std::string OutcomeWord(const v1::PointOutcome& outcome) {
  switch (outcome.outcome()) {
    case v1::ADOPTED:
      return outcome.awaiting_ratification() ? "aangenomen, bekrachtiging gevraagd" : "aangenomen";
    case v1::REJECTED:
      return "verworpen";
    case v1::NO_AGREEMENT:
      return "geen overeenstemming";
    default:
      return "onbekend";
  }
}

std::string PointOutcomeWords(const v1::PointOutcome& o) {
  return absl::StrCat("punt ", o.decision_point(), ": ", OutcomeWord(o), " (", o.votes_for(),
                      " voor, ", o.votes_against(), " tegen, ", o.abstentions(),
                      o.abstentions() == 1 ? " onthouding)" : " onthoudingen)");
}

std::string CollegeDecisionWords(const v1::CollegeDecisionRecorded& decision) {
  if (decision.decision() != v1::RATIFIED) return "niet bekrachtigd";
  return decision.effective_date().empty()
             ? "bekrachtigd"
             : absl::StrCat("bekrachtigd, in werking per ", decision.effective_date());
}

}  // namespace besluitlog::projections::acts
