#include "projections/acts/counted_votes.h"

#include "besluitlog/v1/governance.pb.h"
#include "gtest/gtest.h"

namespace besluitlog::projections::acts {
namespace {

v1::VoteCast Vote(const std::string& member, uint32_t point, v1::VoteChoice choice) {
  v1::VoteCast vote;
  vote.set_meeting_id("oro-2026-01");
  vote.set_item_id("3");
  vote.set_decision_point(point);
  vote.set_member_id(member);
  vote.set_voter_id(member);
  vote.set_choice(choice);
  return vote;
}

TEST(CountedVotesTest, AMembersLastVoteOnAPointCountsInThePlaceOfTheirFirst) {
  CountedVotes<v1::VoteCast> votes;
  votes.Cast(Vote("regio-1", 1, v1::FOR));
  votes.Cast(Vote("regio-2", 1, v1::AGAINST));
  votes.Cast(Vote("regio-1", 2, v1::FOR));      // Another point: a vote of its own.
  votes.Cast(Vote("regio-1", 1, v1::AGAINST));  // Changed: replaces the first.
  ASSERT_EQ(votes.counted().size(), 3u);
  EXPECT_EQ(votes.counted()[0].member_id(), "regio-1");
  EXPECT_EQ(votes.counted()[0].decision_point(), 1u);
  EXPECT_EQ(votes.counted()[0].choice(), v1::AGAINST);
  EXPECT_EQ(votes.counted()[1].member_id(), "regio-2");
  EXPECT_EQ(votes.counted()[2].decision_point(), 2u);
  EXPECT_EQ(votes.counted()[2].choice(), v1::FOR);
}

TEST(CountedVotesTest, TheSamePointInAnotherMeetingIsAnotherSeat) {
  CountedVotes<v1::VoteCast> votes;
  v1::VoteCast sbo = Vote("regio-1", 1, v1::FOR);
  sbo.set_meeting_id("sbo-2026-02");
  votes.Cast(Vote("regio-1", 1, v1::AGAINST));
  votes.Cast(sbo);
  ASSERT_EQ(votes.counted().size(), 2u);
  EXPECT_EQ(votes.counted()[0].choice(), v1::AGAINST);
  EXPECT_EQ(votes.counted()[1].choice(), v1::FOR);
}

}  // namespace
}  // namespace besluitlog::projections::acts
