// LedgerService over a real gRPC server on an ephemeral loopback port.
#include "services/ledger_service.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/chain_verifier.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/event_log.h"
#include "ledger/event_log_test_peer.h"
#include "ledger/storage_layout.h"
#include "rocksdb/db.h"
#include "services/ledger_server.h"
#include "tests/testing/read_all.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::services {
namespace {

using ::testing::HasSubstr;

constexpr char kId1[] = "6f9619ff-8b86-d011-b42d-00c04fc964f1";

v1::AppendRequest MakeRequest(const std::string& stream,
                              v1::ExpectedVersion::Kind kind = v1::ExpectedVersion::ANY,
                              uint64_t version = 0, const std::string& id = "") {
  v1::AppendRequest request;
  v1::StreamAppend* append = request.mutable_append();
  append->set_stream_id(stream);
  append->mutable_expected_version()->set_kind(kind);
  append->mutable_expected_version()->set_version(version);
  v1::ProposedEvent* event = append->add_events();
  event->set_event_id(id);
  event->set_event_type("VoteCast");
  event->set_actor("wethouder-1");
  event->set_content_type("application/json");
  event->set_payload("{\"point\":1,\"vote\":\"for\"}");
  return request;
}

std::chrono::system_clock::time_point Deadline(int seconds = 60) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

class LedgerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger::EventLogOptions options;
    options.limits.max_event_bytes = 4096;
    options.limits.max_events_per_append = 10;
    absl::StatusOr<std::unique_ptr<ledger::EventLog>> log =
        ledger::EventLog::Open(dir_.path(), options);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    ServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<LedgerServer>> server =
        LedgerServer::Start(log_.get(), server_options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = NewStub();
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<v1::LedgerService::Stub> NewStub() {
    return v1::LedgerService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  grpc::Status Append(const v1::AppendRequest& request, v1::AppendResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return stub_->Append(&context, request, response);
  }

  v1::AppendResult MustAppend(const v1::AppendRequest& request) {
    v1::AppendResponse response;
    grpc::Status status = Append(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.result();
  }

  v1::Head Head() {
    grpc::ClientContext context;
    v1::GetHeadResponse response;
    EXPECT_TRUE(stub_->GetHead(&context, v1::GetHeadRequest(), &response).ok());
    return response.head();
  }

  std::vector<v1::Event> ReadAll() { return testing::ReadAllOverGrpc(*stub_); }

  // Appends `request` and expects it refused with `code` and a message
  // containing `fragment`, with nothing stored.
  void ExpectRefused(const v1::AppendRequest& request, grpc::StatusCode code,
                     const std::string& fragment) {
    const v1::Head before = Head();
    v1::AppendResponse response;
    grpc::Status status = Append(request, &response);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(fragment));
    EXPECT_EQ(Head().position(), before.position());
    EXPECT_EQ(Head().hash(), before.hash());
  }

  testing::TempDir dir_;
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<LedgerServer> server_;
  std::unique_ptr<v1::LedgerService::Stub> stub_;
};

TEST_F(LedgerServiceTest, AppendReturnsPositionsVersionsAndIds) {
  const v1::AppendResult first = MustAppend(MakeRequest("sbo/meeting-1"));
  EXPECT_EQ(first.stream_id(), "sbo/meeting-1");
  EXPECT_EQ(first.first_position(), 1u);
  EXPECT_EQ(first.first_version(), 1u);
  ASSERT_EQ(first.event_ids_size(), 1);
  EXPECT_EQ(first.event_ids(0).size(), 36u);
  const v1::AppendResult second =
      MustAppend(MakeRequest("sbo/meeting-1", v1::ExpectedVersion::EXACT, 1));
  EXPECT_EQ(second.first_position(), 2u);
  EXPECT_EQ(second.last_version(), 2u);
  EXPECT_EQ(Head().position(), 2u);
}

TEST_F(LedgerServiceTest, RetryWithTheSameEventIdReturnsTheOriginal) {
  const v1::AppendResult first =
      MustAppend(MakeRequest("s", v1::ExpectedVersion::NO_STREAM, 0, kId1));
  const v1::AppendResult retry =
      MustAppend(MakeRequest("s", v1::ExpectedVersion::NO_STREAM, 0, kId1));
  EXPECT_TRUE(retry.duplicate());
  EXPECT_EQ(retry.first_position(), first.first_position());
  EXPECT_EQ(Head().position(), 1u);
}

// Three events with client-chosen ids, as a client would retry them.
v1::AppendRequest ThreeWithIds(const std::string& stream) {
  v1::AppendRequest request = MakeRequest(stream, v1::ExpectedVersion::NO_STREAM);
  v1::StreamAppend* append = request.mutable_append();
  *append->add_events() = append->events(0);
  *append->add_events() = append->events(0);
  const char* ids[] = {"6f9619ff-8b86-d011-b42d-00c04fc96401",
                       "6f9619ff-8b86-d011-b42d-00c04fc96402",
                       "6f9619ff-8b86-d011-b42d-00c04fc96403"};
  for (int i = 0; i < 3; ++i) {
    append->mutable_events(i)->set_event_id(ids[i]);
    append->mutable_events(i)->set_payload(absl::StrCat("{\"point\":", i, "}"));
  }
  append->mutable_events(1)->set_correlation_id("0190a7e2-0000-7000-8000-00000000000c");
  append->mutable_events(2)->clear_content_type();  // Stored as the default.
  return request;
}

TEST_F(LedgerServiceTest, AnExactRetryKeepsReturningTheOriginalPositions) {
  MustAppend(MakeRequest("other"));
  const v1::AppendResult first = MustAppend(ThreeWithIds("s"));
  ASSERT_EQ(first.first_position(), 2u);
  for (int attempt = 0; attempt < 3; ++attempt) {
    v1::AppendRequest retry = ThreeWithIds("s");
    // The same UUIDs in upper case and the default content type spelled
    // out are the same events once stored.
    retry.mutable_append()->mutable_events(1)->set_correlation_id(
        "0190A7E2-0000-7000-8000-00000000000C");
    retry.mutable_append()->mutable_events(2)->set_content_type("application/octet-stream");
    const v1::AppendResult again = MustAppend(retry);
    EXPECT_TRUE(again.duplicate());
    EXPECT_EQ(again.first_position(), 2u);
    EXPECT_EQ(again.last_position(), 4u);
    EXPECT_EQ(again.first_version(), 1u);
    EXPECT_EQ(again.last_version(), 3u);
    EXPECT_THAT(again.event_ids(), ::testing::ElementsAreArray(first.event_ids()));
  }
  EXPECT_EQ(Head().position(), 4u);
}

TEST_F(LedgerServiceTest, TheSameIdsWithOtherContentAreAlreadyExistsNamingTheFirstDifferentId) {
  const v1::AppendResult first = MustAppend(ThreeWithIds("s"));
  const std::vector<v1::Event> stored = ReadAll();
  struct Change {
    const char* what;
    int index;  // The first event that differs.
    void (*apply)(v1::ProposedEvent*);
  };
  const Change changes[] = {
      {"payload", 1, [](v1::ProposedEvent* e) { e->set_payload("{\"point\":9}"); }},
      {"event_type", 0, [](v1::ProposedEvent* e) { e->set_event_type("VoteWithdrawn"); }},
      {"actor", 2, [](v1::ProposedEvent* e) { e->set_actor("wethouder-2"); }},
      {"content_type", 2, [](v1::ProposedEvent* e) { e->set_content_type("text/plain"); }},
      {"correlation_id", 1, [](v1::ProposedEvent* e) { e->clear_correlation_id(); }},
      {"causation_id", 0,
       [](v1::ProposedEvent* e) { e->set_causation_id("0190a7e2-0000-7000-8000-0000000000ca"); }},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.what);
    v1::AppendRequest request = ThreeWithIds("s");
    change.apply(request.mutable_append()->mutable_events(change.index));
    ExpectRefused(request, grpc::StatusCode::ALREADY_EXISTS,
                  absl::StrCat("event id ", first.event_ids(change.index),
                               " is stored already at position ", 1 + change.index));
    v1::AppendResponse response;
    grpc::Status status = Append(request, &response);
    EXPECT_THAT(status.error_message(), HasSubstr(change.what));
  }
  // Another stream with the same ids and content.
  ExpectRefused(ThreeWithIds("t"), grpc::StatusCode::ALREADY_EXISTS,
                absl::StrCat("event id ", first.event_ids(0), " is stored already"));
  // Nothing stored changed.
  const std::vector<v1::Event> after = ReadAll();
  ASSERT_EQ(after.size(), stored.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].SerializeAsString(), stored[i].SerializeAsString());
  }
}

