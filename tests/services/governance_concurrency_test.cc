// Governance acts from many clients at once, over real gRPC with bearer
// tokens: acts on different meetings do not wait for each other, and under
// concurrency every rule still holds and every count adds up (no lost vote,
// no double decision, tallies equal the votes stored).
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/governance_codec.h"
#include "ledger/event_log.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::services {
namespace {

using ::besluitlog::testing::AddItem;
using ::besluitlog::testing::Appoint;
using ::besluitlog::testing::Attend;
using ::besluitlog::testing::Close;
using ::besluitlog::testing::Decide;
using ::besluitlog::testing::Establish;
using ::besluitlog::testing::Open;
using ::besluitlog::testing::Schedule;
using ::besluitlog::testing::Submit;
using ::besluitlog::testing::Vote;
using ::testing::HasSubstr;

constexpr int kMembers = 14;

std::string Member(int i) { return absl::StrCat("lid-", i + 1); }

class GovernanceConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = ledger::EventLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    const std::string identities_path = dir_.Sub("identities");
    auto add = [&](const std::string& name, ledger::Role role) {
      absl::StatusOr<std::string> token = IdentityFile::AddToken(identities_path, name, role);
      ASSERT_TRUE(token.ok()) << token.status();
      tokens_[name] = *token;
    };
    add("beheer", ledger::Role::kAdmin);
    add("griffie", ledger::Role::kSecretariaat);
    for (int m = 0; m < 2 * kMembers; ++m) add(Member(m), ledger::Role::kMember);
    auto identities = IdentityFile::Open(identities_path);
    ASSERT_TRUE(identities.ok()) << identities.status();
    identities_ = *std::move(identities);
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.clock = &clock_;
    options.identities = identities_.get();
    // Holds the closing of meeting "held" just before its append, until the
    // test releases it.
    options.governance_before_append_for_testing = [this](const v1::GovernanceCommand& c) {
      if (c.has_close_meeting() && c.close_meeting().meeting_id() == "held") {
        if (!held_.HasBeenNotified()) held_.Notify();
        release_.WaitForNotificationWithTimeout(absl::Seconds(300));
      }
    };
    auto server = LedgerServer::Start(log_.get(), options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    ledger_ = v1::LedgerService::NewStub(channel_);
  }

  void TearDown() override {
    if (!release_.HasBeenNotified()) release_.Notify();
    server_->Shutdown();
  }

  // Runs `command` as `who` (a name in tokens_), with a generous deadline.
  grpc::Status Execute(const std::string& who, const v1::GovernanceCommand& command,
                       absl::Duration deadline = absl::Seconds(120)) {
    auto stub = v1::GovernanceService::NewStub(channel_);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    context.AddMetadata("authorization", "Bearer " + tokens_.at(who));
    v1::CommandResult result;
    return stub->Execute(&context, command, &result);
  }

  void Ok(const std::string& who, const v1::GovernanceCommand& command) {
    const grpc::Status status = Execute(who, command);
    ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << command.DebugString();
  }

  // A body "sg" (majority) of 14 voting members.
  void Body() {
    Ok("beheer", Establish({.id = "sg", .kind = v1::STUURGROEP_GEMEENTEN, .rule = v1::MAJORITY}));
    for (int m = 0; m < kMembers; ++m) Ok("beheer", Appoint("sg", Member(m), v1::GEMEENTEN));
  }

  // Meeting `id` of "sg", open, everyone present, proposal `id`-p (3
  // points) on item "1".
  void OpenMeetingWithItem(const std::string& id) {
    Ok("griffie", Schedule(id, "sg", "2026-11-25"));
    Ok("griffie", Open(id));
    for (int m = 0; m < kMembers; ++m) Ok("griffie", Attend(id, Member(m)));
    Ok("griffie", Submit(id + "-p", "sg", {"een", "twee", "drie"}));
    Ok("griffie", AddItem(id, "1", id + "-p", Member(0)));
  }

  std::vector<v1::GovernanceEvent> Stream(const std::string& stream) {
    std::vector<v1::GovernanceEvent> events;
    uint64_t from = 1;
    while (true) {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + tokens_.at("beheer"));
      v1::ReadStreamRequest request;
      request.set_stream_id(stream);
      request.set_from_version(from);
      request.set_limit(1000);
      v1::ReadStreamResponse response;
      const grpc::Status status = ledger_->ReadStream(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || response.events().empty()) break;
      for (const v1::Event& envelope : response.events()) {
        events.push_back(*ledger::core::DecodeGovernanceEvent(envelope));
      }
      from += response.events_size();
    }
    return events;
  }

  testing::TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(1795608000)};
  std::unique_ptr<ledger::EventLog> log_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<IdentityFile> identities_;
  std::unique_ptr<LedgerServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  absl::Notification held_, release_;
};

TEST_F(GovernanceConcurrencyTest, ActsOnDifferentMeetingsDoNotWaitForEachOther) {
  Body();
  OpenMeetingWithItem("held");
  OpenMeetingWithItem("other");
  // Closing "held" stops just before its append and stays there.
  grpc::Status closed;
  std::thread closing([&] { closed = Execute("griffie", Close("held")); });
  ASSERT_TRUE(held_.WaitForNotificationWithTimeout(absl::Seconds(120)));
  // Meanwhile the other meeting of the same body goes on: votes, decision.
  for (int m = 0; m < kMembers; ++m) {
    const grpc::Status vote =
        Execute(Member(m), Vote("other", "1", 1, Member(m), v1::FOR), absl::Seconds(30));
    EXPECT_TRUE(vote.ok()) << Member(m) << " waited for another meeting: " << vote.error_code()
                           << " " << vote.error_message();
  }
  const grpc::Status decided = Execute("griffie", Decide("other", "1"), absl::Seconds(30));
  EXPECT_TRUE(decided.ok()) << decided.error_message();
  release_.Notify();
  closing.join();
  EXPECT_TRUE(closed.ok()) << closed.error_message();
  // What only waited is recorded once, in order.
  std::vector<v1::GovernanceEvent> held = Stream(ledger::core::MeetingStream("held"));
  ASSERT_FALSE(held.empty());
  EXPECT_TRUE(held.back().has_meeting_closed());
}

