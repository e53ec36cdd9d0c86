// QueryService over a real gRPC server, with projections following live.
#include "services/query_service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "projections/governance_views.h"
#include "services/ledger_server.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::services {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kDay0 = 1764000000;  // When the dispute is recorded.

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger::EventLogOptions options;
    options.clock = &clock_;
    auto log = ledger::EventLog::Open(dir_.Sub("log"), options);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    std::vector<std::string> names;
    for (const auto& p : projections::GovernanceProjections()) names.push_back(p->name());
    auto store = projections::ProjectionStore::Open(dir_.Sub("views"), names);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    runner_ = std::make_unique<projections::ProjectionRunner>(log_.get(), store_.get(),
                                                              projections::GovernanceProjections());
    ASSERT_TRUE(runner_->Start().ok());
    ServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    server_options.clock = &clock_;
    auto server = LedgerServer::Start(log_.get(), server_options, store_.get(), runner_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    query_ = v1::QueryService::NewStub(channel);
    governance_ = v1::GovernanceService::NewStub(channel);
    ledger::governance::GovernanceCommands commands(log_.get(), &clock_);
    testing::RecordKpiDispute(commands);
  }

  void TearDown() override {
    server_->Shutdown();
    runner_->Stop();
  }

  grpc::Status GetProposal(const std::string& id, v1::Consistency consistency,
                           v1::ProposalView* view, int deadline_ms = 60000) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
    v1::GetProposalRequest request;
    request.set_proposal_id(id);
    *request.mutable_consistency() = consistency;
    return query_->GetProposal(&context, request, view);
  }

  static v1::Consistency AtLeast(uint64_t position) {
    v1::Consistency c;
    c.set_min_position(position);
    return c;
  }

  testing::TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(kDay0)};
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<projections::ProjectionStore> store_;
  std::unique_ptr<projections::ProjectionRunner> runner_;
  std::unique_ptr<LedgerServer> server_;
  std::unique_ptr<v1::QueryService::Stub> query_;
  std::unique_ptr<v1::GovernanceService::Stub> governance_;
};

TEST_F(QueryServiceTest, ReadYourWrites) {
  v1::GovernanceCommand submit = testing::Submit("later", "oro", {"Later"}, false, "r1");
  grpc::ClientContext context;
  v1::CommandResult written;
  ASSERT_TRUE(governance_->Execute(&context, submit, &written).ok());
  v1::ProposalView view;
  ASSERT_TRUE(GetProposal("later", AtLeast(written.position()), &view).ok());
  EXPECT_EQ(view.status(), v1::SUBMITTED);
  EXPECT_EQ(view.as_of_position(), written.position());
}

