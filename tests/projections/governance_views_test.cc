#include "projections/governance_views.h"

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/history_generator.h"
#include "besluitlog/v1/query.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::projections {
namespace {

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const auto& p : GovernanceProjections()) names.push_back(p->name());
  return names;
}

// A store in `dir` with everything up to `until` (0: the head) applied.
std::unique_ptr<ProjectionStore> Build(const ledger::EventLog& log, const std::string& dir,
                                       uint64_t until) {
  auto store = ProjectionStore::Open(dir, Names());
  EXPECT_TRUE(store.ok()) << store.status();
  ProjectionRunner runner(&log, store->get(), GovernanceProjections());
  absl::Status ran = runner.RunUntil(until);
  EXPECT_TRUE(ran.ok()) << ran;
  return *std::move(store);
}

template <typename View>
View Get(const ProjectionStore& store, const char* projection, const std::string& entity,
         uint64_t as_of = 0) {
  absl::StatusOr<std::optional<std::string>> stored = store.GetAsOf(projection, entity, as_of);
  EXPECT_TRUE(stored.ok()) << stored.status();
  View view;
  if (stored.ok() && stored->has_value()) view.ParseFromString(**stored);
  return view;
}

class GovernanceViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = ledger::EventLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    commands_ = std::make_unique<ledger::governance::GovernanceCommands>(log_.get(), &clock_);
  }

  testing::TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(1764000000)};
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<ledger::governance::GovernanceCommands> commands_;
};

TEST_F(GovernanceViewsTest, ProposalViewTellsTheWholeStory) {
  testing::RecordKpiDispute(*commands_);
  auto store = Build(*log_, dir_.Sub("views"), 0);
  const auto view = **ReadProposalView(*store, "kpi", 0);
  EXPECT_EQ(view.title(), "Proposal kpi");
  EXPECT_EQ(view.status(), v1::RATIFICATION_COMPLETE);
  ASSERT_EQ(view.points_size(), 1);
  EXPECT_EQ(view.points(0).outcome(), v1::ADOPTED);
  EXPECT_EQ(view.points(0).decided_in_meeting(), "sbo-1");
  EXPECT_FALSE(view.points(0).tally().awaiting_ratification()) << "every College asked has decided";
  ASSERT_EQ(view.escalations_size(), 2);
  EXPECT_EQ(view.escalations(0).from_body_id(), "cg-a");
  EXPECT_EQ(view.escalations(0).to_body_id(), "oro");
  EXPECT_EQ(view.escalations(1).from_body_id(), "oro");
  EXPECT_EQ(view.escalations(1).to_body_id(), "sbo");
  int sbo_votes = 0;
  for (const v1::MemberVote& vote : view.votes()) {
    if (vote.meeting_id() != "sbo-1") continue;
    ++sbo_votes;
    EXPECT_EQ(vote.choice(), v1::FOR) << vote.member_id() << ": the last vote counts";
  }
  EXPECT_EQ(sbo_votes, 4);
  ASSERT_EQ(view.ratifications_size(), 3);
  EXPECT_EQ(view.ratifications(0).municipality(), "Dordrecht");
  EXPECT_EQ(view.ratifications(0).effective_date(), "2025-01-01");
  EXPECT_EQ(view.ratifications(1).effective_date(), "2026-01-01");
  EXPECT_EQ(view.ratifications(2).decision(), v1::REJECTED_BY_COLLEGE);
  EXPECT_EQ(view.ratifications(2).effective_date(), "");
  EXPECT_EQ(view.as_of_position(), log_->GetHead().position());
}

TEST_F(GovernanceViewsTest, MeetingViewHasAgendaAndBesluitenlijst) {
  testing::RecordKpiDispute(*commands_);
  auto store = Build(*log_, dir_.Sub("views"), 0);
  const auto sbo = **ReadMeetingView(*store, "sbo-1", 0);
  EXPECT_EQ(sbo.body_id(), "sbo");
  EXPECT_EQ(sbo.date(), "2024-11-20");
  EXPECT_EQ(sbo.status(), "open");
  ASSERT_EQ(sbo.agenda_size(), 1);
  EXPECT_EQ(sbo.agenda(0).escalation_id(), "e2");
  EXPECT_EQ(sbo.agenda(0).origin_meeting_id(), "oro-1");
  ASSERT_EQ(sbo.besluitenlijst_size(), 1);
  EXPECT_EQ(sbo.besluitenlijst(0).outcomes(0).outcome(), v1::ADOPTED);
  const auto oro = **ReadMeetingView(*store, "oro-1", 0);
  ASSERT_EQ(oro.besluitenlijst_size(), 1);
  EXPECT_EQ(oro.besluitenlijst(0).outcomes(0).outcome(), v1::NO_AGREEMENT);
}

