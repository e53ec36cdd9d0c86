#include "tools/governance_cli.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace besluitlog::tools {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(GovernanceCliTest, OneActPerCommand) {
  const std::vector<std::string> acts = GovernanceActNames();
  EXPECT_EQ(acts.size(), 26u);
  EXPECT_THAT(acts, Contains("cast-vote"));
  EXPECT_THAT(acts, Contains("record-college-decision"));
  EXPECT_TRUE(IsGovernanceAct("take-decision"));
  EXPECT_TRUE(IsGovernanceAct("take_decision"));
  EXPECT_FALSE(IsGovernanceAct("read"));
  EXPECT_FALSE(IsGovernanceAct("actor")) << "not a oneof case";
  EXPECT_THAT(GovernanceActUsage(), HasSubstr("cast-vote --meeting_id --item_id"));
}

TEST(GovernanceCliTest, ScalarsEnumsAndBools) {
  absl::StatusOr<v1::GovernanceCommand> c =
      ParseGovernanceAct("cast-vote", {"--meeting_id=sbo-4", "--item-id", "2", "--decision_point=1",
                                       "--voter_id=w1", "--choice=Against", "--actor=w1"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->cast_vote().meeting_id(), "sbo-4");
  EXPECT_EQ(c->cast_vote().item_id(), "2");
  EXPECT_EQ(c->cast_vote().decision_point(), 1u);
  EXPECT_EQ(c->cast_vote().choice(), v1::AGAINST);
  EXPECT_EQ(c->actor(), "w1");
  c = ParseGovernanceAct("record-attendance", {"--meeting_id=m", "--member_id=x", "--present"});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->record_attendance().present());
  c = ParseGovernanceAct("record-attendance",
                         {"--present", "false", "--meeting_id=m", "--member_id=x"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->record_attendance().present());
}

TEST(GovernanceCliTest, RepeatedValuesAndMessages) {
  absl::StatusOr<v1::GovernanceCommand> c = ParseGovernanceAct(
      "request-ratification",
      {"--proposal_id=p", "--municipalities=Dordrecht,Gorinchem", "--municipalities=Sliedrecht"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(c->request_ratification().municipalities(),
              ElementsAre("Dordrecht", "Gorinchem", "Sliedrecht"));
  c = ParseGovernanceAct(
      "submit-proposal",
      {"--proposal_id=p", "--body_id=oro", R"(--decision_points={"number":1,"text":"a"})",
       R"(--decision_points=[{"number":2,"text":"b"},{"number":3,"text":"c"}])",
       R"(--documents={"name":"x.pdf","sha256":"ab"})"});
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->submit_proposal().decision_points_size(), 3);
  EXPECT_EQ(c->submit_proposal().decision_points(2).text(), "c");
  EXPECT_EQ(c->submit_proposal().documents(0).name(), "x.pdf");
  c = ParseGovernanceAct("establish-body",
                         {"--body_id=oro", R"(--config={"name":"ORO","kind":"ORO"})"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->establish_body().config().kind(), v1::ORO);
}

TEST(GovernanceCliTest, JsonGivesTheWholeActAndFlagsOverrideIt) {
  absl::StatusOr<v1::GovernanceCommand> c = ParseGovernanceAct(
      "schedule-meeting",
      {"--date=2026-02-02", R"(--json={"meetingId":"m1","bodyId":"oro","date":"2026-01-01"})"});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->schedule_meeting().meeting_id(), "m1");
  EXPECT_EQ(c->schedule_meeting().date(), "2026-02-02");
}

TEST(GovernanceCliTest, MistakesNameTheFlag) {
  EXPECT_THAT(ParseGovernanceAct("cast-vote", {"--colour=red"}).status().message(),
              HasSubstr("cast-vote has no field --colour"));
  EXPECT_THAT(ParseGovernanceAct("cast-vote", {"--choice=maybe"}).status().message(),
              HasSubstr("expected one of for, against, abstain"));
  EXPECT_THAT(ParseGovernanceAct("cast-vote", {"--decision_point=one"}).status().message(),
              HasSubstr("expected a whole number"));
  EXPECT_THAT(ParseGovernanceAct("cast-vote", {"sbo-4"}).status().message(),
              HasSubstr("unexpected argument"));
  EXPECT_THAT(ParseGovernanceAct("cast-vote", {"--meeting_id"}).status().message(),
              HasSubstr("needs a value"));
  EXPECT_THAT(ParseGovernanceAct("establish-body", {"--config={"}).status().message(),
              HasSubstr("not valid JSON"));
  EXPECT_EQ(ParseGovernanceAct("dance", {}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace besluitlog::tools
