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
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, t), v1::ADOPTED);
}

TEST(DecisionRulesTest, ConsensusFailsOnOneAgainstOrOneObjection) {
  Tally t = Present(6, 6, 12);
  t.votes_for = 11;
  t.votes_against = 1;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, t), v1::NO_AGREEMENT);
  t.votes_against = 0;
  t.objections = 1;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, t), v1::NO_AGREEMENT);
  t.objections = 0;
  t.votes_for = 0;
  EXPECT_EQ(*DecideOutcome(v1::CONSENSUS, t), v1::NO_AGREEMENT)
      << "nobody for is no consensus";
}

TEST(DecisionRulesTest, ConsensusNeedsBothSidesPresent) {
  Tally t = Present(6, 0, 12);
  t.votes_for = 6;
  absl::StatusOr<v1::Outcome> outcome = DecideOutcome(v1::CONSENSUS, t);
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(outcome.status().message(), HasSubstr("no combinaties member"));
  EXPECT_THAT(DecideOutcome(v1::CONSENSUS, Present(0, 3, 12)).status().message(),
              HasSubstr("no gemeenten member"));
}

TEST(DecisionRulesTest, MajorityCountsVotesCastAndNeedsHalfPresent) {
  Tally t = Present(4, 3, 9);
  t.votes_for = 3;
  t.votes_against = 2;
  t.abstentions = 2;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY, t), v1::ADOPTED);
  t.votes_against = 3;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY, t), v1::NO_AGREEMENT) << "a tie";
  t.votes_against = 4;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY, t), v1::REJECTED);
  absl::StatusOr<v1::Outcome> no_quorum = DecideOutcome(v1::MAJORITY, Present(2, 2, 9));
  EXPECT_EQ(no_quorum.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(no_quorum.status().message(), HasSubstr("only 4 are"));
  EXPECT_TRUE(DecideOutcome(v1::MAJORITY, Present(3, 2, 10)).ok())
      << "exactly half is a quorum";
}

TEST(DecisionRulesTest, MajorityPlusOneNeedsHalfOfThePresentPlusTwo) {
  Tally t = Present(14, 0, 14);
  t.votes_for = 8;  // floor(14/2) + 1: a plain majority is not enough.
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY_PLUS_ONE, t), v1::NO_AGREEMENT);
  t.votes_for = 9;
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY_PLUS_ONE, t), v1::ADOPTED);
  Tally odd = Present(13, 0, 14);
  odd.votes_for = 8;  // floor(13/2) + 2 = 8.
  EXPECT_EQ(*DecideOutcome(v1::MAJORITY_PLUS_ONE, odd), v1::ADOPTED);
}

TEST(DecisionRulesTest, ABodyWithoutARuleCannotDecide) {
  absl::StatusOr<v1::Outcome> outcome =
      DecideOutcome(v1::DECISION_RULE_UNSPECIFIED, Present(1, 1, 2));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(outcome.status().message(), HasSubstr("no decision rule yet"));
}

}  // namespace
}  // namespace besluitlog::ledger
