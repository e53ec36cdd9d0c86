// How acts read to people: the labels of votes, outcomes, College decisions,
// agenda items and besluitenlijst entries, in one place for the CSV, HTML
// and Popolo renderings (enum names as the protos spell them). Pure;
// thread-safe (stateless).
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_LABELS_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_LABELS_H_

#include <string>

#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::projections::acts {

// "w1 FOR".
std::string VoteLabel(const v1::VoteCast& vote);
// Each point's outcome, short: "1 ADOPTED; 2 REJECTED".
std::string OutcomesLabel(const v1::DecisionTaken& decision);
// "Dordrecht RATIFIED in force 2027-01-01" (without an effective date, no
// "in force" part).
std::string CollegeDecisionLabel(const v1::CollegeDecisionRecorded& decision);
// One point's outcome, in full: "point 1: ADOPTED (ratification by the Colleges asked)
// — 4 for, 0 against, 0 abstaining". It describes the decision as it was
// taken, so it stays true after the Colleges decided (their acts follow in
// rows of their own).
std::string PointOutcomeLabel(const v1::PointOutcome& outcome);
// An agenda entry: "2. <title>", plus " (escalated from <meeting>)".
std::string AgendaItemLabel(const v1::AgendaItemAdded& item, const std::string& title);
// A besluitenlijst entry: "2. <title>: " and each point's full outcome.
std::string DecisionLabel(const v1::DecisionTaken& decision, const std::string& title);

// The Dutch wordings, for the secretariaat's exports and pages: the one home
// of each.
// A choice: "voor", "tegen", "onthouding".
std::string VoteChoiceWord(v1::VoteChoice choice);
// A point's outcome: "aangenomen", "verworpen", "geen overeenstemming" or
// "aangenomen, bekrachtiging gevraagd" (adopted, the Colleges asked to
// ratify).
std::string OutcomeWord(const v1::PointOutcome& outcome);
// "punt 1: aangenomen (4 voor, 0 tegen, 0 onthoudingen)".
std::string PointOutcomeWords(const v1::PointOutcome& outcome);
// "bekrachtigd, in werking per 2027-01-01" or "niet bekrachtigd".
std::string CollegeDecisionWords(const v1::CollegeDecisionRecorded& decision);

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_LABELS_H_