TEST_F(GovernanceViewsTest, AgreementsInForcePerMunicipality) {
  testing::RecordKpiDispute(*commands_);
  auto store = Build(*log_, dir_.Sub("views"), 0);
  const auto dordrecht =
      Get<v1::AgreementsView>(*store, kAgreements, AgreementsEntity("Dordrecht"));
  ASSERT_EQ(dordrecht.agreements_size(), 1);
  EXPECT_EQ(dordrecht.agreements(0).proposal_id(), "kpi");
  EXPECT_EQ(dordrecht.agreements(0).title(), "Proposal kpi");
  EXPECT_EQ(dordrecht.agreements(0).effective_date(), "2025-01-01");
  const auto molenlanden =
      Get<v1::AgreementsView>(*store, kAgreements, AgreementsEntity("Molenlanden"));
  EXPECT_EQ(molenlanden.agreements_size(), 0) << "a rejection never takes effect";
}

// The as-of property: the view of any entity as of position P equals the
// view a projection built from only the events up to P holds.
TEST_F(GovernanceViewsTest, AsOfAnyPositionEqualsAReplayUpToIt) {
  testing::RecordKpiDispute(*commands_);
  auto full = Build(*log_, dir_.Sub("full"), 0);
  const uint64_t head = log_->GetHead().position();
  std::mt19937 random(20251120);
  std::vector<uint64_t> points = {1, head};
  for (int i = 0; i < 10; ++i) {
    points.push_back(std::uniform_int_distribution<uint64_t>(1, head)(random));
  }
  auto same = [](const auto& a, const auto& b) {
    if (!a.ok() || !b.ok() || a->has_value() != b->has_value()) return false;
    return !a->has_value() || (*a)->SerializeAsString() == (*b)->SerializeAsString();
  };
  for (uint64_t p : points) {
    auto replay = Build(*log_, dir_.Sub("replay-" + std::to_string(p)), p);
    EXPECT_TRUE(same(ReadProposalView(*full, "kpi", p), ReadProposalView(*replay, "kpi", 0)))
        << "proposal at " << p;
    for (const char* meeting : {"cg-1", "oro-1", "sbo-1"}) {
      EXPECT_TRUE(same(ReadMeetingView(*full, meeting, p), ReadMeetingView(*replay, meeting, 0)))
          << meeting << " at " << p;
    }
    for (const char* municipality : {"Dordrecht", "Zwijndrecht"}) {
      const std::string entity = AgreementsEntity(municipality);
      EXPECT_EQ(*full->GetAsOf(kAgreements, entity, p), *replay->GetAsOf(kAgreements, entity, 0))
          << municipality << " at " << p;
    }
  }
}

// The same property over a generated multi-year history, at random points.
TEST_F(GovernanceViewsTest, AsOfEqualsReplayOnAGeneratedHistory) {
  bench::HistoryOptions options;
  options.target_events = 4000;
  options.items_per_oro_meeting = 4;
  options.seed = 42;
  ASSERT_TRUE(bench::GenerateHistory(log_.get(), options).ok());
  const uint64_t head = log_->GetHead().position();
  auto full = Build(*log_, dir_.Sub("full"), 0);
  std::mt19937 random(7);
  for (int round = 0; round < 8; ++round) {
    const uint64_t p = std::uniform_int_distribution<uint64_t>(1, head)(random);
    auto replay = Build(*log_, dir_.Sub("replay-" + std::to_string(p)), p);
    // Every projection's latest state in the replay equals the full store's
    // state as of p, for every entity the replay knows.
    for (const std::string& name : Names()) {
      if (name == kTimeIndex) continue;  // Versioned by time, not position.
      absl::StatusOr<std::map<std::string, std::string>> dump = replay->Dump(name);
      ASSERT_TRUE(dump.ok()) << dump.status();
      for (const auto& [key, value] : *dump) {
        if (key.empty() || key[0] != 'L') continue;
        const std::string entity = key.substr(1);
        EXPECT_EQ(*full->GetAsOf(name, entity, p), std::optional<std::string>(value))
            << name << " " << entity << " at " << p;
      }
    }
    for (int i = 1; i <= 40; ++i) {
      const std::string id = absl::StrCat("p-", i);
      auto a = ReadProposalView(*full, id, p);
      auto b = ReadProposalView(*replay, id, 0);
      ASSERT_TRUE(a.ok() && b.ok());
      ASSERT_EQ(a->has_value(), b->has_value()) << id << " at " << p;
      if (a->has_value()) {
        EXPECT_EQ((*a)->SerializeAsString(), (*b)->SerializeAsString()) << id << " at " << p;
      }
    }
  }
}

