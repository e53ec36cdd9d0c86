// How a body's decision rule turns the votes and objections on one decision
// point into an outcome. Pure functions; thread-safe.
//
//   CONSENSUS          both sides (gemeenten and combinaties) must have a
//                      voting member present, else the decision cannot be
//                      taken (quorum). ADOPTED when nobody present votes
//                      against or objects and at least one votes for;
//                      otherwise NO_AGREEMENT.
//   MAJORITY           at least half of the voting members present (quorum).
//                      Votes cast are for + against (abstentions are not
//                      cast). ADOPTED when for > cast / 2, REJECTED when
//                      against > cast / 2, otherwise (a tie, or nothing
//                      cast) NO_AGREEMENT.
//   MAJORITY_PLUS_ONE  with N voting members present: ADOPTED when
//                      for >= floor(N/2) + 2, otherwise NO_AGREEMENT.
// Objections block consensus only; under the majority rules they are
// recorded but do not count as votes.
//
// Quorum: QUORUM_OF_THE_RULE is the quorum named above for each rule (for
// majority + 1: at least one voting member present); a body can set another
// (BOTH_SIDES_PRESENT, HALF_OF_VOTING_MEMBERS, NO_QUORUM).
#ifndef BESLUITLOG_LEDGER_DECISION_RULES_H_
#define BESLUITLOG_LEDGER_DECISION_RULES_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::ledger {

struct Tally {
  uint32_t votes_for = 0;
  uint32_t votes_against = 0;
  uint32_t abstentions = 0;
  uint32_t objections = 0;
  uint32_t voting_members = 0;          // Of the body.
  uint32_t voting_members_present = 0;  // In person or by substitute.
  uint32_t gemeenten_present = 0;
  uint32_t combinaties_present = 0;
};

// FAILED_PRECONDITION when the rule cannot decide (no rule yet, or no
// quorum), with a message that names the rule.
[[nodiscard]] absl::StatusOr<v1::Outcome> DecideOutcome(v1::DecisionRule rule,
                                                        v1::QuorumRule quorum, const Tally& tally);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_DECISION_RULES_H_
