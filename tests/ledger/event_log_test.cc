#include "ledger/event_log.h"

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/chain_verifier.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/event_log_test_peer.h"
#include "ledger/storage_layout.h"
#include "rocksdb/db.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::ledger {
namespace {

using ::testing::HasSubstr;

constexpr char kId1[] = "6f9619ff-8b86-d011-b42d-00c04fc964f1";
constexpr char kId2[] = "6f9619ff-8b86-d011-b42d-00c04fc964f2";
constexpr char kId3[] = "6f9619ff-8b86-d011-b42d-00c04fc964f3";

v1::ExpectedVersion Expect(v1::ExpectedVersion::Kind kind, uint64_t version = 0) {
  v1::ExpectedVersion expected;
  expected.set_kind(kind);
  expected.set_version(version);
  return expected;
}

v1::StreamAppend MakeAppend(const std::string& stream, v1::ExpectedVersion expected,
                            std::vector<std::string> ids = {""},
                            const std::string& type = "Recorded") {
  v1::StreamAppend append;
  append.set_stream_id(stream);
  *append.mutable_expected_version() = expected;
  for (const std::string& id : ids) {
    v1::ProposedEvent* event = append.add_events();
    event->set_event_id(id);
    event->set_event_type(type);
    event->set_actor("secretariaat");
    event->set_payload(absl::StrCat("payload of ", stream));
  }
  return append;
}

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    log_.reset();
    absl::StatusOr<std::unique_ptr<EventLog>> log = EventLog::Open(dir_.path(), options_);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  v1::AppendResult MustAppend(const v1::StreamAppend& append) {
    absl::StatusOr<v1::AppendResult> result = log_->Append(append);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : v1::AppendResult();
  }

  std::vector<v1::Event> ReadAllEvents() {
    google::protobuf::RepeatedPtrField<v1::Event> events;
    uint64_t from = 1;
    while (true) {
      absl::StatusOr<AllPage> page = log_->ReadAll(from, 0, v1::EventFilter(), &events);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->next_position > page->head_position) break;
      from = page->next_position;
    }
    return std::vector<v1::Event>(events.begin(), events.end());
  }

  testing::TempDir dir_;
  EventLogOptions options_;
  std::unique_ptr<EventLog> log_;
};

TEST_F(EventLogTest, EmptyLogHasGenesisHead) {
  const v1::Head head = log_->GetHead();
  EXPECT_EQ(head.position(), 0u);
  EXPECT_EQ(head.hash(), core::GenesisHash());
}

TEST_F(EventLogTest, ExpectedVersionAnyAlwaysAppends) {
  EXPECT_EQ(MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY))).last_version(), 1u);
  EXPECT_EQ(MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY))).last_version(), 2u);
}

TEST_F(EventLogTest, ExpectedVersionNoStreamOnlyForANewStream) {
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::NO_STREAM)));
  absl::StatusOr<v1::AppendResult> again =
      log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::NO_STREAM)));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(),
              HasSubstr("expected no stream (version 0), actual version 1"));
}

TEST_F(EventLogTest, ExpectedVersionStreamExistsRefusesANewStream) {
  absl::StatusOr<v1::AppendResult> refused =
      log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::STREAM_EXISTS)));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("actual version 0"));
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  EXPECT_EQ(MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::STREAM_EXISTS))).first_version(),
            2u);
}

TEST_F(EventLogTest, ExpectedExactVersionNamesExpectedAndActual) {
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::EXACT, 0)));
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::EXACT, 1)));
  absl::StatusOr<v1::AppendResult> stale =
      log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::EXACT, 1)));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(stale.status().message(),
              HasSubstr("stream \"s\": expected version 1, actual version 2"));
  EXPECT_EQ(log_->GetHead().position(), 2u) << "a refusal stores nothing";
}

