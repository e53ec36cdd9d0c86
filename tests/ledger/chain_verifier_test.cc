#include "ledger/chain_verifier.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/event_hash.h"
#include "ledger/event_log.h"
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

  ChainReport Verify() {
    absl::StatusOr<ChainReport> report = VerifyStoredChain(*log_);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : ChainReport();
  }

  std::string RawGet(uint64_t position) {
    std::string value;
    EXPECT_TRUE(db()->Get(rocksdb::ReadOptions(), events(), EventKey(position),
                          &value)
                    .ok());
    return value;
  }
  void RawPut(uint64_t position, const std::string& value) {
    ASSERT_TRUE(
        db()->Put(rocksdb::WriteOptions(), events(), EventKey(position), value)
            .ok());
  }
  rocksdb::DB* db() { return log_->raw_db_for_testing(); }
  rocksdb::ColumnFamilyHandle* events() {
    return log_->column_family_for_testing(ColumnFamily::kEvents);
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
  event.set_hash(ComputeEventHash(event));
  RawPut(2, event.SerializeAsString());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 3u);
  EXPECT_THAT(report.problem, HasSubstr("prev_hash"));
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
                        log_->column_family_for_testing(ColumnFamily::kMerkle),
                        MerkleNodeKey(0, 3), std::string(32, 'x'))
                  .ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 4u);
  EXPECT_THAT(report.problem, HasSubstr("stored Merkle leaf does not match"));
}

TEST_F(ChainVerifierTest, AlteredMerkleNodeIsFound) {
  ASSERT_TRUE(db()->Put(rocksdb::WriteOptions(),
                        log_->column_family_for_testing(ColumnFamily::kMerkle),
                        MerkleNodeKey(2, 0), std::string(32, 'x'))
                  .ok());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.problem, HasSubstr("root does not match"));
}

TEST_F(ChainVerifierTest, EventsPastTheRecordedHeadAreNamed) {
  v1::Event extra;
  ASSERT_TRUE(extra.ParseFromString(RawGet(6)));
  extra.set_global_position(7);
  extra.set_prev_hash(extra.hash());
  extra.set_hash(ComputeEventHash(extra));
  RawPut(7, extra.SerializeAsString());
  const ChainReport report = Verify();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_position, 7u);
  EXPECT_THAT(report.problem, HasSubstr("past the recorded head"));
}

}  // namespace
}  // namespace besluitlog::ledger
