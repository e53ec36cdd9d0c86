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

}  // namespace besluitlog::projections::acts