TEST_F(EventLogTest, RetryOfStoredIdsReturnsOriginalPositionsAndStoresNothing) {
  MustAppend(MakeAppend("other", Expect(v1::ExpectedVersion::ANY)));
  const v1::AppendResult first =
      MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::NO_STREAM), {kId1, kId2}));
  const v1::Head head = log_->GetHead();
  // The retry would fail its expected version, but it is recognised first.
  const v1::AppendResult retry =
      MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::NO_STREAM), {kId1, kId2}));
  EXPECT_TRUE(retry.duplicate());
  EXPECT_FALSE(first.duplicate());
  EXPECT_EQ(retry.first_position(), first.first_position());
  EXPECT_EQ(retry.last_position(), first.last_position());
  EXPECT_EQ(retry.first_version(), 1u);
  EXPECT_EQ(retry.last_version(), 2u);
  EXPECT_EQ(log_->GetHead().position(), head.position());
  EXPECT_EQ(log_->GetHead().hash(), head.hash());
}

TEST_F(EventLogTest, PartialOrMisplacedRetryIsRefusedAsAlreadyExists) {
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1}));
  absl::StatusOr<v1::AppendResult> partial =
      log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1, kId2}));
  EXPECT_EQ(partial.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(partial.status().message(), HasSubstr("events[1] is new"));
  absl::StatusOr<v1::AppendResult> elsewhere =
      log_->Append(MakeAppend("t", Expect(v1::ExpectedVersion::ANY), {kId1}));
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(elsewhere.status().message(), HasSubstr("in stream \"s\""));
  EXPECT_EQ(log_->GetHead().position(), 1u);
}

TEST_F(EventLogTest, TheSameIdsWithOtherContentAreRefusedNamingTheFirstThatDiffers) {
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1, kId2, kId3}));
  v1::StreamAppend changed = MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1, kId2, kId3});
  changed.mutable_events(1)->set_payload("another payload");
  changed.mutable_events(2)->set_event_type("Other");
  absl::StatusOr<v1::AppendResult> refused = log_->Append(changed);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(refused.status().message(),
              HasSubstr(absl::StrCat("event id ", kId2,
                                     " is stored already at position 2 with "
                                     "another payload than events[1]")));
  EXPECT_EQ(log_->GetHead().position(), 3u);
  // Within one group too: a second append of the same ids with other
  // contents, written together with the first.
  v1::StreamAppend first =
      MakeAppend("t", Expect(v1::ExpectedVersion::ANY), {"6f9619ff-8b86-d011-b42d-00c04fc964f4"});
  v1::StreamAppend second = first;
  second.mutable_events(0)->set_actor("someone else");
  v1::StreamAppend exact = first;
  std::vector<absl::StatusOr<v1::AppendResult>> results =
      log_->AppendEach({&first, &second, &exact});
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(results[1].status().message(), HasSubstr("another actor"));
  ASSERT_TRUE(results[2].ok()) << results[2].status();
  EXPECT_TRUE(results[2]->duplicate());
  EXPECT_EQ(results[2]->first_position(), results[0]->first_position());
  EXPECT_EQ(log_->GetHead().position(), 4u);
}

TEST_F(EventLogTest, PositionsAreGaplessAndChainedInAppendOrder) {
  MustAppend(MakeAppend("a", Expect(v1::ExpectedVersion::ANY), {"", ""}));
  MustAppend(MakeAppend("b", Expect(v1::ExpectedVersion::ANY)));
  MustAppend(MakeAppend("a", Expect(v1::ExpectedVersion::ANY)));
  const std::vector<v1::Event> events = ReadAllEvents();
  ASSERT_EQ(events.size(), 4u);
  std::string prev = core::GenesisHash();
  const std::vector<std::pair<std::string, uint64_t>> expected = {
      {"a", 1}, {"a", 2}, {"b", 1}, {"a", 3}};
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].global_position(), i + 1);
    EXPECT_EQ(events[i].stream_id(), expected[i].first);
    EXPECT_EQ(events[i].stream_version(), expected[i].second);
    EXPECT_EQ(events[i].prev_hash(), prev);
    EXPECT_EQ(events[i].hash(), core::ComputeEventHash(events[i]));
    EXPECT_FALSE(events[i].event_id().empty());
    EXPECT_EQ(events[i].content_type(), "application/octet-stream");
    prev = events[i].hash();
  }
  EXPECT_EQ(log_->GetHead().hash(), prev);
}