TEST_F(GovernanceViewsTest, RestartInTheMiddleOfARebuildEndsInTheSameState) {
  testing::RecordKpiDispute(*commands_);
  auto uninterrupted = Build(*log_, dir_.Sub("a"), 0);
  const uint64_t head = log_->GetHead().position();
  {
    auto half = Build(*log_, dir_.Sub("b"), head / 2);  // Then "crash".
    EXPECT_EQ(*half->Checkpoint(kProposals), head / 2);
  }
  auto resumed = Build(*log_, dir_.Sub("b"), 0);
  for (const std::string& name : Names()) {
    EXPECT_EQ(*resumed->Checkpoint(name), head);
    EXPECT_EQ(*resumed->Dump(name), *uninterrupted->Dump(name)) << name;
  }
}

TEST_F(GovernanceViewsTest, AnAcknowledgedRebuildSurvivesAStopAndResumesOnTheNextStart) {
  testing::RecordKpiDispute(*commands_);
  const uint64_t head = log_->GetHead().position();
  auto uninterrupted = Build(*log_, dir_.Sub("a"), 0);
  const std::string dir = dir_.Sub("b");
  {
    auto store = ProjectionStore::Open(dir, Names());
    ASSERT_TRUE(store.ok());
    // A view that only a rebuild repairs: its state differs from the log's.
    ProjectionRunner(log_.get(), store->get(), GovernanceProjections()).RunUntil(0).IgnoreError();
    rocksdb::WriteBatch damage;
    (*store)->PutLatest(kProposals, "made-up", "not a proposal", &damage);
    ASSERT_TRUE((*store)->Commit(kProposals, &damage, head).ok());
    // A page at a time, so that the stop comes before the end.
    ProjectionRunner runner(log_.get(), store->get(), GovernanceProjections(), {.page_events = 1});
    ASSERT_TRUE(runner.Start().ok());
    ASSERT_TRUE(runner.Rebuild(kProposals).ok());
    runner.Stop();  // Whatever it got to; the request is on disk.
    for (const ProjectionProgress& p : runner.Progress()) {
      if (p.name != kProposals) continue;
      EXPECT_EQ(p.rebuild.generation, 1u);
      EXPECT_EQ(p.rebuild.target, head);
    }
  }
  auto store = ProjectionStore::Open(dir, Names());
  ASSERT_TRUE(store.ok());
  auto pending = (*store)->PendingRebuild(kProposals);
  ASSERT_TRUE(pending.ok());
  const uint64_t checkpoint = *(*store)->Checkpoint(kProposals);
  if (checkpoint < head) {  // Not finished before the stop: still recorded.
    ASSERT_TRUE(pending->has_value());
    EXPECT_EQ((*pending)->generation, 1u);
  }
  ProjectionRunner runner(log_.get(), store->get(), GovernanceProjections());
  ASSERT_TRUE(runner.RunUntil(0).ok());
  for (const ProjectionProgress& p : runner.Progress()) {
    EXPECT_FALSE(p.rebuilding) << p.name;
    if (p.name == kProposals && checkpoint < head) {
      EXPECT_TRUE(p.rebuild_resumed_after_restart);
    }
  }
  EXPECT_FALSE((*store)->PendingRebuild(kProposals)->has_value());
  for (const std::string& name : Names()) {
    EXPECT_EQ(*(*store)->Dump(name), *uninterrupted->Dump(name)) << name;
  }
}

TEST_F(GovernanceViewsTest, TheRunnerFollowsLiveAppendsAndRebuildsOnRequest) {
  auto store = ProjectionStore::Open(dir_.Sub("live"), Names());
  ASSERT_TRUE(store.ok());
  ProjectionRunner runner(log_.get(), store->get(), GovernanceProjections());
  ASSERT_TRUE(runner.Start().ok());
  testing::RecordKpiDispute(*commands_);
  const uint64_t head = log_->GetHead().position();
  ASSERT_TRUE(runner.WaitFor(head, absl::Now() + absl::Seconds(60)));
  const auto before = *(*store)->Dump(kProposals);
  ASSERT_TRUE(runner.Rebuild("").ok());
  EXPECT_EQ(runner.Rebuild("nonsense").code(), absl::StatusCode::kNotFound);
  // The rebuild starts over from 0 and comes back to the head.
  ASSERT_TRUE(runner.WaitFor(head, absl::Now() + absl::Seconds(60)));
  runner.Stop();
  EXPECT_EQ(*(*store)->Dump(kProposals), before);
  EXPECT_TRUE(runner.error().ok()) << runner.error();
  EXPECT_FALSE(runner.WaitFor(head + 1, absl::Now() + absl::Milliseconds(50)));
}

}  // namespace
}  // namespace besluitlog::projections
