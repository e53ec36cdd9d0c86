#include "tools/datadir/replay.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "projections/governance_views.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools::datadir {
namespace {

class ReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger::EventLogOptions options;
    options.clock = &clock_;
    auto log = ledger::EventLog::Open(dir_.Sub("log"), options);
    ASSERT_TRUE(log.ok());
    log_ = *std::move(log);
    ledger::governance::GovernanceCommands commands(log_.get(), &clock_);
    testing::RecordKpiDispute(commands);  // Recorded on 2025-11-24.
    before_colleges_ = log_->GetHead().position() - 3;
    clock_.Advance(absl::Hours(24 * 3));  // 2025-11-27.
    testing::Must(commands, testing::Submit("later", "oro", {"x"}, false, "r1"));
  }

  testing::TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(1764000000)};
  std::unique_ptr<ledger::EventLog> log_;
  uint64_t before_colleges_ = 0;
};

TEST_F(ReplayTest, ReplayingEverythingGivesTheLiveAnswers) {
  std::vector<std::string> names;
  for (const auto& p : projections::GovernanceProjections()) names.push_back(p->name());
  auto live = projections::ProjectionStore::Open(dir_.Sub("live"), names);
  ASSERT_TRUE(live.ok());
  projections::ProjectionRunner runner(log_.get(), live->get(),
                                       projections::GovernanceProjections());
  ASSERT_TRUE(runner.RunUntil(0).ok());

  absl::StatusOr<ReplayState> state =
      Replay(*log_, log_->GetHead().position(), dir_.Sub("scratch"));
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(state->proposals.size(), 2u);
  for (const v1::ProposalView& replayed : state->proposals) {
    auto view = projections::ReadProposalView(**live, replayed.proposal_id(), 0);
    ASSERT_TRUE(view.ok() && view->has_value());
    EXPECT_EQ((*view)->SerializeAsString(), replayed.SerializeAsString());
  }
  ASSERT_EQ(state->agreements.size(), 2u) << "Dordrecht and Zwijndrecht ratified";
  EXPECT_EQ(state->bodies.size(), 3u);
  EXPECT_THAT(ReplayStateToJson(*state), ::testing::HasSubstr("RATIFICATION_COMPLETE"));
}

TEST_F(ReplayTest, ReplayAsOfAPositionOrADay) {
  absl::StatusOr<ReplayState> then = Replay(*log_, before_colleges_, dir_.Sub("scratch"));
  ASSERT_TRUE(then.ok());
  ASSERT_EQ(then->proposals.size(), 1u);
  EXPECT_EQ(then->proposals[0].status(), v1::AWAITING_RATIFICATION);
  EXPECT_TRUE(then->agreements.empty());

  EXPECT_EQ(*LastPositionOn(*log_, "2025-11-23"), 0u);
  EXPECT_EQ(*LastPositionOn(*log_, "2025-11-24"), log_->GetHead().position() - 1);
  EXPECT_EQ(*LastPositionOn(*log_, "2025-11-30"), log_->GetHead().position());
  EXPECT_FALSE(LastPositionOn(*log_, "24-11-2025").ok());
}

}  // namespace
}  // namespace besluitlog::tools::datadir