TEST_F(EventLogTest, RecordedAtComesFromTheInjectedClock) {
  ManualClock clock(absl::FromUnixSeconds(1767222000));  // 2026-01-01 00:00 CET
  options_.clock = &clock;
  Reopen();
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  EXPECT_EQ(log_->ReadEvent(1)->recorded_at().seconds(), 1767222000);
}

TEST_F(EventLogTest, EverythingSurvivesReopen) {
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1}));
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  const v1::Head head = log_->GetHead();
  Reopen();
  EXPECT_EQ(log_->GetHead().position(), head.position());
  EXPECT_EQ(log_->GetHead().hash(), head.hash());
  EXPECT_EQ(MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::EXACT, 2))).first_position(),
            3u);
  EXPECT_TRUE(MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1})).duplicate());
}

TEST_F(EventLogTest, AppendMultiIsAllOrNothing) {
  MustAppend(MakeAppend("agenda/sbo", Expect(v1::ExpectedVersion::ANY)));
  const v1::StreamAppend proposal =
      MakeAppend("proposal/7", Expect(v1::ExpectedVersion::NO_STREAM));
  const v1::StreamAppend stale_agenda =
      MakeAppend("agenda/sbo", Expect(v1::ExpectedVersion::EXACT, 0));
  absl::StatusOr<std::vector<v1::AppendResult>> refused =
      log_->AppendMulti({&proposal, &stale_agenda});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(log_->GetHead().position(), 1u);
  EXPECT_EQ(log_->ReadStream("proposal/7", 0, false, 0)->stream_version, 0u);

  const v1::StreamAppend agenda = MakeAppend("agenda/sbo", Expect(v1::ExpectedVersion::EXACT, 1));
  absl::StatusOr<std::vector<v1::AppendResult>> both = log_->AppendMulti({&proposal, &agenda});
  ASSERT_TRUE(both.ok()) << both.status();
  EXPECT_EQ((*both)[0].first_position(), 2u);
  EXPECT_EQ((*both)[1].first_position(), 3u);
  EXPECT_EQ((*both)[1].first_version(), 2u);
}

TEST_F(EventLogTest, AppendMultiNamesTheBadAppend) {
  const v1::StreamAppend ok = MakeAppend("a", Expect(v1::ExpectedVersion::ANY));
  const v1::StreamAppend bad = MakeAppend("", Expect(v1::ExpectedVersion::ANY));
  absl::StatusOr<std::vector<v1::AppendResult>> refused = log_->AppendMulti({&ok, &bad});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("appends[1]: stream_id"));
  EXPECT_EQ(log_->GetHead().position(), 0u);
}

