#include "tools/closest_name.h"

#include "gtest/gtest.h"

namespace besluitlog::tools {
namespace {

const std::vector<std::string> kCommands = {
    "schedule-meeting", "open-meeting", "show", "head", "token", "cast-vote"};

TEST(ClosestNameTest, ATypingMistakeFindsTheCommandMeant) {
  EXPECT_EQ(ClosestName("schedule-meetng", kCommands), "schedule-meeting");  // One left out.
  EXPECT_EQ(ClosestName("shwo", kCommands), "show");                         // Two swapped.
  EXPECT_EQ(ClosestName("Cast-Vote", kCommands), "cast-vote");               // Case.
}

TEST(ClosestNameTest, ANameFarFromEveryKnownOneFindsNothing) {
  EXPECT_EQ(ClosestName("frobnicate", kCommands), std::nullopt);
  EXPECT_EQ(ClosestName("x", {"show"}), std::nullopt);
  EXPECT_EQ(ClosestName("show", {}), std::nullopt);
}

}  // namespace
}  // namespace besluitlog::tools