TEST_F(GovernanceConcurrencyTest, ConcurrentActsOnSharedAndDisjointStreamsKeepEveryCount) {
  Body();
  constexpr int kMeetings = 4;
  for (int i = 0; i < kMeetings; ++i) OpenMeetingWithItem(absl::StrCat("m", i));
  // Per meeting: three voters' threads (one per point) share the meeting
  // stream, two clerks race to take the decision once votes are coming in;
  // meetings are disjoint. Meanwhile the admin appoints new members to the
  // body every vote reads.
  std::atomic<int> votes_ok[kMeetings] = {};
  std::atomic<int> votes_refused_after_decision[kMeetings] = {};
  std::atomic<int> decisions_ok[kMeetings] = {};
  std::atomic<int> unexpected{0};
  absl::Mutex errors_mu;
  std::vector<std::string> errors;
  auto unexpected_error = [&](const std::string& what, const grpc::Status& status) {
    unexpected.fetch_add(1);
    absl::MutexLock lock(&errors_mu);
    errors.push_back(absl::StrCat(what, ": ", status.error_code(), " ", status.error_message()));
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kMeetings; ++i) {
    const std::string meeting = absl::StrCat("m", i);
    for (int point = 1; point <= 3; ++point) {
      threads.emplace_back([&, i, meeting, point] {
        for (int m = 0; m < kMembers; ++m) {
          const v1::VoteChoice choice = m % 3 == 0 ? v1::AGAINST : v1::FOR;
          const grpc::Status s = Execute(Member(m), Vote(meeting, "1", point, Member(m), choice));
          if (s.ok()) {
            votes_ok[i].fetch_add(1);
          } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
                     s.error_message().find("has been taken") != std::string::npos) {
            votes_refused_after_decision[i].fetch_add(1);
          } else {
            unexpected_error("vote", s);
          }
        }
      });
    }
    for (int clerk = 0; clerk < 2; ++clerk) {
      threads.emplace_back([&, i, meeting] {
        // Once about half the votes are in (bounded wait on a condition).
        const absl::Time deadline = absl::Now() + absl::Seconds(120);
        while (votes_ok[i].load() < 20 && absl::Now() < deadline) std::this_thread::yield();
        const grpc::Status s = Execute("griffie", Decide(meeting, "1"));
        if (s.ok()) {
          decisions_ok[i].fetch_add(1);
        } else if (s.error_code() != grpc::StatusCode::FAILED_PRECONDITION ||
                   s.error_message().find("taken already") == std::string::npos) {
          unexpected_error("decision", s);
        }
      });
    }
  }
  threads.emplace_back([&] {
    for (int m = kMembers; m < 2 * kMembers; ++m) {
      // Advisers: the body every vote reads changes, its quorum does not.
      const grpc::Status s = Execute("beheer", Appoint("sg", Member(m), v1::NEUTRAL, v1::ADVISEUR));
      if (!s.ok()) unexpected_error("appointment", s);
    }
  });
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(unexpected.load(), 0) << ::testing::PrintToString(errors);

  int appointed = 0;
  for (const v1::GovernanceEvent& e : Stream(ledger::core::BodyStream("sg"))) {
    appointed += e.has_member_appointed();
  }
  EXPECT_EQ(appointed, 2 * kMembers) << "every appointment is stored once";

  for (int i = 0; i < kMeetings; ++i) {
    const std::string meeting = absl::StrCat("m", i);
    SCOPED_TRACE(meeting);
    EXPECT_EQ(decisions_ok[i].load(), 1) << "exactly one clerk takes the decision";
    EXPECT_EQ(votes_ok[i].load() + votes_refused_after_decision[i].load(), 3 * kMembers);
    std::map<uint32_t, int> stored_for, stored_against;
    int stored = 0;
    for (const v1::GovernanceEvent& e : Stream(ledger::core::MeetingStream(meeting))) {
      if (!e.has_vote_cast()) continue;
      ++stored;
      (e.vote_cast().choice() == v1::FOR ? stored_for
                                         : stored_against)[e.vote_cast().decision_point()]++;
    }
    EXPECT_EQ(stored, votes_ok[i].load()) << "no vote lost, none stored that was refused";
    std::vector<v1::DecisionTaken> decisions;
    for (const v1::GovernanceEvent& e : Stream(ledger::core::ProposalStream(meeting + "-p"))) {
      if (e.has_decision_taken()) decisions.push_back(e.decision_taken());
    }
    ASSERT_EQ(decisions.size(), 1u) << "one decision per item";
    for (const v1::PointOutcome& outcome : decisions[0].outcomes()) {
      // Every vote stored was cast before the decision and is in its tally;
      // none came after it.
      EXPECT_EQ(outcome.votes_for(), stored_for[outcome.decision_point()]);
      EXPECT_EQ(outcome.votes_against(), stored_against[outcome.decision_point()]);
      EXPECT_EQ(outcome.voting_members_present(), static_cast<uint32_t>(kMembers));
    }
  }
}

}  // namespace
}  // namespace besluitlog::services