TEST_F(EventLogTest, AppendEachGivesEachAppendItsOwnOutcome) {
  const v1::StreamAppend a = MakeAppend("a", Expect(v1::ExpectedVersion::ANY));
  const v1::StreamAppend bad = MakeAppend("b", Expect(v1::ExpectedVersion::EXACT, 5));
  const v1::StreamAppend invalid = MakeAppend("", Expect(v1::ExpectedVersion::ANY));
  const v1::StreamAppend c = MakeAppend("a", Expect(v1::ExpectedVersion::EXACT, 1));
  std::vector<absl::StatusOr<v1::AppendResult>> results =
      log_->AppendEach({&a, &bad, &invalid, &c});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(results[2].status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(results[3].ok()) << results[3].status();
  EXPECT_EQ(results[3]->first_version(), 2u) << "sees the earlier append";
  EXPECT_EQ(results[3]->first_position(), 2u) << "no gap for refusals";
}

TEST_F(EventLogTest, ReadStreamPagesForwardAndBackward) {
  for (int i = 0; i < 5; ++i) {
    MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
    MustAppend(MakeAppend("noise", Expect(v1::ExpectedVersion::ANY)));
  }
  absl::StatusOr<StreamPage> forward = log_->ReadStream("s", 2, false, 2);
  ASSERT_TRUE(forward.ok()) << forward.status();
  ASSERT_EQ(forward->events.size(), 2u);
  EXPECT_EQ(forward->events[0].stream_version(), 2u);
  EXPECT_EQ(forward->events[1].stream_version(), 3u);
  EXPECT_FALSE(forward->end_of_stream);
  EXPECT_EQ(forward->next_version, 4u);
  EXPECT_EQ(forward->stream_version, 5u);

  absl::StatusOr<StreamPage> backward = log_->ReadStream("s", 0, true, 3);
  ASSERT_TRUE(backward.ok());
  ASSERT_EQ(backward->events.size(), 3u);
  EXPECT_EQ(backward->events[0].stream_version(), 5u);
  EXPECT_EQ(backward->events[2].stream_version(), 3u);
  EXPECT_EQ(backward->next_version, 2u);
  EXPECT_FALSE(backward->end_of_stream);
  backward = log_->ReadStream("s", 2, true, 3);
  EXPECT_EQ(backward->events.size(), 2u);
  EXPECT_TRUE(backward->end_of_stream);

  absl::StatusOr<StreamPage> missing = log_->ReadStream("nothing", 0, false, 0);
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->events.empty());
  EXPECT_EQ(missing->stream_version, 0u);
  EXPECT_TRUE(missing->end_of_stream);
}

TEST_F(EventLogTest, ReadAllFiltersByStreamPrefixAndType) {
  MustAppend(MakeAppend("sbo/1", Expect(v1::ExpectedVersion::ANY), {""}, "VoteCast"));
  MustAppend(MakeAppend("oro/1", Expect(v1::ExpectedVersion::ANY), {""}, "VoteCast"));
  MustAppend(MakeAppend("sbo/2", Expect(v1::ExpectedVersion::ANY), {""}, "MeetingOpened"));
  google::protobuf::RepeatedPtrField<v1::Event> events;
  v1::EventFilter filter;
  filter.add_stream_prefixes("sbo/");
  absl::StatusOr<AllPage> page = log_->ReadAll(0, 0, filter, &events);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(events.size(), 2);
  EXPECT_EQ(events[0].stream_id(), "sbo/1");
  EXPECT_EQ(events[1].stream_id(), "sbo/2");
  EXPECT_EQ(page->next_position, 4u);

  events.Clear();
  filter.add_event_types("VoteCast");
  page = log_->ReadAll(0, 0, filter, &events);
  ASSERT_EQ(events.size(), 1);
  EXPECT_EQ(events[0].stream_id(), "sbo/1");
}

TEST_F(EventLogTest, ReadAllRespectsLimitAndReportsWhereToContinue) {
  for (int i = 0; i < 7; ++i) {
    MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  }
  google::protobuf::RepeatedPtrField<v1::Event> events;
  absl::StatusOr<AllPage> page = log_->ReadAll(3, 2, v1::EventFilter(), &events);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(events.size(), 2);
  EXPECT_EQ(events[0].global_position(), 3u);
  EXPECT_EQ(page->next_position, 5u);
  EXPECT_EQ(page->head_position, 7u);
}

TEST_F(EventLogTest, WaitForPositionReturnsWhenTheHeadArrives) {
  std::thread writer([&] { MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY))); });
  EXPECT_EQ(log_->WaitForPosition(1, absl::Now() + absl::Seconds(60)), 1u);
  writer.join();
  EXPECT_EQ(log_->WaitForPosition(2, absl::Now() + absl::Milliseconds(10)), 1u)
      << "a deadline returns the head as it is";
}