TEST_F(LedgerServiceTest, BadInputIsInvalidArgumentAndStoresNothing) {
  MustAppend(MakeRequest("existing"));
  ExpectRefused(MakeRequest(""), grpc::StatusCode::INVALID_ARGUMENT, "stream_id must not be empty");
  ExpectRefused(MakeRequest(std::string(300, 's')), grpc::StatusCode::INVALID_ARGUMENT,
                "stream_id is 300 bytes; the limit is 256");
  ExpectRefused(MakeRequest("s", v1::ExpectedVersion::ANY, 0, "1234"),
                grpc::StatusCode::INVALID_ARGUMENT, "malformed UUID");
  v1::AppendRequest big = MakeRequest("s");
  big.mutable_append()->mutable_events(0)->set_payload(std::string(5000, 'x'));
  ExpectRefused(big, grpc::StatusCode::INVALID_ARGUMENT, "the limit is 4096 bytes per event");
  v1::AppendRequest many = MakeRequest("s");
  for (int i = 0; i < 10; ++i) {
    *many.mutable_append()->add_events() = many.append().events(0);
  }
  ExpectRefused(many, grpc::StatusCode::INVALID_ARGUMENT, "append has 11 events; the limit is 10");
}

TEST_F(LedgerServiceTest, WrongExpectedVersionIsFailedPreconditionNamingBoth) {
  MustAppend(MakeRequest("s"));
  MustAppend(MakeRequest("s"));
  ExpectRefused(MakeRequest("s", v1::ExpectedVersion::EXACT, 1),
                grpc::StatusCode::FAILED_PRECONDITION, "expected version 1, actual version 2");
  ExpectRefused(MakeRequest("s", v1::ExpectedVersion::NO_STREAM),
                grpc::StatusCode::FAILED_PRECONDITION, "actual version 2");
  ExpectRefused(MakeRequest("new", v1::ExpectedVersion::STREAM_EXISTS),
                grpc::StatusCode::FAILED_PRECONDITION, "actual version 0");
}

