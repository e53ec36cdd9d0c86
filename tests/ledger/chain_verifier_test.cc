#include "ledger/chain_verifier.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/core/event_hash.h"
#include "ledger/event_log.h"
#include "ledger/event_log_test_peer.h"
#include "ledger/storage_layout.h"
#include "rocksdb/db.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::ledger {
namespace {

using ::testing::HasSubstr;

class ChainVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<EventLog>> log = EventLog::Open(dir_.path());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    for (int i = 0; i < kEvents; ++i) {
      v1::StreamAppend append;
      append.set_stream_id(i % 2 == 0 ? "sbo/agenda" : "oro/agenda");
      v1::ProposedEvent* event = append.add_events();
      event->set_event_type("AgendaItemAdded");
      event->set_payload("{\"item\":" + std::to_string(i) + "}");
      ASSERT_TRUE(log_->Append(append).ok());
    }
  }

  // Changes the stored payload of one event behind the log's back.
  void ForgePayloadAt(uint64_t position) {
    v1::Event event;
    ASSERT_TRUE(event.ParseFromString(RawGet(position)));
    event.set_payload("{\"item\":\"forged\"}");
    RawPut(position, event.SerializeAsString());
  }

  // An append is refused, naming who found the damage and where.
  void ExpectWritesRefused(const std::string& found_by, uint64_t position) {
    v1::StreamAppend append;
    append.set_stream_id("sbo/agenda");
    append.add_events()->set_event_type("AgendaItemAdded");
    absl::StatusOr<v1::AppendResult> refused = log_->Append(append);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(refused.status().message(), HasSubstr(found_by));
    EXPECT_THAT(refused.status().message(), HasSubstr(absl::StrCat("at position ", position)));
  }

  ChainReport Verify() {
    absl::StatusOr<ChainReport> report = VerifyStoredChain(*log_);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : ChainReport();
  }

  std::string RawGet(uint64_t position) {
    std::string value;
    EXPECT_TRUE(db()->Get(rocksdb::ReadOptions(), events(), EventKey(position), &value).ok());
    return value;
  }
  void RawPut(uint64_t position, const std::string& value) {
    ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(), events(), EventKey(position), value).ok());
  }
  rocksdb::DB* db() { return EventLogTestPeer::db(*log_); }
  rocksdb::ColumnFamilyHandle* events() {
    return EventLogTestPeer::column_family(*log_, ColumnFamily::kEvents);
  }

  static constexpr int kEvents = 6;
  testing::TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(ChainVerifierTest, IntactChainVerifies) {
  const ChainReport report = Verify();
  EXPECT_TRUE(report.ok()) << report.Summary();
  EXPECT_EQ(report.event_count, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(report.head_hash, log_->GetHead().hash());
  EXPECT_THAT(report.Summary(), HasSubstr("OK 6 events, head "));
  EXPECT_EQ(report.tree_root, log_->GetHead().tree_root());
}

// A walk over a million events takes seconds: whoever watches is told how
// far it is while it runs, not only at the end.
TEST_F(ChainVerifierTest, WatcherIsToldHowFarTheWalkIs) {
  std::vector<uint64_t> told;
  VerifyWatch watch;
  watch.every = 4;
  watch.on_verified = [&told](uint64_t verified) { told.push_back(verified); };
  absl::StatusOr<ChainReport> report = VerifyStoredChain(*log_, watch);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok());
  EXPECT_THAT(told, ::testing::ElementsAre(4, kEvents));
}

TEST_F(ChainVerifierTest, AlteredPayloadIsNamedByPosition) {
  v1::Event event;
  ASSERT_TRUE(event.ParseFromString(RawGet(4)));
  event.set_payload("{\"item\":\"forged\"}");
  RawPut(4, event.SerializeAsString());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 4u);
  EXPECT_THAT(report.problem, HasSubstr("do not match its hash"));
  EXPECT_EQ(report.event_count, 3u);
}

TEST_F(ChainVerifierTest, RehashedForgeryBreaksTheNextLink) {
  v1::Event event;
  ASSERT_TRUE(event.ParseFromString(RawGet(2)));
  event.set_actor("mallory");
  event.set_hash(core::ComputeEventHash(event));
  RawPut(2, event.SerializeAsString());
  // The events alone (as a client sees them online): the next link breaks.
  ChainVerifier verifier;
  for (uint64_t position = 1; position <= kEvents; ++position) {
    v1::Event stored;
    ASSERT_TRUE(stored.ParseFromString(RawGet(position)));
    if (!verifier.Next(position, stored)) break;
  }
  ASSERT_FALSE(verifier.report().ok());
  EXPECT_EQ(*verifier.report().first_bad_position, 3u);
  EXPECT_THAT(verifier.report().problem, HasSubstr("prev_hash"));
  // On disk the stored Merkle leaf still holds the original: the forged
  // event itself is named.
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 2u);
  EXPECT_THAT(report.problem, HasSubstr("stored Merkle leaf does not match"));
}