TEST_F(EventLogTest, ClosedLogRefusesAppendsAsUnavailable) {
  log_->Close();
  absl::StatusOr<v1::AppendResult> refused =
      log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(EventLogTest, ConcurrentWritersGetGaplessPositionsAndContiguousVersions) {
  constexpr int kThreads = 16;
  constexpr int kAppendsPerThread = 60;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        const std::string stream = i % 2 == 0 ? "shared" : absl::StrCat("private/", t);
        absl::StatusOr<v1::AppendResult> result =
            log_->Append(MakeAppend(stream, Expect(v1::ExpectedVersion::ANY)));
        ASSERT_TRUE(result.ok()) << result.status();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::vector<v1::Event> events = ReadAllEvents();
  ASSERT_EQ(events.size(), static_cast<size_t>(kThreads * kAppendsPerThread));
  std::map<std::string, uint64_t> last_version;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].global_position(), i + 1);
    EXPECT_EQ(events[i].stream_version(), ++last_version[events[i].stream_id()])
        << events[i].stream_id();
  }
  EXPECT_EQ(last_version["shared"], kThreads * kAppendsPerThread / 2u);
  absl::StatusOr<ChainReport> report = VerifyStoredChain(*log_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->Summary();
  EXPECT_EQ(report->event_count, events.size());
}

TEST_F(EventLogTest, ConcurrentRetriesOfTheSameIdsStoreTheEventsOnce) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      absl::StatusOr<v1::AppendResult> result =
          log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::ANY), {kId1, kId2, kId3}));
      ASSERT_TRUE(result.ok()) << result.status();
      EXPECT_EQ(result->first_position(), 1u);
      EXPECT_EQ(result->last_position(), 3u);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(log_->GetHead().position(), 3u);
}

TEST_F(EventLogTest, MerkleTreeCoversEveryEventAndProvesInclusionAndConsistency) {
  EXPECT_EQ(log_->GetHead().tree_root(), core::MerkleRoot(0, nullptr));
  std::vector<std::string> roots = {*log_->TreeRoot(0)};
  for (int i = 0; i < 20; ++i) {
    MustAppend(MakeAppend(absl::StrCat("s", i % 3), Expect(v1::ExpectedVersion::ANY),
                          std::vector<std::string>(1 + i % 3, "")));
    roots.push_back(log_->GetHead().tree_root());
  }
  const std::vector<v1::Event> events = ReadAllEvents();
  const uint64_t n = events.size();
  auto leaves = [&](uint64_t i) {
    return core::MerkleLeafHash(core::CanonicalEventBytes(events[i]));
  };
  // The stored tree is the RFC 9162 tree over the events' canonical bytes.
  EXPECT_EQ(log_->GetHead().tree_root(), core::MerkleRoot(n, leaves));
  EXPECT_EQ(*log_->TreeRoot(n), core::MerkleRoot(n, leaves));
  for (uint64_t size = 1; size <= n; ++size) {
    const std::string root = *log_->TreeRoot(size);
    EXPECT_EQ(root, core::MerkleRoot(size, leaves)) << size;
    for (uint64_t i = 0; i < size; i += 3) {
      EXPECT_TRUE(
          core::VerifyMerkleInclusion(i, size, leaves(i), *log_->InclusionProof(i, size), root)
              .ok())
          << i << "/" << size;
    }
    EXPECT_TRUE(core::VerifyMerkleConsistency(size, n, root, *log_->TreeRoot(n),
                                              *log_->ConsistencyProof(size, n))
                    .ok())
        << size;
  }
  EXPECT_EQ(log_->TreeRoot(n + 1).status().code(), absl::StatusCode::kOutOfRange);
  // The frontier survives a restart: appending after it continues the tree.
  Reopen();
  EXPECT_EQ(log_->GetHead().tree_root(), core::MerkleRoot(n, leaves));
  MustAppend(MakeAppend("after", Expect(v1::ExpectedVersion::ANY)));
  const std::vector<v1::Event> more = ReadAllEvents();
  EXPECT_EQ(log_->GetHead().tree_root(), core::MerkleRoot(more.size(), [&](uint64_t i) {
              return core::MerkleLeafHash(core::CanonicalEventBytes(more[i]));
            }));
}