TEST_F(LedgerServiceTest, ReusedEventIdElsewhereIsAlreadyExists) {
  MustAppend(MakeRequest("a", v1::ExpectedVersion::ANY, 0, kId1));
  ExpectRefused(MakeRequest("b", v1::ExpectedVersion::ANY, 0, kId1),
                grpc::StatusCode::ALREADY_EXISTS, "stored already");
}

TEST_F(LedgerServiceTest, RawAppendsToGovernanceStreamsAreRefusedWhole) {
  ExpectRefused(MakeRequest("meeting/sbo-1"), grpc::StatusCode::PERMISSION_DENIED,
                "written through the GovernanceService only");
  v1::AppendMultiRequest request;
  *request.add_appends() = MakeRequest("agenda/sbo").append();
  *request.add_appends() = MakeRequest("body/sbo").append();
  grpc::ClientContext context;
  v1::AppendMultiResponse response;
  const grpc::Status status = stub_->AppendMulti(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("\"body/sbo\" is a governance stream"));
  EXPECT_EQ(Head().position(), 0u);
}

TEST_F(LedgerServiceTest, AppendMultiWritesAllStreamsOrNone) {
  MustAppend(MakeRequest("agenda/sbo"));
  v1::AppendMultiRequest request;
  *request.add_appends() = MakeRequest("voorstel/9", v1::ExpectedVersion::NO_STREAM).append();
  *request.add_appends() = MakeRequest("agenda/sbo", v1::ExpectedVersion::EXACT, 0).append();
  {
    grpc::ClientContext context;
    v1::AppendMultiResponse response;
    grpc::Status status = stub_->AppendMulti(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(status.error_message(), HasSubstr("stream \"agenda/sbo\""));
    EXPECT_EQ(Head().position(), 1u);
  }
  request.mutable_appends(1)->mutable_expected_version()->set_version(1);
  grpc::ClientContext context;
  v1::AppendMultiResponse response;
  grpc::Status status = stub_->AppendMulti(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(0).first_position(), 2u);
  EXPECT_EQ(response.results(1).first_position(), 3u);
  EXPECT_EQ(response.results(1).first_version(), 2u);

  grpc::ClientContext empty_context;
  status = stub_->AppendMulti(&empty_context, v1::AppendMultiRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LedgerServiceTest, ReadStreamForwardBackwardAndPaged) {
  for (int i = 0; i < 5; ++i) MustAppend(MakeRequest("s"));
  MustAppend(MakeRequest("other"));
  v1::ReadStreamRequest request;
  request.set_stream_id("s");
  request.set_limit(3);
  grpc::ClientContext context;
  v1::ReadStreamResponse response;
  ASSERT_TRUE(stub_->ReadStream(&context, request, &response).ok());
  ASSERT_EQ(response.events_size(), 3);
  EXPECT_EQ(response.events(0).stream_version(), 1u);
  EXPECT_FALSE(response.end_of_stream());
  EXPECT_EQ(response.next_version(), 4u);
  EXPECT_EQ(response.stream_version(), 5u);

  request.set_direction(v1::BACKWARD);
  request.set_from_version(0);
  grpc::ClientContext backward_context;
  response.Clear();
  ASSERT_TRUE(stub_->ReadStream(&backward_context, request, &response).ok());
  ASSERT_EQ(response.events_size(), 3);
  EXPECT_EQ(response.events(0).stream_version(), 5u);
  EXPECT_EQ(response.events(2).stream_version(), 3u);

  request.set_stream_id("");
  grpc::ClientContext bad_context;
  EXPECT_EQ(stub_->ReadStream(&bad_context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_stream_id("s");
  request.set_direction(static_cast<v1::Direction>(7));
  grpc::ClientContext direction_context;
  EXPECT_EQ(stub_->ReadStream(&direction_context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(LedgerServiceTest, ReadAllPagesAndFilters) {
  MustAppend(MakeRequest("sbo/1"));
  MustAppend(MakeRequest("oro/1"));
  MustAppend(MakeRequest("sbo/2"));
  v1::ReadAllRequest request;
  request.set_limit(2);
  grpc::ClientContext context;
  v1::ReadAllResponse response;
  ASSERT_TRUE(stub_->ReadAll(&context, request, &response).ok());
  EXPECT_EQ(response.events_size(), 2);
  EXPECT_EQ(response.next_position(), 3u);
  EXPECT_EQ(response.head_position(), 3u);

  request.set_limit(0);
  request.mutable_filter()->add_stream_prefixes("sbo/");
  grpc::ClientContext filter_context;
  response.Clear();
  ASSERT_TRUE(stub_->ReadAll(&filter_context, request, &response).ok());
  ASSERT_EQ(response.events_size(), 2);
  EXPECT_EQ(response.events(1).stream_id(), "sbo/2");
  EXPECT_EQ(ReadAll().size(), 3u);
}

TEST_F(LedgerServiceTest, GetHeadMatchesTheLastEvent) {
  EXPECT_EQ(Head().position(), 0u);
  EXPECT_EQ(Head().hash(), std::string(32, '\0'));
  MustAppend(MakeRequest("s"));
  const std::vector<v1::Event> events = ReadAll();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Head().hash(), events[0].hash());
}

TEST_F(LedgerServiceTest, SubscriberFromZeroSeesEveryEventOnceInOrderWhileWritersRun) {
  constexpr int kWriters = 4;
  constexpr int kAppendsPerWriter = 150;
  constexpr uint64_t kTotal = kWriters * kAppendsPerWriter;
  MustAppend(MakeRequest("before-subscribe"));

  grpc::ClientContext context;
  context.set_deadline(Deadline(240));
  v1::SubscribeRequest request;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader =
      stub_->Subscribe(&context, request);

  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([this, w] {
      auto stub = NewStub();
      for (int i = 0; i < kAppendsPerWriter; ++i) {
        grpc::ClientContext append_context;
        append_context.set_deadline(Deadline());
        v1::AppendResponse response;
        grpc::Status status =
            stub->Append(&append_context, MakeRequest(absl::StrCat("writer/", w)), &response);
        ASSERT_TRUE(status.ok()) << status.error_message();
      }
    });
  }
  uint64_t expected_position = 1;
  bool caught_up_seen = false;
  v1::SubscribeResponse message;
  while (expected_position <= kTotal + 1 && reader->Read(&message)) {
    if (message.has_event()) {
      ASSERT_EQ(message.event().global_position(), expected_position);
      ++expected_position;
    } else {
      caught_up_seen = true;
      EXPECT_LT(message.caught_up_at(), expected_position);
    }
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(expected_position, kTotal + 2) << "every event exactly once";
  EXPECT_TRUE(caught_up_seen);
  context.TryCancel();
  reader->Finish();
}

TEST_F(LedgerServiceTest, SubscribeAppliesTheFilter) {
  MustAppend(MakeRequest("sbo/1"));
  MustAppend(MakeRequest("oro/1"));
  MustAppend(MakeRequest("sbo/2"));
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  v1::SubscribeRequest request;
  request.mutable_filter()->add_stream_prefixes("sbo/");
  auto reader = stub_->Subscribe(&context, request);
  std::vector<std::string> streams;
  v1::SubscribeResponse message;
  while (reader->Read(&message) && message.has_event()) {
    streams.push_back(message.event().stream_id());
  }
  EXPECT_EQ(streams, (std::vector<std::string>{"sbo/1", "sbo/2"}));
  EXPECT_EQ(message.caught_up_at(), 3u);
  context.TryCancel();
  reader->Finish();
}

TEST_F(LedgerServiceTest, ShutdownEndsSubscriptionsWithUnavailable) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  auto reader = stub_->Subscribe(&context, v1::SubscribeRequest());
  v1::SubscribeResponse message;
  ASSERT_TRUE(reader->Read(&message));  // caught_up_at 0: now live.
  EXPECT_TRUE(message.has_caught_up_at());
  server_->Shutdown();
  while (reader->Read(&message)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(LedgerServiceTest, SixteenClientsOnSharedAndPrivateStreamsKeepTheLogConsistent) {
  constexpr int kClients = 16;
  constexpr int kAppendsPerClient = 50;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c] {
      auto stub = NewStub();
      for (int i = 0; i < kAppendsPerClient; ++i) {
        grpc::ClientContext context;
        context.set_deadline(Deadline());
        v1::AppendResponse response;
        const std::string stream = i % 2 == 0 ? "shared" : absl::StrCat("private/", c);
        grpc::Status status = stub->Append(&context, MakeRequest(stream), &response);
        ASSERT_TRUE(status.ok()) << status.error_message();
      }
    });
  }
  for (std::thread& client : clients) client.join();
  const std::vector<v1::Event> events = ReadAll();
  ASSERT_EQ(events.size(), static_cast<size_t>(kClients * kAppendsPerClient));
  std::map<std::string, uint64_t> versions;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].global_position(), i + 1);
    EXPECT_EQ(events[i].stream_version(), ++versions[events[i].stream_id()]);
  }
  ledger::ChainVerifier verifier;
  for (const v1::Event& event : events) verifier.Next(event.global_position(), event);
  verifier.Finish(Head());
  EXPECT_TRUE(verifier.report().ok()) << verifier.report().Summary();
}

// The pipelined Append (AppendDriver, WriteEach, then one fsync for many)
// must never answer before the fsync that covers the answer has returned:
// kill -9 keeps the page cache, so a crash test alone cannot tell.
TEST_F(LedgerServiceTest, EveryAcknowledgementFollowsAWalSyncThatCoversIt) {
  constexpr int kClients = 8;
  constexpr int kAppendsPerClient = 40;
  std::atomic<int> acknowledged{0};
  std::atomic<int> uncovered{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto stub = NewStub();
      for (int i = 0; i < kAppendsPerClient; ++i) {
        grpc::ClientContext context;
        context.set_deadline(Deadline());
        v1::AppendResponse response;
        if (!stub->Append(&context, MakeRequest(absl::StrCat("client/", c)), &response).ok()) {
          continue;
        }
        acknowledged.fetch_add(1);
        // Read once the answer is here: a sync covering it has completed.
        if (log_->GetStats().synced_position < response.result().last_position()) {
          uncovered.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(acknowledged.load(), kClients * kAppendsPerClient);
  EXPECT_EQ(uncovered.load(), 0) << "answers given before their fsync";
  EXPECT_GE(log_->GetStats().syncs, 1u);
}

// Damage found on disk, over the public API: the scrub names the position,
// its result is visible through GetIntegrity, writes (and signed
// checkpoints) are refused, reads go on.
TEST(LedgerServiceDamageTest, TheScrubFindsAnAlteredOldEventVisiblyAndWritesStop) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<ledger::EventLog>> opened =
      ledger::EventLog::Open(dir.Sub("data"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<ledger::EventLog> log = *std::move(opened);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(log->Append(MakeRequest(absl::StrCat("s", i % 3)).append()).ok());
  }
  // Restarted, as a server would be.
  log.reset();
  opened = ledger::EventLog::Open(dir.Sub("data"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  log = *std::move(opened);
  rocksdb::ColumnFamilyHandle* events =
      ledger::EventLogTestPeer::column_family(*log, ledger::ColumnFamily::kEvents);
  std::string value;
  ASSERT_TRUE(ledger::EventLogTestPeer::db(*log)
                  ->Get(rocksdb::ReadOptions(), events, ledger::EventKey(7), &value)
                  .ok());
  v1::Event event;
  ASSERT_TRUE(event.ParseFromString(value));
  event.set_payload("{\"point\":1,\"vote\":\"against\"}");
  ASSERT_TRUE(
      ledger::EventLogTestPeer::db(*log)
          ->Put(rocksdb::WriteOptions(), events, ledger::EventKey(7), event.SerializeAsString())
          .ok());

  absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> signer =
      ledger::core::CheckpointSigner::LoadOrCreate(dir.Sub("key.pem"));
  ASSERT_TRUE(signer.ok()) << signer.status();
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.scrub.events_per_second = 100000;
  absl::StatusOr<std::unique_ptr<LedgerServer>> server =
      LedgerServer::Start(log.get(), options, nullptr, nullptr, signer->get());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials());
  auto stub = v1::LedgerService::NewStub(channel);

  v1::IntegrityStatus status;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  do {
    absl::SleepFor(absl::Milliseconds(5));  // Polling the public status, not syncing.
    grpc::ClientContext context;
    ASSERT_TRUE(stub->GetIntegrity(&context, v1::GetIntegrityRequest(), &status).ok());
  } while (status.scrub().passes_completed() == 0 && absl::Now() < deadline);
  EXPECT_TRUE(status.scrub().enabled());
  EXPECT_EQ(status.scrub().passes_completed(), 1u);
  EXPECT_FALSE(status.scrub().last_ok());
  EXPECT_EQ(status.scrub().last_bad_position(), 7u);
  EXPECT_EQ(status.scrub().last_head_position(), 50u);
  EXPECT_THAT(status.scrub().last_result(), HasSubstr("BAD at position 7"));
  EXPECT_FALSE(status.writes_accepted());
  EXPECT_EQ(status.damaged_position(), 7u);
  EXPECT_THAT(status.damage(), HasSubstr("the scrub found at position 7"));
  // The start-up check looked at the last events only, and they are intact.
  EXPECT_TRUE(status.head_check().checked());
  EXPECT_EQ(status.head_check().head_position(), 50u);
  EXPECT_EQ(status.head_check().events_checked(), ledger::EventLog::kHeadCheckEvents);

  for (const char* stream : {"s0", "new"}) {
    grpc::ClientContext context;
    v1::AppendResponse response;
    grpc::Status refused = stub->Append(&context, MakeRequest(stream), &response);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(refused.error_message(), HasSubstr("at position 7"));
    EXPECT_THAT(refused.error_message(), HasSubstr("ledgerctl verify"));
  }
  {
    grpc::ClientContext context;
    v1::AppendMultiRequest multi;
    *multi.add_appends() = MakeRequest("s1").append();
    v1::AppendMultiResponse response;
    EXPECT_EQ(stub->AppendMulti(&context, multi, &response).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  {
    auto audit = v1::AuditService::NewStub(channel);
    grpc::ClientContext context;
    v1::Checkpoint checkpoint;
    grpc::Status refused = audit->GetCheckpoint(&context, v1::GetCheckpointRequest(), &checkpoint);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(refused.error_message(), HasSubstr("signs no checkpoints"));
  }
  EXPECT_EQ(testing::ReadAllOverGrpc(*stub).size(), 50u) << "reads go on";
  (*server)->Shutdown();
}

}  // namespace
}  // namespace besluitlog::services