TEST_F(ChainVerifierTest, UndecodableValueIsNamed) {
  RawPut(5, "\xff\xff garbage");
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 5u);
  EXPECT_THAT(report.problem, HasSubstr("cannot be decoded"));
}

TEST_F(ChainVerifierTest, DeletedEventIsNamed) {
  ASSERT_TRUE(db()->Delete(rocksdb::WriteOptions(), events(), EventKey(3)).ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 3u);
  EXPECT_THAT(report.problem, HasSubstr("position 3 is missing"));
}

TEST_F(ChainVerifierTest, ReorderedEventsAreNamed) {
  const std::string second = RawGet(2);
  const std::string third = RawGet(3);
  RawPut(2, third);
  RawPut(3, second);
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 2u);
  EXPECT_THAT(report.problem, HasSubstr("says it is at position 3"));
}

TEST_F(ChainVerifierTest, TruncatedTailIsNamed) {
  ASSERT_TRUE(db()->Delete(rocksdb::WriteOptions(), events(), EventKey(6)).ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 6u);
  EXPECT_THAT(report.problem, HasSubstr("events stop after 5"));
}

TEST_F(ChainVerifierTest, AlteredMerkleLeafIsNamed) {
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(),
                        EventLogTestPeer::column_family(*log_, ColumnFamily::kMerkle),
                        MerkleNodeKey(0, 3), std::string(32, 'x'))
                  .ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 4u);
  EXPECT_THAT(report.problem, HasSubstr("stored Merkle leaf does not match"));
}

TEST_F(ChainVerifierTest, AlteredMerkleNodeIsFound) {
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(),
                        EventLogTestPeer::column_family(*log_, ColumnFamily::kMerkle),
                        MerkleNodeKey(2, 0), std::string(32, 'x'))
                  .ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 4u);
  EXPECT_THAT(report.problem,
              HasSubstr("Merkle node at level 2 index 0 (positions 1..4) does not match"));
}

// A node inside the tree, on no frontier and in no root computation: only a
// walk that checks every stored node finds it (inclusion proofs use it).
TEST_F(ChainVerifierTest, AlteredInteriorMerkleNodeIsFound) {
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(),
                        EventLogTestPeer::column_family(*log_, ColumnFamily::kMerkle),
                        MerkleNodeKey(1, 1), std::string(32, 'x'))
                  .ok());
  ASSERT_TRUE(log_->StoredTreeRoot(kEvents).ok());
  EXPECT_EQ(*log_->StoredTreeRoot(kEvents), log_->GetHead().tree_root())
      << "the root alone does not show it";
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 4u);
  EXPECT_THAT(report.problem, HasSubstr("level 1 index 1 (positions 3..4)"));
}

TEST_F(ChainVerifierTest, MissingMerkleLeafIsNamed) {
  ASSERT_TRUE(db()->Delete(rocksdb::WriteOptions(),
                           EventLogTestPeer::column_family(*log_, ColumnFamily::kMerkle),
                           MerkleNodeKey(0, 3))
                  .ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 4u);
  EXPECT_THAT(report.problem, HasSubstr("stored Merkle leaf is missing for the event"));
}

// The walk reads each level of stored nodes with a forward scan; a node
// changed or gone anywhere in a longer log is still found and named, and
// the scans pass over a missing one to the nodes after it.
TEST_F(ChainVerifierTest, AnyStoredNodeOfALongerLogChangedOrMissingIsNamed) {
  for (int batch = 0; batch < 30; ++batch) {
    v1::StreamAppend append;
    append.set_stream_id("oro/agenda");
    for (int i = 0; i < 100; ++i) {
      v1::ProposedEvent* event = append.add_events();
      event->set_event_type("AgendaItemAdded");
      event->set_payload(absl::StrCat("{\"item\":", batch * 100 + i, "}"));
    }
    ASSERT_TRUE(log_->Append(append).ok());
  }
  ASSERT_TRUE(Verify().ok());
  rocksdb::ColumnFamilyHandle* merkle =
      EventLogTestPeer::column_family(*log_, ColumnFamily::kMerkle);
  for (const auto& [level, index] :
       {std::pair(0, 1500), std::pair(1, 777), std::pair(3, 187), std::pair(7, 11)}) {
    const std::string key = MerkleNodeKey(level, index);
    std::string original;
    ASSERT_TRUE(db()->Get(rocksdb::ReadOptions(), merkle, key, &original).ok());
    const uint64_t first = (uint64_t{static_cast<uint64_t>(index)} << level) + 1;
    const uint64_t last = uint64_t{static_cast<uint64_t>(index) + 1} << level;
    const std::string where =
        level == 0 ? "the stored Merkle leaf "
                   : absl::StrCat("the stored Merkle node at level ", level, " index ", index,
                                  " (positions ", first, "..", last, ") ");
    ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(), merkle, key, std::string(32, 'x')).ok());
    ChainReport report = Verify();
    ASSERT_FALSE(report.ok()) << level << "/" << index;
    EXPECT_EQ(*report.first_bad_position, last);
    EXPECT_THAT(report.problem, HasSubstr(where + "does not match"));
    ASSERT_TRUE(db()->Delete(rocksdb::WriteOptions(), merkle, key).ok());
    report = Verify();
    ASSERT_FALSE(report.ok()) << level << "/" << index;
    EXPECT_EQ(*report.first_bad_position, last);
    EXPECT_THAT(report.problem, HasSubstr(where + "is missing for"));
    ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(), merkle, key, original).ok());
  }
  EXPECT_TRUE(Verify().ok());
}

