// Hostile and broken requests over real gRPC: each is refused with a clear
// status, nothing is stored, and the server keeps serving.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/event_log.h"
#include "services/ledger_server.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::services {
namespace {

using ::testing::HasSubstr;

// Protobuf wire format by hand: tag, then a length-delimited value.
std::string LengthDelimited(int field, const std::string& value) {
  std::string out(1, static_cast<char>((field << 3) | 2));
  uint64_t size = value.size();
  while (size >= 0x80) {
    out.push_back(static_cast<char>((size & 0x7f) | 0x80));
    size >>= 7;
  }
  out.push_back(static_cast<char>(size));
  return out + value;
}

class HostileInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ledger::EventLog>> log = ledger::EventLog::Open(dir_.path());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.max_receive_message_bytes = 4 << 20;
    options.max_subscriptions = 2;
    absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(log_.get(), options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 << 20);
    channel_ =
        grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args);
    ledger_ = v1::LedgerService::NewStub(channel_);
    governance_ = v1::GovernanceService::NewStub(channel_);
    v1::AppendRequest first;
    first.mutable_append()->set_stream_id("s");
    first.mutable_append()->add_events()->set_event_type("Noted");
    grpc::ClientContext context;
    v1::AppendResponse response;
    ASSERT_TRUE(ledger_->Append(&context, first, &response).ok());
  }

  // Sends raw bytes as the request of `method`.
  grpc::Status SendRaw(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(channel_);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::ClientContext context;
    grpc::CompletionQueue queue;
    auto call = stub.PrepareUnaryCall(&context, method, request, &queue);
    call->StartCall();
    grpc::Status status;
    call->Finish(&response, &status, reinterpret_cast<void*>(1));
    void* tag;
    bool ok;
    queue.Next(&tag, &ok);
    return status;
  }

  grpc::Status Execute(const v1::GovernanceCommand& command) {
    grpc::ClientContext context;
    v1::CommandResult result;
    return governance_->Execute(&context, command, &result);
  }

  // The server still answers, and holds only the first event.
  void ExpectStillServingAndUnchanged() {
    grpc::ClientContext context;
    v1::GetHeadResponse head;
    ASSERT_TRUE(ledger_->GetHead(&context, v1::GetHeadRequest(), &head).ok());
    EXPECT_EQ(head.head().position(), baseline_);
  }

  testing::TempDir dir_;
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<LedgerServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::GovernanceService::Stub> governance_;
  uint64_t baseline_ = 1;
};

TEST_F(HostileInputTest, AnOversizedMessageIsRefusedBeforeItIsRead) {
  v1::AppendRequest huge;
  huge.mutable_append()->set_stream_id("s");
  huge.mutable_append()->add_events()->set_payload(std::string(8 << 20, 'x'));
  grpc::ClientContext context;
  v1::AppendResponse response;
  const grpc::Status status = ledger_->Append(&context, huge, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("larger than max"));
  ExpectStillServingAndUnchanged();
}

// What is not protobuf, or puts non-UTF-8 in a string field, never reaches
// our code: gRPC's parser refuses it (INTERNAL "Unable to parse request").
TEST_F(HostileInputTest, UnparsableAndNonUtf8RequestsAreRefusedByTheParser) {
  const grpc::Status garbage =
      SendRaw("/besluitlog.v1.LedgerService/Append", "\xff\xff\xff\xff garbage");
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(garbage.error_message(), HasSubstr("Unable to parse request"));
  const std::string append = LengthDelimited(
      1, LengthDelimited(1, "s\xff\xfe") + LengthDelimited(3, LengthDelimited(2, "Noted")));
  const grpc::Status not_utf8 = SendRaw("/besluitlog.v1.LedgerService/Append", append);
  EXPECT_EQ(not_utf8.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(not_utf8.error_message(), HasSubstr("Unable to parse request"));
  v1::GovernanceCommand vote = testing::Vote("m", "1", 1, "w1", v1::FOR);
  const grpc::Status actor_not_utf8 =
      SendRaw("/besluitlog.v1.GovernanceService/Execute",
              vote.SerializeAsString() + LengthDelimited(1, "w\xc3"));
  EXPECT_EQ(actor_not_utf8.error_code(), grpc::StatusCode::INTERNAL);
  ExpectStillServingAndUnchanged();
}

TEST_F(HostileInputTest, DeepNestingIsSkippedNotRecursed) {
  // 100,000 levels of nested messages in a field the server does not know:
  // skipped as one unknown field, so the command is simply empty.
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested = LengthDelimited(99, nested);
  const grpc::Status deep = SendRaw("/besluitlog.v1.GovernanceService/Execute", nested);
  EXPECT_EQ(deep.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(deep.error_message(), HasSubstr("the command names no act"));
  ExpectStillServingAndUnchanged();
}

TEST_F(HostileInputTest, TextWithControlCharactersIsInvalid) {
  v1::AppendRequest request;
  request.mutable_append()->set_stream_id(std::string("s\0t", 3));
  request.mutable_append()->add_events()->set_event_type("Noted");
  grpc::ClientContext context;
  v1::AppendResponse response;
  const grpc::Status status = ledger_->Append(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("stream_id"));
  ExpectStillServingAndUnchanged();
}

TEST_F(HostileInputTest, DatesOutOfRangeAreInvalidAndNamed) {
  ASSERT_TRUE(
      Execute(testing::Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY})).ok());
  baseline_ = log_->GetHead().position();
  for (const char* date : {"2026-13-01", "2026-02-30", "99999-01-01", "0000-01-01", "1899-12-31",
                           "3000-01-01", "2026-1-1", "", "2026-01-01T00:00"}) {
    const grpc::Status status = Execute(testing::Schedule("oro-x", "oro", date));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << date;
    EXPECT_THAT(status.error_message(), HasSubstr("date")) << date;
  }
  ExpectStillServingAndUnchanged();
}