TEST_F(EventLogTest, BatchInclusionProofsEqualTheRfcRecursion) {
  for (int i = 0; i < 300; ++i) {
    MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  }
  const std::vector<v1::Event> events = ReadAllEvents();
  auto leaf_hashes = [&](uint64_t i) {
    return core::MerkleLeafHash(core::CanonicalEventBytes(events[i]));
  };
  for (uint64_t size : {1u, 2u, 3u, 5u, 8u, 13u, 64u, 100u, 255u, 256u, 257u, 300u}) {
    std::vector<uint64_t> leaves;
    for (uint64_t i = 0; i < size; ++i) leaves.push_back(i);
    absl::StatusOr<EventLog::ProofBatch> batch = log_->InclusionProofs(leaves, size);
    ASSERT_TRUE(batch.ok()) << batch.status();
    for (uint64_t i = 0; i < size; ++i) {
      EXPECT_EQ(batch->Hashes(i), *core::MerkleInclusionProof(i, size, leaf_hashes))
          << i << "/" << size;
    }
    // Shared: no hash is held twice.
    const std::set<std::string> distinct(batch->nodes.begin(), batch->nodes.end());
    EXPECT_EQ(distinct.size(), batch->nodes.size()) << size;
  }
  EXPECT_FALSE(log_->InclusionProofs({5}, 5).ok());
}

TEST_F(EventLogTest, ABackupTakenWhileAppendingIsAVerifiedPrefixOfTheLog) {
  testing::TempDir backups;
  for (int i = 0; i < 50; ++i) MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    while (!stop) {
      ASSERT_TRUE(log_->Append(MakeAppend("t", Expect(v1::ExpectedVersion::ANY))).ok());
    }
  });
  absl::StatusOr<v1::Head> head = log_->Backup(backups.Sub("one"));
  stop = true;
  writer.join();
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_GE(head->position(), 50u);

  EventLogOptions read_only;
  read_only.read_only = true;
  absl::StatusOr<std::unique_ptr<EventLog>> copy = EventLog::Open(backups.Sub("one"), read_only);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->GetHead().SerializeAsString(), head->SerializeAsString());
  absl::StatusOr<ChainReport> report = VerifyStoredChain(**copy);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->Summary();
  // The same history as the live log up to the backup's head.
  absl::StatusOr<v1::Event> live = log_->ReadEvent(head->position());
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->hash(), head->hash());
  EXPECT_EQ(*log_->TreeRoot(head->position()), head->tree_root());

  EXPECT_EQ(log_->Backup(backups.Sub("one")).status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(EventLogTest, ReadOnlyOpenSeesTheDataAndRefusesToCreate) {
  MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  EventLogOptions read_only;
  read_only.read_only = true;
  absl::StatusOr<std::unique_ptr<EventLog>> reader = EventLog::Open(dir_.path(), read_only);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->GetHead().position(), 1u);
  EXPECT_FALSE(EventLog::Open(dir_.Sub("absent"), read_only).ok());
}

// Rewrites one stored event with `change` applied, as damage on disk would.
void AlterStoredEvent(EventLog* log, uint64_t position, void (*change)(v1::Event*)) {
  rocksdb::ColumnFamilyHandle* events =
      EventLogTestPeer::column_family(*log, ColumnFamily::kEvents);
  std::string value;
  ASSERT_TRUE(EventLogTestPeer::db(*log)
                  ->Get(rocksdb::ReadOptions(), events, EventKey(position), &value)
                  .ok());
  v1::Event event;
  ASSERT_TRUE(event.ParseFromString(value));
  change(&event);
  ASSERT_TRUE(
      EventLogTestPeer::db(*log)
          ->Put(rocksdb::WriteOptions(), events, EventKey(position), event.SerializeAsString())
          .ok());
}