// Polls the scrubber (bounded) until it has finished `passes` passes.
ScrubStatus AwaitPasses(const ChainScrubber& scrubber, uint64_t passes) {
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  ScrubStatus status = scrubber.status();
  while (status.passes_completed < passes && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));  // Polling a status, not syncing.
    status = scrubber.status();
  }
  return status;
}

TEST_F(ChainVerifierTest, TheScrubVerifiesAnIntactLogAndReportsItsProgress) {
  std::vector<std::string> lines;
  absl::Mutex mu;
  ChainScrubber scrubber(log_.get(), {.events_per_second = 100000,
                                      .interval = absl::Milliseconds(1),
                                      .log = [&](const std::string& line) {
                                        absl::MutexLock lock(&mu);
                                        lines.push_back(line);
                                      }});
  EXPECT_TRUE(scrubber.status().enabled);
  scrubber.Start();
  const ScrubStatus status = AwaitPasses(scrubber, 2);
  scrubber.Stop();
  ASSERT_GE(status.passes_completed, 2u);
  ASSERT_TRUE(status.last_report.has_value());
  EXPECT_TRUE(status.last_report->ok()) << status.last_report->Summary();
  EXPECT_EQ(status.last_head_position, static_cast<uint64_t>(kEvents));
  EXPECT_FALSE(log_->damage().has_value());
  absl::MutexLock lock(&mu);
  EXPECT_THAT(lines, ::testing::Contains(HasSubstr("scrub: pass over positions 1..6")));
}

TEST_F(ChainVerifierTest, TheScrubFindsAnAlteredOldEventAndStopsWrites) {
  ForgePayloadAt(2);
  ChainScrubber scrubber(log_.get(), {.events_per_second = 100000, .interval = absl::Hours(1)});
  scrubber.Start();
  const ScrubStatus status = AwaitPasses(scrubber, 1);
  ASSERT_TRUE(status.last_report.has_value());
  EXPECT_EQ(status.last_report->first_bad_position, 2u);
  EXPECT_THAT(status.last_report->Summary(), HasSubstr("BAD at position 2"));
  ASSERT_TRUE(log_->damage().has_value());
  EXPECT_EQ(log_->damage()->found_by, "the scrub");
  ExpectWritesRefused("the scrub found", 2);
  // Stop() ends a waiting scrubber promptly (the interval is an hour).
  scrubber.Stop();
  EXPECT_FALSE(scrubber.status().running);
}

TEST_F(ChainVerifierTest, DamageFoundByTheScrubStillRefusesWritesAfterARestart) {
  // More events than the start-up check reads (kHeadCheckEvents), so that
  // position 2 lies behind the ones it looks at.
  for (uint64_t i = 0; i < kHeadCheckEvents; ++i) {
    v1::StreamAppend more;
    more.set_stream_id("oro/agenda");
    more.add_events()->set_event_type("AgendaItemAdded");
    ASSERT_TRUE(log_->Append(more).ok());
  }
  ForgePayloadAt(2);
  {
    ChainScrubber scrubber(log_.get(), {.events_per_second = 100000, .interval = absl::Hours(1)});
    scrubber.Start();
    AwaitPasses(scrubber, 1);
    scrubber.Stop();
  }
  ASSERT_TRUE(log_->damage().has_value());
  // The start-up check reads only the last events, so only the recorded
  // damage can keep the refusal after a restart.
  log_.reset();
  absl::StatusOr<std::unique_ptr<EventLog>> reopened = EventLog::Open(dir_.path());
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  log_ = *std::move(reopened);
  ASSERT_TRUE(log_->damage().has_value());
  EXPECT_EQ(log_->damage()->position, 2u);
  ExpectWritesRefused("the scrub, in an earlier run, found", 2);
}

}  // namespace
}  // namespace besluitlog::ledger