TEST_F(HostileInputTest, UnknownEnumValuesAreInvalid) {
  v1::GovernanceCommand body =
      testing::Establish({.id = "x", .kind = v1::ORO, .rule = v1::MAJORITY});
  body.mutable_establish_body()->mutable_config()->set_kind(static_cast<v1::BodyKind>(999));
  const grpc::Status kind = Execute(body);
  EXPECT_EQ(kind.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(kind.error_message(), HasSubstr("config.kind"));
  body = testing::Establish({.id = "x", .kind = v1::ORO, .rule = v1::MAJORITY});
  body.mutable_establish_body()->mutable_config()->set_decision_rule(
      static_cast<v1::DecisionRule>(-5));
  EXPECT_EQ(Execute(body).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::GovernanceCommand vote = testing::Vote("m", "1", 1, "w1", v1::FOR);
  vote.mutable_cast_vote()->set_choice(static_cast<v1::VoteChoice>(42));
  const grpc::Status choice = Execute(vote);
  EXPECT_EQ(choice.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(choice.error_message(), HasSubstr("choice must be FOR, AGAINST or ABSTAIN"));
  v1::ReadStreamRequest read;
  read.set_stream_id("s");
  read.set_direction(static_cast<v1::Direction>(7));
  grpc::ClientContext context;
  v1::ReadStreamResponse response;
  EXPECT_EQ(ledger_->ReadStream(&context, read, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ExpectStillServingAndUnchanged();
}

// A subscription holds a server thread for as long as it lasts.
struct OpenSubscription {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader;
};

// Subscribes and waits for the first message: caught up, or the refusal.
std::unique_ptr<OpenSubscription> Subscribe(v1::LedgerService::Stub& stub, grpc::Status* refusal) {
  auto subscription = std::make_unique<OpenSubscription>();
  subscription->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::SubscribeRequest request;
  request.set_from_position(1);
  subscription->reader = stub.Subscribe(&subscription->context, request);
  v1::SubscribeResponse message;
  while (subscription->reader->Read(&message)) {
    if (message.has_caught_up_at()) {
      *refusal = grpc::Status::OK;
      return subscription;
    }
  }
  *refusal = subscription->reader->Finish();
  return nullptr;
}

TEST_F(HostileInputTest, SubscriptionsBeyondTheLimitAreRefusedAndOtherCallsGoOn) {
  grpc::Status status;
  std::unique_ptr<OpenSubscription> first = Subscribe(*ledger_, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::unique_ptr<OpenSubscription> second = Subscribe(*ledger_, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Subscribe(*ledger_, &status), nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("already follows 2 subscriptions"));
  ExpectStillServingAndUnchanged();

  // Once one ends, there is room again.
  first->context.TryCancel();
  first->reader->Finish();
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  std::unique_ptr<OpenSubscription> third = Subscribe(*ledger_, &status);
  while (third == nullptr && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));  // The server notices the cancel on its next poll.
    third = Subscribe(*ledger_, &status);
  }
  EXPECT_NE(third, nullptr) << status.error_message();
  for (OpenSubscription* open : {second.get(), third.get()}) {
    if (open == nullptr) continue;
    open->context.TryCancel();
    open->reader->Finish();
  }
}

}  // namespace
}  // namespace besluitlog::services