TEST_F(QueryServiceTest, MinPositionBeyondTheHeadTimesOut) {
  v1::ProposalView view;
  const grpc::Status status =
      GetProposal("kpi", AtLeast(log_->GetHead().position() + 1), &view, /*deadline_ms=*/300);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(QueryServiceTest, AsOfAPositionOrATime) {
  const uint64_t head = log_->GetHead().position();
  v1::ProposalView now;
  ASSERT_TRUE(GetProposal("kpi", AtLeast(head), &now).ok());
  EXPECT_EQ(now.status(), v1::RATIFICATION_COMPLETE);

  // Just before the first College decision, the SBO decision awaits them.
  v1::Consistency before = AtLeast(head);
  before.set_as_of_position(head - 3);
  v1::ProposalView then;
  ASSERT_TRUE(GetProposal("kpi", before, &then).ok());
  EXPECT_EQ(then.status(), v1::AWAITING_RATIFICATION);
  EXPECT_LE(then.as_of_position(), head - 3);

  v1::Consistency beyond;
  beyond.set_as_of_position(head + 10);
  EXPECT_EQ(GetProposal("kpi", beyond, &then).error_code(), grpc::StatusCode::OUT_OF_RANGE);

  clock_.Advance(absl::Hours(24));
  v1::GovernanceCommand submit = testing::Submit("next-day", "oro", {"x"}, false, "r1");
  grpc::ClientContext context;
  v1::CommandResult written;
  ASSERT_TRUE(governance_->Execute(&context, submit, &written).ok());
  v1::Consistency day0;
  day0.mutable_as_of_time()->set_seconds(kDay0 + 3600);
  EXPECT_EQ(GetProposal("next-day", day0, &then).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(GetProposal("kpi", day0, &then).ok());
  EXPECT_EQ(then.status(), v1::RATIFICATION_COMPLETE);
  v1::Consistency day1;
  day1.mutable_as_of_time()->set_seconds(kDay0 + 86400 + 1);
  EXPECT_TRUE(GetProposal("next-day", day1, &then).ok());
}

TEST_F(QueryServiceTest, AgreementsInForceOnADate) {
  auto agreements = [&](const std::string& municipality, const std::string& date) {
    grpc::ClientContext context;
    v1::GetAgreementsRequest request;
    request.set_municipality(municipality);
    request.set_on_date(date);
    *request.mutable_consistency() = AtLeast(log_->GetHead().position());
    v1::AgreementsView view;
    EXPECT_TRUE(query_->GetAgreementsInForce(&context, request, &view).ok());
    return view.agreements_size();
  };
  EXPECT_EQ(agreements("Dordrecht", "2024-12-31"), 0);
  EXPECT_EQ(agreements("Dordrecht", "2025-01-01"), 1);
  EXPECT_EQ(agreements("Zwijndrecht", "2025-06-01"), 0);
  EXPECT_EQ(agreements("Zwijndrecht", "2026-01-01"), 1);
  EXPECT_EQ(agreements("Molenlanden", "2030-01-01"), 0);
  grpc::ClientContext context;
  v1::GetAgreementsRequest bad;
  bad.set_municipality("Dordrecht");
  bad.set_on_date("1 januari");
  v1::AgreementsView view;
  EXPECT_EQ(query_->GetAgreementsInForce(&context, bad, &view).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(QueryServiceTest, MeetingsUnknownThingsAndStatus) {
  grpc::ClientContext context;
  v1::GetMeetingRequest request;
  request.set_meeting_id("sbo-1");
  *request.mutable_consistency() = AtLeast(log_->GetHead().position());
  v1::MeetingView meeting;
  ASSERT_TRUE(query_->GetMeeting(&context, request, &meeting).ok());
  EXPECT_EQ(meeting.besluitenlijst_size(), 1);

  v1::ProposalView view;
  const grpc::Status missing = GetProposal("nope", v1::Consistency(), &view);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("no proposal \"nope\""));

  grpc::ClientContext status_context;
  v1::GetProjectionStatusResponse status;
  ASSERT_TRUE(
      query_->GetProjectionStatus(&status_context, v1::GetProjectionStatusRequest(), &status).ok());
  EXPECT_EQ(status.head_position(), log_->GetHead().position());
  EXPECT_EQ(status.projections_size(), 7);
  grpc::ClientContext rebuild_context;
  v1::RebuildProjectionsRequest rebuild;
  rebuild.set_name("nonsense");
  v1::RebuildProjectionsResponse rebuilt;
  EXPECT_EQ(query_->RebuildProjections(&rebuild_context, rebuild, &rebuilt).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(QueryServiceTest, StatusTellsWhichRebuildRunsUpToWhereAndWhenItIsDone) {
  const uint64_t head = log_->GetHead().position();
  ASSERT_TRUE(runner_->WaitFor(head, absl::Now() + absl::Seconds(60)));
  auto status_of = [&](const std::string& name) {
    grpc::ClientContext context;
    v1::GetProjectionStatusResponse status;
    EXPECT_TRUE(
        query_->GetProjectionStatus(&context, v1::GetProjectionStatusRequest(), &status).ok());
    for (const v1::ProjectionStatus& p : status.projections()) {
      if (p.name() == name) return p;
    }
    ADD_FAILURE() << "no status of " << name;
    return v1::ProjectionStatus();
  };
  EXPECT_EQ(status_of("proposals").state(), "up to date");
  EXPECT_EQ(status_of("proposals").rebuild_generation(), 0u);
  for (uint64_t generation : {1u, 2u}) {
    grpc::ClientContext context;
    v1::RebuildProjectionsRequest request;
    request.set_name("proposals");
    v1::RebuildProjectionsResponse response;
    ASSERT_TRUE(query_->RebuildProjections(&context, request, &response).ok());
    const v1::ProjectionStatus during = status_of("proposals");
    EXPECT_EQ(during.rebuild_generation(), generation);
    EXPECT_EQ(during.rebuild_target_position(), head);
    EXPECT_TRUE(during.has_rebuild_requested_at());
    EXPECT_FALSE(during.rebuild_resumed_after_restart());
    ASSERT_TRUE(runner_->WaitFor(head, absl::Now() + absl::Seconds(60)));
    const v1::ProjectionStatus after = status_of("proposals");
    EXPECT_FALSE(after.rebuilding());
    EXPECT_THAT(after.state(),
                ::testing::MatchesRegex(absl::StrCat("up to date \\(rebuild ", generation,
                                                     " requested at .*, done\\)")));
    // The others were not touched.
    EXPECT_EQ(status_of("meetings").rebuild_generation(), 0u);
  }
}

TEST_F(QueryServiceTest, RosterOnADate) {
  // The dispute was recorded on 2025-11-24 (Amsterdam).
  auto roster = [&](const std::string& date) {
    grpc::ClientContext context;
    v1::GetRosterRequest request;
    request.set_body_id("sbo");
    request.set_on_date(date);
    *request.mutable_consistency() = AtLeast(log_->GetHead().position());
    v1::RosterView view;
    EXPECT_TRUE(query_->GetRoster(&context, request, &view).ok());
    return view;
  };
  EXPECT_EQ(roster("2025-11-23").members_size(), 0);
  const v1::RosterView sbo = roster("2025-11-24");
  ASSERT_EQ(sbo.members_size(), 4);
  EXPECT_EQ(sbo.members(0).member_id(), "w1");
  EXPECT_EQ(sbo.members(0).side(), v1::GEMEENTEN);
  EXPECT_EQ(sbo.members(0).appointed_on(), "2025-11-24");

  clock_.Advance(absl::Hours(24 * 10));  // 2025-12-04
  v1::GovernanceCommand resign;
  resign.mutable_resign_member()->set_body_id("sbo");
  resign.mutable_resign_member()->set_member_id("w2");
  grpc::ClientContext context;
  v1::CommandResult written;
  ASSERT_TRUE(governance_->Execute(&context, resign, &written).ok());
  EXPECT_EQ(roster("2025-12-03").members_size(), 4);
  EXPECT_EQ(roster("2025-12-04").members_size(), 3);
}

TEST_F(QueryServiceTest, OpenDeadlinesCountDaysRemaining) {
  v1::GovernanceCommand request;
  auto* r = request.mutable_request_zienswijze();
  r->set_request_id("zw");
  r->set_proposal_id("kpi");
  r->add_councils("Dordrecht");
  r->add_councils("Gorinchem");
  r->add_decision_points(1);
  r->set_deadline("2025-12-22");
  v1::GovernanceCommand submit;
  auto* z = submit.mutable_submit_zienswijze();
  z->set_request_id("zw");
  z->set_proposal_id("kpi");
  z->set_council("Dordrecht");
  z->set_submitted_on("2025-12-01");
  uint64_t position = 0;
  for (const auto* command : {&request, &submit}) {
    grpc::ClientContext context;
    v1::CommandResult written;
    ASSERT_TRUE(governance_->Execute(&context, *command, &written).ok());
    position = written.position();
  }
  grpc::ClientContext context;
  v1::GetDeadlinesRequest deadlines;
  deadlines.set_on_date("2025-12-01");
  *deadlines.mutable_consistency() = AtLeast(position);
  v1::DeadlinesView view;
  ASSERT_TRUE(query_->GetOpenDeadlines(&context, deadlines, &view).ok());
  ASSERT_EQ(view.pending_size(), 1) << "ratifications are all in; one view is due";
  EXPECT_EQ(view.pending(0).kind(), v1::PendingWork::ZIENSWIJZE);
  EXPECT_EQ(view.pending(0).party(), "Gorinchem");
  EXPECT_EQ(view.pending(0).days_remaining(), 21);
}

TEST_F(QueryServiceTest, SearchActsByBodyTypeAndPage) {
  auto search = [&](uint64_t token, uint32_t page_size) {
    grpc::ClientContext context;
    v1::SearchActsRequest request;
    request.set_body_id("sbo");
    request.set_event_type("VoteCast");
    request.set_page_token(token);
    request.set_page_size(page_size);
    *request.mutable_consistency() = AtLeast(log_->GetHead().position());
    v1::SearchActsResponse response;
    EXPECT_TRUE(query_->SearchActs(&context, request, &response).ok());
    return response;
  };
  const v1::SearchActsResponse all = search(0, 100);
  ASSERT_EQ(all.acts_size(), 5) << "w1 voted twice";
  EXPECT_EQ(all.next_page_token(), 0u);
  EXPECT_EQ(all.acts(0).actor(), "w1");
  EXPECT_EQ(all.acts(0).date(), "2025-11-24");
  std::vector<uint64_t> paged;
  uint64_t token = 0;
  do {
    const v1::SearchActsResponse page = search(token, 2);
    for (const v1::ActSummary& act : page.acts()) paged.push_back(act.position());
    token = page.next_page_token();
  } while (token != 0);
  ASSERT_EQ(paged.size(), 5u);
  EXPECT_EQ(paged.back(), all.acts(4).position());
}

}  // namespace
}  // namespace besluitlog::services