TEST_F(EventLogTest, AnAlteredLastEventIsFoundAtOpenAndWritesAreRefusedReadsNot) {
  for (int i = 0; i < 20; ++i) MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  ASSERT_TRUE(log_->head_check().checked);
  EXPECT_FALSE(log_->damage().has_value());
  AlterStoredEvent(log_.get(), 19, [](v1::Event* e) { e->set_payload("forged"); });
  Reopen();
  ASSERT_TRUE(log_->damage().has_value()) << "the start-up check must find position 19";
  EXPECT_EQ(log_->damage()->position, 19u);
  EXPECT_EQ(log_->damage()->found_by, "the start-up check");
  absl::StatusOr<v1::AppendResult> refused =
      log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("at position 19"));
  EXPECT_THAT(refused.status().message(), HasSubstr("ledgerctl verify"));
  EXPECT_THAT(refused.status().message(), HasSubstr("backup"));
  EXPECT_FALSE(IsWrongExpectedVersion(refused.status()));
  // Every write says so, not just the first; reads go on.
  EXPECT_THAT(log_->Append(MakeAppend("t", Expect(v1::ExpectedVersion::ANY))).status().message(),
              HasSubstr("at position 19"));
  EXPECT_EQ(ReadAllEvents().size(), 20u);
  EXPECT_EQ(log_->GetHead().position(), 20u);
}

TEST_F(EventLogTest, TheStartUpCheckFindsABrokenHeadRecordAndAnAlteredFrontierNode) {
  for (int i = 0; i < 12; ++i) MustAppend(MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  rocksdb::DB* db = EventLogTestPeer::db(*log_);
  // 12 = 8 + 4: the frontier holds the nodes over positions 1..8 and 9..12.
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(),
                      EventLogTestPeer::column_family(*log_, ColumnFamily::kMerkle),
                      MerkleNodeKey(3, 0), std::string(32, 'x'))
                  .ok());
  Reopen();
  ASSERT_TRUE(log_->damage().has_value());
  EXPECT_THAT(log_->damage()->problem,
              HasSubstr("Merkle node at level 3 index 0 (positions 1..8)"));
  EXPECT_EQ(log_->Append(MakeAppend("s", Expect(v1::ExpectedVersion::ANY))).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(EventLogTest, TheStartUpCheckReadsOnlyTheLastEventsAndTheFrontier) {
  std::vector<v1::StreamAppend> appends(100, MakeAppend("s", Expect(v1::ExpectedVersion::ANY)));
  for (v1::StreamAppend& append : appends) {
    for (int i = 0; i < 30; ++i) *append.add_events() = append.events(0);
  }
  for (const v1::StreamAppend& append : appends) MustAppend(append);
  const uint64_t head = log_->GetHead().position();
  ASSERT_EQ(head, 3100u);
  // An event far below the checked window is left to the scrub.
  AlterStoredEvent(log_.get(), 5, [](v1::Event* e) { e->set_payload("forged"); });
  Reopen();
  const EventLog::HeadCheck& check = log_->head_check();
  EXPECT_EQ(check.head_position, head);
  EXPECT_EQ(check.events_checked, EventLog::kHeadCheckEvents);
  // Three reads per node checked, a few nodes per level: O(log n).
  EXPECT_LE(check.nodes_checked, 3u * 2 * 12 + 3u * EventLog::kHeadCheckEvents);
  EXPECT_FALSE(log_->damage().has_value());
}

TEST_F(EventLogTest, EveryAcknowledgedAppendIsCoveredByACompletedWalSync) {
  std::vector<std::thread> threads;
  std::atomic<int> uncovered{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        absl::StatusOr<v1::AppendResult> result =
            log_->Append(MakeAppend(absl::StrCat("s", t), Expect(v1::ExpectedVersion::ANY)));
        // Read after the acknowledgement: the sync that covers it must have
        // completed before it was given.
        if (!result.ok() || log_->GetStats().synced_position < result->last_position()) {
          uncovered.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(uncovered.load(), 0);
  EXPECT_EQ(log_->GetStats().synced_position, 320u);
}

}  // namespace
}  // namespace besluitlog::ledger
