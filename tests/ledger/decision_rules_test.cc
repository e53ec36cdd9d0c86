#include "ledger/decision_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace besluitlog::ledger {
namespace {

using ::testing::HasSubstr;

Tally Present(uint32_t gemeenten, uint32_t combinaties, uint32_t members) {
  Tally t;
  t.gemeenten_present = gemeenten;
  t.combinaties_present = combinaties;
  t.voting_members_present = gemeenten + combinaties;
  t.voting_members = members;
  return t;
}

TEST(DecisionRulesTest, ConsensusAdoptsWhenNobodyIsAgainst) {
  Tally t = Present(6, 6, 12);
  t.votes_for = 10;
  t.abstentions = 2;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, v1::QUORUM_OF_THE_RULE, t), v1::ADOPTED);
}

TEST(DecisionRulesTest, ConsensusFailsOnOneAgainstOrOneObjection) {
  Tally t = Present(6, 6, 12);
  t.votes_for = 11;
  t.votes_against = 1;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, v1::QUORUM_OF_THE_RULE, t), v1::NO_AGREEMENT);
  t.votes_against = 0;
  t.objections = 1;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, v1::QUORUM_OF_THE_RULE, t), v1::NO_AGREEMENT);
  t.objections = 0;
  t.votes_for = 0;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, v1::QUORUM_OF_THE_RULE, t), v1::NO_AGREEMENT)
      << "nobody for is no consensus";
}

TEST(DecisionRulesTest, ConsensusNeedsBothSidesPresent) {
  Tally t = Present(6, 0, 12);
  t.votes_for = 6;
  absl::StatusOr<v1::Outcome> outcome = DecideOutcome(v1::CONSENSUS, v1::QUORUM_OF_THE_RULE, t);
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(outcome.status().message(), HasSubstr("no combinaties member"));
  EXPECT_THAT(
      DecideOutcome(v1::CONSENSUS, v1::QUORUM_OF_THE_RULE, Present(0, 3, 12)).status().message(),
      HasSubstr("no gemeenten member"));
}

TEST(DecisionRulesTest, MajorityCountsVotesCastAndNeedsHalfPresent) {
  Tally t = Present(4, 3, 9);
  t.votes_for = 3;
  t.votes_against = 2;
  t.abstentions = 2;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY, v1::QUORUM_OF_THE_RULE, t), v1::ADOPTED);
  t.votes_against = 3;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY, v1::QUORUM_OF_THE_RULE, t), v1::NO_AGREEMENT) << "a tie";
  t.votes_against = 4;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY, v1::QUORUM_OF_THE_RULE, t), v1::REJECTED);
  absl::StatusOr<v1::Outcome> no_quorum =
      DecideOutcome(v1::MAJORITY, v1::QUORUM_OF_THE_RULE, Present(2, 2, 9));
  EXPECT_EQ(no_quorum.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(no_quorum.status().message(), HasSubstr("only 4 are"));
  EXPECT_TRUE(DecideOutcome(v1::MAJORITY, v1::QUORUM_OF_THE_RULE, Present(3, 2, 10)).ok())
      << "exactly half is a quorum";
}

TEST(DecisionRulesTest, MajorityPlusOneNeedsHalfOfThePresentPlusTwo) {
  Tally t = Present(14, 0, 14);
  t.votes_for = 8;  // floor(14/2) + 1: a plain majority is not enough.
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY_PLUS_ONE, v1::QUORUM_OF_THE_RULE, t), v1::NO_AGREEMENT);
  t.votes_for = 9;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY_PLUS_ONE, v1::QUORUM_OF_THE_RULE, t), v1::ADOPTED);
  Tally odd = Present(13, 0, 14);
  odd.votes_for = 8;  // floor(13/2) + 2 = 8.
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY_PLUS_ONE, v1::QUORUM_OF_THE_RULE, odd), v1::ADOPTED);
}

TEST(DecisionRulesTest, ABodyCanSetAnotherQuorum) {
  Tally t = Present(3, 0, 10);
  t.votes_for = 3;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, v1::NO_QUORUM, t), v1::ADOPTED);
  EXPECT_THAT(DecideOutcome(v1::CONSENSUS, v1::HALF_OF_VOTING_MEMBERS, t).status().message(),
              HasSubstr("at least half of the 10"));
  EXPECT_THAT(DecideOutcome(v1::MAJORITY, v1::BOTH_SIDES_PRESENT, t).status().message(),
              HasSubstr("no combinaties member"));
}

TEST(DecisionRulesTest, ABodyWithoutARuleCannotDecide) {
  absl::StatusOr<v1::Outcome> outcome =
      DecideOutcome(v1::DECISION_RULE_UNSPECIFIED, v1::QUORUM_OF_THE_RULE, Present(1, 1, 2));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(outcome.status().message(), HasSubstr("no decision rule yet"));
}

}  // namespace
}  // namespace besluitlog::ledger
