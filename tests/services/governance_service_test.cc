// The seed scenarios end to end: GovernanceService over a real gRPC server.
#include "services/governance_service.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/event_log.h"
#include "projections/governance_views.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::services {
namespace {

using ::besluitlog::testing::AddItem;
using ::besluitlog::testing::Appoint;
using ::besluitlog::testing::Attend;
using ::besluitlog::testing::BodySpec;
using ::besluitlog::testing::CollegeDecides;
using ::besluitlog::testing::Decide;
using ::besluitlog::testing::Escalate;
using ::besluitlog::testing::Establish;
using ::besluitlog::testing::Object;
using ::besluitlog::testing::Open;
using ::besluitlog::testing::RequestRatification;
using ::besluitlog::testing::Schedule;
using ::besluitlog::testing::Submit;
using ::besluitlog::testing::Substitute;
using ::besluitlog::testing::Vote;
using ::testing::HasSubstr;

class GovernanceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ledger::EventLog>> log = ledger::EventLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    std::vector<std::string> names;
    for (const auto& p : projections::GovernanceProjections()) {
      names.push_back(p->name());
    }
    auto store = projections::ProjectionStore::Open(dir_.Sub("views"), names);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    runner_ = std::make_unique<projections::ProjectionRunner>(log_.get(), store_.get(),
                                                              projections::GovernanceProjections());
    ASSERT_TRUE(runner_->Start().ok());
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.clock = &clock_;
    absl::StatusOr<std::unique_ptr<LedgerServer>> server =
        LedgerServer::Start(log_.get(), options, store_.get(), runner_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    governance_ = v1::GovernanceService::NewStub(channel);
    ledger_ = v1::LedgerService::NewStub(channel);
    query_ = v1::QueryService::NewStub(channel);
  }

  void TearDown() override {
    server_->Shutdown();
    runner_->Stop();
  }

  v1::CommandResult Ok(const v1::GovernanceCommand& command) {
    grpc::ClientContext context;
    v1::CommandResult result;
    grpc::Status status = governance_->Execute(&context, command, &result);
    EXPECT_TRUE(status.ok()) << status.error_message() << "\n" << command.DebugString();
    return result;
  }

  // The command is refused with `code` and a message holding `fragment`,
  // and nothing is stored.
  void Refused(const v1::GovernanceCommand& command, const std::string& fragment,
               grpc::StatusCode code = grpc::StatusCode::FAILED_PRECONDITION) {
    const uint64_t before = log_->GetHead().position();
    grpc::ClientContext context;
    v1::CommandResult result;
    grpc::Status status = governance_->Execute(&context, command, &result);
    EXPECT_EQ(status.error_code(), code) << status.error_message() << "\n" << command.DebugString();
    EXPECT_THAT(status.error_message(), HasSubstr(fragment));
    EXPECT_EQ(log_->GetHead().position(), before) << "a refusal stores nothing";
  }

  // The proposal as `ledgerctl show proposal` shows it, once the views have
  // caught up with everything written so far.
  v1::ProposalView ShowProposal(const std::string& id) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    v1::GetProposalRequest request;
    request.set_proposal_id(id);
    request.mutable_consistency()->set_min_position(log_->GetHead().position());
    v1::ProposalView view;
    grpc::Status status = query_->GetProposal(&context, request, &view);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return view;
  }

  static v1::DecisionTaken DecisionOf(const v1::CommandResult& result) {
    EXPECT_EQ(result.events_size(), 1);
    return result.events(0).decision_taken();
  }

  // The governance events of one stream, read back through LedgerService.
  std::vector<v1::GovernanceEvent> Stream(const std::string& stream) {
    grpc::ClientContext context;
    v1::ReadStreamRequest request;
    request.set_stream_id(stream);
    v1::ReadStreamResponse response;
    EXPECT_TRUE(ledger_->ReadStream(&context, request, &response).ok());
    std::vector<v1::GovernanceEvent> events;
    for (const v1::Event& envelope : response.events()) {
      events.push_back(*ledger::core::DecodeGovernanceEvent(envelope));
    }
    return events;
  }

  v1::AgendaItemAdded ItemOf(const std::string& meeting, const std::string& item) {
    for (const v1::GovernanceEvent& event : Stream(ledger::core::MeetingStream(meeting))) {
      if (event.has_agenda_item_added() && event.agenda_item_added().item_id() == item) {
        return event.agenda_item_added();
      }
    }
    ADD_FAILURE() << "no item " << item << " in " << meeting;
    return v1::AgendaItemAdded();
  }

  // SBO (6 aldermen, 6 directors, consensus, items via the ORO), ORO
  // (majority, escalates to the SBO) and a contract talk (consensus,
  // escalates to the ORO), as in the segment-1 memo.
  void Segment1Bodies() {
    KnownMunicipalities({"Dordrecht", "Zwijndrecht", "Sliedrecht", "Gorinchem", "Molenlanden"});
    Ok(Establish({.id = "sbo",
                  .kind = v1::SBO,
                  .rule = v1::CONSENSUS,
                  .agenda_via = "oro",
                  .requires_legal_authorisation = true,
                  .seats_gemeenten = 6,
                  .seats_combinaties = 6}));
    Ok(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY, .escalation_target = "sbo"}));
    Ok(Establish({.id = "cg-a",
                  .kind = v1::CONTRACTGESPREK,
                  .rule = v1::CONSENSUS,
                  .escalation_target = "oro",
                  .requires_legal_authorisation = true}));
    for (int i = 1; i <= 6; ++i) {
      Ok(Appoint("sbo", absl::StrCat("wethouder-", i), v1::GEMEENTEN));
      Ok(Appoint("sbo", absl::StrCat("bestuurder-", i), v1::COMBINATIES));
    }
    Ok(Appoint("sbo", "oro-voorzitter", v1::NEUTRAL, v1::ADVISEUR, false));
    for (const char* m : {"regio-1", "regio-2"}) Ok(Appoint("oro", m, v1::GEMEENTEN));
    for (const char* m : {"staf-a1", "staf-a2"}) Ok(Appoint("oro", m, v1::COMBINATIES));
    Ok(Appoint("cg-a", "contractmanager", v1::NEUTRAL, v1::VOORZITTER));
    Ok(Appoint("cg-a", "beleid-regio-1", v1::GEMEENTEN));
    Ok(Appoint("cg-a", "penvoerder-a", v1::COMBINATIES));
  }

  // The College and council of each, so the ledger knows them.
  void KnownMunicipalities(const std::vector<std::string>& municipalities) {
    for (const v1::GovernanceCommand& c : testing::EstablishMunicipalities(municipalities)) Ok(c);
  }

  void OpenWithEveryone(const std::string& meeting, const std::string& body,
                        const std::string& date, const std::vector<std::string>& members) {
    Ok(Schedule(meeting, body, date));
    Ok(Open(meeting));
    for (const std::string& m : members) Ok(Attend(meeting, m));
  }

  std::vector<std::string> SboMembers() {
    std::vector<std::string> members;
    for (int i = 1; i <= 6; ++i) {
      members.push_back(absl::StrCat("wethouder-", i));
      members.push_back(absl::StrCat("bestuurder-", i));
    }
    return members;
  }

  testing::TempDir dir_;
  // "Today" for the rules: 2026-11-25 13:00 in Amsterdam.
  ledger::ManualClock clock_{absl::FromUnixSeconds(1795608000)};
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<projections::ProjectionStore> store_;
  std::unique_ptr<projections::ProjectionRunner> runner_;
  std::unique_ptr<LedgerServer> server_;
  std::unique_ptr<v1::GovernanceService::Stub> governance_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::QueryService::Stub> query_;
};

// Scenario 1: contract talk -> ORO -> SBO -> Colleges, effective dates.
TEST_F(GovernanceServiceTest, KpiDisputeEscalatesToTheSboAndTakesEffectPerCollege) {
  Segment1Bodies();
  Ok(Submit("kpi-wachttijd", "cg-a", {"Wachttijd-KPI: 90% binnen 6 weken"},
            /*changes_agreement=*/true, "contractmanager"));
  OpenWithEveryone("cg-a-1", "cg-a", "2025-09-15",
                   {"contractmanager", "beleid-regio-1", "penvoerder-a"});
  Ok(AddItem("cg-a-1", "3", "kpi-wachttijd", "contractmanager"));
  Ok(Vote("cg-a-1", "3", 1, "beleid-regio-1", v1::FOR));
  Ok(Vote("cg-a-1", "3", 1, "penvoerder-a", v1::AGAINST));
  EXPECT_EQ(DecisionOf(Ok(Decide("cg-a-1", "3"))).outcomes(0).outcome(), v1::NO_AGREEMENT);

  OpenWithEveryone("oro-10", "oro", "2025-10-07", {"regio-1", "regio-2", "staf-a1", "staf-a2"});
  Ok(Escalate("esc-1", "cg-a-1", "3", "oro-10", "5"));
  Ok(Vote("oro-10", "5", 1, "regio-1", v1::FOR));
  Ok(Vote("oro-10", "5", 1, "regio-2", v1::FOR));
  Ok(Vote("oro-10", "5", 1, "staf-a1", v1::AGAINST));
  Ok(Vote("oro-10", "5", 1, "staf-a2", v1::AGAINST));
  const v1::DecisionTaken oro = DecisionOf(Ok(Decide("oro-10", "5")));
  EXPECT_EQ(oro.outcomes(0).outcome(), v1::NO_AGREEMENT) << "a tie";
  EXPECT_EQ(oro.rule(), v1::MAJORITY);

  OpenWithEveryone("sbo-4", "sbo", "2025-11-20", SboMembers());
  Ok(Escalate("esc-2", "oro-10", "5", "sbo-4", "2"));
  for (const std::string& member : SboMembers()) {
    Ok(Vote("sbo-4", "2", 1, member, v1::FOR));
  }
  const v1::DecisionTaken sbo = DecisionOf(Ok(Decide("sbo-4", "2")));
  EXPECT_EQ(sbo.outcomes(0).outcome(), v1::ADOPTED);
  EXPECT_TRUE(sbo.outcomes(0).awaiting_ratification())
      << "the SBO never decides in place of a College";

  // The chain can be followed back from the SBO item to the contract talk.
  const v1::AgendaItemAdded sbo_item = ItemOf("sbo-4", "2");
  EXPECT_EQ(sbo_item.origin_meeting_id(), "oro-10");
  EXPECT_EQ(sbo_item.submitted_by(), "oro");
  const v1::AgendaItemAdded oro_item =
      ItemOf(sbo_item.origin_meeting_id(), sbo_item.origin_item_id());
  EXPECT_EQ(oro_item.origin_meeting_id(), "cg-a-1");
  EXPECT_EQ(oro_item.origin_item_id(), "3");

  for (const char* escalation : {"esc-1", "esc-2"}) {
    v1::GovernanceCommand resolve;
    resolve.mutable_resolve_escalation()->set_escalation_id(escalation);
    resolve.mutable_resolve_escalation()->set_proposal_id("kpi-wachttijd");
    resolve.mutable_resolve_escalation()->set_resolution("Settled by the SBO on 2025-11-20");
    Ok(resolve);
    Refused(resolve, "resolved already");
  }

  const std::vector<std::string> municipalities = {"Dordrecht", "Zwijndrecht", "Sliedrecht",
                                                   "Gorinchem", "Molenlanden"};
  Refused(CollegeDecides("kpi-wachttijd", "Dordrecht", v1::RATIFIED, "2025-12-31"),
          "has not been requested");
  Ok(RequestRatification("kpi-wachttijd", municipalities));
  struct Case {
    std::string municipality;
    v1::CollegeDecision decision;
    std::string date;
    std::string effective;
  };
  const std::vector<Case> cases = {
      {"Dordrecht", v1::RATIFIED, "2025-12-31", "2026-01-01"},
      {"Zwijndrecht", v1::RATIFIED, "2026-01-01", "2027-01-01"},
      {"Sliedrecht", v1::RATIFIED, "2025-12-16", "2026-01-01"},
      {"Gorinchem", v1::RATIFIED, "2026-01-06", "2027-01-01"},
      {"Molenlanden", v1::REJECTED_BY_COLLEGE, "2025-12-18", ""},
  };
  for (const Case& c : cases) {
    const v1::CommandResult result =
        Ok(CollegeDecides("kpi-wachttijd", c.municipality, c.decision, c.date));
    ASSERT_EQ(result.events_size(), 1);
    EXPECT_EQ(result.events(0).college_decision_recorded().effective_date(), c.effective)
        << c.municipality;
  }
  Refused(CollegeDecides("kpi-wachttijd", "Molenlanden", v1::RATIFIED, "2026-02-01"),
          "has decided on proposal \"kpi-wachttijd\" already");
  // What the stored history says per municipality.
  int in_force = 0;
  for (const v1::GovernanceEvent& event : Stream(ledger::core::ProposalStream("kpi-wachttijd"))) {
    if (!event.has_college_decision_recorded()) continue;
    const auto& recorded = event.college_decision_recorded();
    if (recorded.municipality() == "Molenlanden") {
      EXPECT_EQ(recorded.decision(), v1::REJECTED_BY_COLLEGE);
      EXPECT_TRUE(recorded.effective_date().empty());
    } else {
      ++in_force;
    }
  }
  EXPECT_EQ(in_force, 4);
}

// Scenario 2: the SBO decides only by consensus and with both sides present.
TEST_F(GovernanceServiceTest, SboConsensusFailsOnOneDirectorAndNeedsTheProviderSide) {
  Segment1Bodies();
  Ok(Submit("tarief", "sbo", {"Tarief 2027"}, true, "oro"));
  OpenWithEveryone("sbo-5", "sbo", "2026-03-01", SboMembers());
  Ok(AddItem("sbo-5", "1", "tarief", "oro"));
  for (const std::string& member : SboMembers()) {
    Ok(Vote("sbo-5", "1", 1, member, member == "bestuurder-3" ? v1::AGAINST : v1::FOR));
  }
  const v1::DecisionTaken decision = DecisionOf(Ok(Decide("sbo-5", "1")));
  EXPECT_EQ(decision.outcomes(0).outcome(), v1::NO_AGREEMENT);
  EXPECT_EQ(decision.outcomes(0).votes_for(), 11u);
  EXPECT_FALSE(decision.outcomes(0).awaiting_ratification());

  Ok(Submit("tarief-2", "sbo", {"Tarief 2027, tweede voorstel"}, true, "oro"));
  Ok(Schedule("sbo-6", "sbo", "2026-04-01"));
  Ok(Open("sbo-6"));
  for (int i = 1; i <= 6; ++i) Ok(Attend("sbo-6", absl::StrCat("wethouder-", i)));
  Ok(AddItem("sbo-6", "1", "tarief-2", "oro"));
  for (int i = 1; i <= 6; ++i) {
    Ok(Vote("sbo-6", "1", 1, absl::StrCat("wethouder-", i), v1::FOR));
  }
  Refused(Decide("sbo-6", "1"), "both sides must be present");
}

// Scenario 3: the AB decision of 24 September 2020 and a late zienswijze.
TEST_F(GovernanceServiceTest, AbAdoptsSevenPointsAndOneCouncilAnswersLate) {
  const std::vector<std::string> gemeenten = {
      "Alblasserdam",        "Dordrecht",     "Gorinchem",   "Hardinxveld-Giessendam",
      "Hendrik-Ido-Ambacht", "Molenlanden",   "Papendrecht", "Sliedrecht",
      "Zwijndrecht",         "Hoeksche Waard"};
  KnownMunicipalities(gemeenten);
  // The day after the AB meeting, when the councils are asked.
  clock_.Set(absl::FromUnixSeconds(1601028000));  // 2020-09-25 12:00 in Amsterdam.
  Ok(Establish({.id = "db", .kind = v1::DAGELIJKS_BESTUUR, .rule = v1::MAJORITY}));
  Ok(Establish(
      {.id = "ab", .kind = v1::ALGEMEEN_BESTUUR, .rule = v1::MAJORITY, .agenda_via = "db"}));
  for (const std::string& g : gemeenten) Ok(Appoint("ab", "ab-" + g, v1::GEMEENTEN));
  Ok(Submit("aef-governance", "ab",
            {"Aanbevelingen AEF vaststellen als kaderstelling",
             "Colleges vragen hun lokale visie te actualiseren",
             "DB opdragen de SOJ-aanbevelingen ter hand te nemen",
             "SOJ integraal onderdeel van de DG&J; begrotingen gescheiden",
             "Contract SJT pro forma opzeggen per 31-12-2020; 2021 overbruggingsjaar",
             "AB richt zich op strategisch/tactische vraagstukken",
             "Gemeenteraden om zienswijze vragen over punten 4 en 5"},
            false, "db"));
  std::vector<std::string> members;
  for (const std::string& g : gemeenten) members.push_back("ab-" + g);
  OpenWithEveryone("ab-2020-09-24", "ab", "2020-09-24", members);
  Ok(AddItem("ab-2020-09-24", "governance", "aef-governance", "db"));
  for (uint32_t point = 1; point <= 7; ++point) {
    for (const std::string& m : members) {
      Ok(Vote("ab-2020-09-24", "governance", point, m, v1::FOR));
    }
  }
  const v1::DecisionTaken decision = DecisionOf(Ok(Decide("ab-2020-09-24", "governance")));
  ASSERT_EQ(decision.outcomes_size(), 7);
  for (const v1::PointOutcome& outcome : decision.outcomes()) {
    EXPECT_EQ(outcome.outcome(), v1::ADOPTED) << outcome.decision_point();
  }
  // Wgr: councils have 8 weeks for a zienswijze on an amended arrangement.
  const std::string deadline = ledger::core::FormatDate(absl::CivilDay(2020, 9, 24) + 8 * 7);
  EXPECT_EQ(deadline, "2020-11-19");
  v1::GovernanceCommand request;
  auto* r = request.mutable_request_zienswijze();
  r->set_request_id("zw-4-5");
  r->set_proposal_id("aef-governance");
  for (const std::string& g : gemeenten) r->add_councils(g);
  r->add_decision_points(4);
  r->add_decision_points(5);
  r->set_deadline(deadline);
  Ok(request);
  auto submit = [&](const std::string& council, const std::string& date) {
    v1::GovernanceCommand c;
    auto* s = c.mutable_submit_zienswijze();
    s->set_request_id("zw-4-5");
    s->set_proposal_id("aef-governance");
    s->set_council(council);
    s->set_submitted_on(date);
    s->set_text("Zienswijze van de raad van " + council);
    return c;
  };
  EXPECT_FALSE(Ok(submit("Dordrecht", "2020-11-19")).events(0).zienswijze_submitted().late());
  EXPECT_TRUE(Ok(submit("Gorinchem", "2020-11-20")).events(0).zienswijze_submitted().late())
      << "recorded, and marked late";
  Refused(submit("Gorinchem", "2020-11-21"), "submitted its zienswijze already");
  Refused(submit(" gorinchem", "2020-11-21"), "submitted its zienswijze already");
  Refused(submit("Rotterdam", "2020-11-01"), "knows no municipality \"Rotterdam\"",
          grpc::StatusCode::INVALID_ARGUMENT);
  // A council is the one the request named, however its name is typed.
  EXPECT_EQ(Ok(submit("  hoeksche waard", "2020-11-02")).events(0).zienswijze_submitted().council(),
            "Hoeksche Waard");
}

// Scenario 4: a substitute votes for an absent alderman.
TEST_F(GovernanceServiceTest, SubstituteVotesAndTheAbsentAldermanCannotVoteToo) {
  Segment1Bodies();
  Ok(Submit("jaarplan", "sbo", {"Jaarplan 2027"}, false, "oro"));
  Ok(Schedule("sbo-7", "sbo", "2026-06-01"));
  Ok(Open("sbo-7"));
  for (const std::string& m : SboMembers()) {
    if (m != "wethouder-2") Ok(Attend("sbo-7", m));
  }
  Ok(Attend("sbo-7", "wethouder-2", false));
  Ok(Substitute("sbo-7", "wethouder-2", "loco-wethouder-2"));
  Ok(AddItem("sbo-7", "1", "jaarplan", "oro"));
  const v1::CommandResult vote = Ok(Vote("sbo-7", "1", 1, "loco-wethouder-2", v1::FOR));
  EXPECT_EQ(vote.events(0).vote_cast().member_id(), "wethouder-2");
  EXPECT_EQ(vote.events(0).vote_cast().voter_id(), "loco-wethouder-2");
  Refused(Vote("sbo-7", "1", 1, "wethouder-2", v1::AGAINST), "never both");
  for (const std::string& m : SboMembers()) {
    if (m != "wethouder-2") Ok(Vote("sbo-7", "1", 1, m, v1::FOR));
  }
  const v1::DecisionTaken decision = DecisionOf(Ok(Decide("sbo-7", "1")));
  EXPECT_EQ(decision.outcomes(0).outcome(), v1::ADOPTED);
  EXPECT_EQ(decision.outcomes(0).votes_for(), 12u) << "one vote per seat";
  EXPECT_EQ(decision.outcomes(0).voting_members_present(), 12u);
}

TEST_F(GovernanceServiceTest, MalformedCommandsAreInvalidArgumentOverTheWire) {
  grpc::ClientContext context;
  v1::CommandResult result;
  grpc::Status status = governance_->Execute(&context, Schedule("m", "sbo", "24-09-2020"), &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Issue #10, 1: only members recorded present vote, and only they count.
TEST_F(GovernanceServiceTest, AbsentMembersDoNotVoteAndAreNotCounted) {
  Ok(Establish(
      {.id = "stuurgroep", .kind = v1::STUURGROEP_GEMEENTEN, .rule = v1::MAJORITY_PLUS_ONE}));
  std::vector<std::string> members;
  for (int i = 1; i <= 14; ++i) {
    members.push_back(absl::StrCat("w", i));
    Ok(Appoint("stuurgroep", members.back(), v1::GEMEENTEN));
  }
  Ok(Submit("verdeling", "stuurgroep", {"Verdeling taakbudget 2027"}, false, "w1"));
  Ok(Schedule("sg-1", "stuurgroep", "2026-10-01"));
  Ok(Open("sg-1"));
  for (int i = 1; i <= 12; ++i) Ok(Attend("sg-1", members[i - 1]));
  Ok(Attend("sg-1", "w13", false));
  Ok(Attend("sg-1", "w14", false));
  Ok(AddItem("sg-1", "1", "verdeling", "w1"));
  for (int i = 1; i <= 12; ++i) {
    Ok(Vote("sg-1", "1", 1, members[i - 1], i <= 7 ? v1::FOR : v1::AGAINST));
  }
  Refused(Vote("sg-1", "1", 1, "w13", v1::FOR), "attendance rule");
  Refused(Vote("sg-1", "1", 1, "w14", v1::FOR), "recorded absent");
  Refused(Object("sg-1", "1", 1, "w14"), "attendance rule");

  const v1::PointOutcome outcome = DecisionOf(Ok(Decide("sg-1", "1"))).outcomes(0);
  EXPECT_EQ(outcome.outcome(), v1::NO_AGREEMENT)
      << "12 present need 8 for (majority + 1); 7 voted for";
  EXPECT_EQ(outcome.votes_for(), 7u);
  EXPECT_EQ(outcome.votes_against(), 5u);
  EXPECT_EQ(outcome.voting_members_present(), 12u);
  EXPECT_EQ(outcome.voting_members(), 14u);
}

TEST_F(GovernanceServiceTest, WithoutRecordedAttendanceNobodyVotes) {
  Segment1Bodies();
  Ok(Submit("kpi", "oro", {"KPI"}, false, "regio-1"));
  Ok(Schedule("oro-1", "oro", "2026-10-01"));
  Ok(Open("oro-1"));
  Ok(AddItem("oro-1", "1", "kpi", "regio-1"));
  Refused(Vote("oro-1", "1", 1, "regio-1", v1::FOR), "attendance rule");
  Refused(Vote("oro-1", "1", 1, "regio-1", v1::FOR), "no attendance recorded");
  Ok(Attend("oro-1", "regio-1"));
  Ok(Vote("oro-1", "1", 1, "regio-1", v1::FOR));
}

// Attendance after a vote: a member whose vote stands on an undecided point
// cannot be recorded absent; one who leaves after the decision can, and
// then no longer votes.
TEST_F(GovernanceServiceTest, AMemberWhoseVoteStandsCannotBeRecordedAbsent) {
  Segment1Bodies();
  Ok(Submit("kpi", "oro", {"KPI"}, false, "regio-1"));
  Ok(Submit("tarief", "oro", {"Tarief"}, false, "regio-1"));
  OpenWithEveryone("oro-1", "oro", "2026-10-01", {"regio-1", "regio-2", "staf-a1", "staf-a2"});
  Ok(AddItem("oro-1", "1", "kpi", "regio-1"));
  Ok(AddItem("oro-1", "2", "tarief", "regio-1"));
  Ok(Vote("oro-1", "1", 1, "regio-2", v1::FOR));
  Refused(Attend("oro-1", "regio-2", false), "vote stands");
  Ok(Object("oro-1", "1", 1, "staf-a1"));
  Refused(Attend("oro-1", "staf-a1", false), "objection stands");
  Ok(Vote("oro-1", "1", 1, "regio-1", v1::FOR));
  Ok(Decide("oro-1", "1"));
  Ok(Attend("oro-1", "regio-2", false));  // Leaves after item 1.
  Refused(Vote("oro-1", "2", 1, "regio-2", v1::FOR), "recorded absent");
  Ok(Vote("oro-1", "2", 1, "regio-1", v1::FOR));
  Ok(Vote("oro-1", "2", 1, "staf-a1", v1::FOR));
  const v1::PointOutcome outcome = DecisionOf(Ok(Decide("oro-1", "2"))).outcomes(0);
  EXPECT_EQ(outcome.voting_members_present(), 3u);
  EXPECT_EQ(outcome.votes_for(), 2u);
}

// Issue #10, 4: acts that are refused.
TEST_F(GovernanceServiceTest, NoSubstituteForAMemberRecordedPresent) {
  Segment1Bodies();
  Ok(Schedule("sbo-8", "sbo", "2026-10-01"));
  Ok(Open("sbo-8"));
  Ok(Attend("sbo-8", "wethouder-1"));
  Refused(Substitute("sbo-8", "wethouder-1", "loco-1"), "recorded present");
  Ok(Attend("sbo-8", "wethouder-2", false));
  Ok(Substitute("sbo-8", "wethouder-2", "loco-2"));
  Refused(Attend("sbo-8", "wethouder-2"), "substitute");
  // One person holds one seat: loco-2 cannot also stand in for wethouder-3.
  Ok(Attend("sbo-8", "wethouder-3", false));
  Refused(Substitute("sbo-8", "wethouder-3", "loco-2"), "one seat");
  Ok(Substitute("sbo-8", "wethouder-3", "loco-3"));
}

// A member appointed from 2027-01-01 sits only at meetings held from that
// day: in a meeting of 2026-12-01 they are not recorded present, send no
// substitute and do not vote.
TEST_F(GovernanceServiceTest, AMemberAppointedFromALaterDateDoesNotSitBeforeIt) {
  Segment1Bodies();
  // 2027-01-05 in Amsterdam: both meetings have been held.
  clock_.Set(absl::FromUnixSeconds(1799146800));
  v1::GovernanceCommand appoint = Appoint("oro", "regio-3", v1::GEMEENTEN);
  appoint.mutable_appoint_member()->set_from_date("2027-01-01");
  Ok(appoint);
  OpenWithEveryone("oro-12", "oro", "2026-12-01", {"regio-1", "regio-2", "staf-a1", "staf-a2"});
  Ok(Submit("kpi", "oro", {"Adopt the KPI"}));
  Ok(AddItem("oro-12", "1", "kpi", "regio-1"));
  const std::string not_yet =
      "member \"regio-3\" sits in body \"oro\" from 2027-01-01, after the meeting of 2026-12-01";
  Refused(Attend("oro-12", "regio-3"), not_yet);
  Refused(Substitute("oro-12", "regio-3", "loco-3"), not_yet);
  Refused(Vote("oro-12", "1", 1, "regio-3", v1::FOR), not_yet);
  OpenWithEveryone("oro-13", "oro", "2027-01-01", {"regio-1", "regio-3"});
  Ok(Submit("kpi-2", "oro", {"Report monthly"}));
  Ok(AddItem("oro-13", "1", "kpi-2", "regio-1"));
  Ok(Vote("oro-13", "1", 1, "regio-3", v1::FOR));
}

TEST_F(GovernanceServiceTest, NoEscalationIntoAnEarlierMeeting) {
  Segment1Bodies();
  Ok(Submit("kpi", "cg-a", {"KPI"}, false, "contractmanager"));
  OpenWithEveryone("cg-a-1", "cg-a", "2026-09-15",
                   {"contractmanager", "beleid-regio-1", "penvoerder-a"});
  Ok(AddItem("cg-a-1", "3", "kpi", "contractmanager"));
  Ok(Vote("cg-a-1", "3", 1, "beleid-regio-1", v1::FOR));
  Ok(Vote("cg-a-1", "3", 1, "penvoerder-a", v1::AGAINST));
  Ok(Decide("cg-a-1", "3"));
  Ok(Schedule("oro-earlier", "oro", "2026-09-14"));
  Refused(Escalate("e", "cg-a-1", "3", "oro-earlier", "1"), "before");
  Ok(Schedule("oro-same-day", "oro", "2026-09-15"));
  Ok(Escalate("e", "cg-a-1", "3", "oro-same-day", "1"));
}

TEST_F(GovernanceServiceTest, ZienswijzeRequestsNamePointsAndEachCouncilOnce) {
  KnownMunicipalities({"Dordrecht", "Gorinchem"});
  Ok(Establish({.id = "ab", .kind = v1::ALGEMEEN_BESTUUR, .rule = v1::MAJORITY}));
  Ok(Submit("begroting", "ab", {"Begroting 2027", "Meerjarenraming"}, false, "db"));
  auto request = [](std::vector<std::string> councils, std::vector<uint32_t> points) {
    v1::GovernanceCommand c;
    auto* r = c.mutable_request_zienswijze();
    r->set_request_id("zw");
    r->set_proposal_id("begroting");
    for (const std::string& council : councils) r->add_councils(council);
    for (uint32_t point : points) r->add_decision_points(point);
    r->set_deadline("2027-01-20");
    return c;
  };
  Refused(request({"Dordrecht"}, {}), "decision point", grpc::StatusCode::INVALID_ARGUMENT);
  Refused(request({"Dordrecht", "Gorinchem", "Dordrecht"}, {1}), "twice",
          grpc::StatusCode::INVALID_ARGUMENT);
  Refused(request({"Dordrecht", "Gorinchem", " dordrecht"}, {1}), "twice",
          grpc::StatusCode::INVALID_ARGUMENT);
  Refused(request({"Dordrecht", "  "}, {1}), "council", grpc::StatusCode::INVALID_ARGUMENT);
  Refused(request({"Dordrecht", ""}, {1}), "council", grpc::StatusCode::INVALID_ARGUMENT);
  Refused(request({"Dordrecht"}, {1, 1}), "twice", grpc::StatusCode::INVALID_ARGUMENT);
  Ok(request({"Dordrecht", "Gorinchem"}, {1, 2}));
}

TEST_F(GovernanceServiceTest, AnEscalatedItemTakesVotesOnlyOnItsOwnPoints) {
  Segment1Bodies();
  Ok(Submit("kpi", "cg-a", {"Wachttijd-KPI", "Rapportage per maand"}, false, "contractmanager"));
  OpenWithEveryone("cg-a-1", "cg-a", "2026-09-15",
                   {"contractmanager", "beleid-regio-1", "penvoerder-a"});
  Ok(AddItem("cg-a-1", "3", "kpi", "contractmanager"));
  Ok(Vote("cg-a-1", "3", 1, "beleid-regio-1", v1::FOR));
  Ok(Vote("cg-a-1", "3", 1, "penvoerder-a", v1::FOR));
  Ok(Vote("cg-a-1", "3", 2, "beleid-regio-1", v1::FOR));
  Ok(Vote("cg-a-1", "3", 2, "penvoerder-a", v1::AGAINST));
  Ok(Decide("cg-a-1", "3"));
  OpenWithEveryone("oro-1", "oro", "2026-10-01", {"regio-1", "regio-2", "staf-a1", "staf-a2"});
  Ok(Escalate("e", "cg-a-1", "3", "oro-1", "5"));
  Refused(Vote("oro-1", "5", 1, "regio-1", v1::FOR), "decides only point 2");
  Refused(Object("oro-1", "5", 1, "staf-a1"), "decides only point 2");
  Ok(Vote("oro-1", "5", 2, "regio-1", v1::FOR));
}

TEST_F(GovernanceServiceTest, NoCollegeDecisionDatedAfterTodayInAmsterdam) {
  Segment1Bodies();
  Ok(Submit("tarief", "sbo", {"Tarief 2027"}, true, "oro"));
  OpenWithEveryone("sbo-5", "sbo", "2025-11-20", SboMembers());
  Ok(AddItem("sbo-5", "1", "tarief", "oro"));
  for (const std::string& member : SboMembers()) {
    Ok(Vote("sbo-5", "1", 1, member, v1::FOR));
  }
  Ok(Decide("sbo-5", "1"));
  Ok(RequestRatification("tarief", {"Dordrecht", "Gorinchem", "Sliedrecht"}));
  // 2025-12-31 23:30 UTC is already 1 January 2026 in Amsterdam.
  clock_.Set(absl::FromUnixSeconds(1767223800));
  Refused(CollegeDecides("tarief", "Dordrecht", v1::RATIFIED, "2026-01-02"),
          "after today (2026-01-01");
  Ok(CollegeDecides("tarief", "Gorinchem", v1::RATIFIED, "2026-01-01"));
  clock_.Advance(absl::Hours(24));
  Ok(CollegeDecides("tarief", "Dordrecht", v1::RATIFIED, "2026-01-02"));
}

// A meeting's acts carry its scheduled date, so it sits only once that day
// has come in Amsterdam: a decision is never dated (and published) before
// it was taken, as for a College decision.
TEST_F(GovernanceServiceTest, AMeetingOpensOnlyOnOrAfterItsScheduledDayInAmsterdam) {
  Segment1Bodies();
  // 2026-11-30 12:00 in Amsterdam.
  clock_.Set(absl::FromUnixSeconds(1796036400));
  Ok(Schedule("oro-2026-12", "oro", "2026-12-10"));
  Refused(Open("oro-2026-12"), "scheduled for 2026-12-10");
  Refused(Open("oro-2026-12"), "today is 2026-11-30");
  // 2026-12-09 23:30 UTC is already 10 December in Amsterdam.
  clock_.Set(absl::FromUnixSeconds(1796859000));
  Ok(Open("oro-2026-12"));
  Ok(Attend("oro-2026-12", "regio-1"));
  // A meeting of an earlier day is recorded afterwards as before.
  Ok(Schedule("oro-2026-11", "oro", "2026-11-12"));
  Ok(Open("oro-2026-11"));
}

// A municipality is one the ledger knows (its College and council bodies,
// as the seed establishes them), however it is typed, and is stored in that
// spelling: "dordrecht" is Dordrecht, and "Amsterdam" is no municipality of
// this arrangement.
TEST_F(GovernanceServiceTest, MunicipalitiesAreTheOnesTheLedgerKnowsInTheirOwnSpelling) {
  Segment1Bodies();
  Ok(Submit("tarief", "sbo", {"Tarief 2027"}, true, "oro"));
  OpenWithEveryone("sbo-5", "sbo", "2026-03-01", SboMembers());
  Ok(AddItem("sbo-5", "1", "tarief", "oro"));
  for (const std::string& member : SboMembers()) Ok(Vote("sbo-5", "1", 1, member, v1::FOR));
  Ok(Decide("sbo-5", "1"));
  Refused(RequestRatification("tarief", {"Dordrecht", "Amsterdam"}),
          "knows no municipality \"Amsterdam\"", grpc::StatusCode::INVALID_ARGUMENT);
  Refused(RequestRatification("tarief", {"Amsterdam"}),
          "Dordrecht, Gorinchem, Molenlanden, Sliedrecht, Zwijndrecht",
          grpc::StatusCode::INVALID_ARGUMENT);
  Refused(RequestRatification("tarief", {"Dordrecht", "DORDRECHT"}), "named twice",
          grpc::StatusCode::INVALID_ARGUMENT);
  const v1::CommandResult requested =
      Ok(RequestRatification("tarief", {"dordrecht", " gorinchem"}));
  ASSERT_EQ(requested.events_size(), 1);
  EXPECT_THAT(requested.events(0).ratification_requested().municipalities(),
              ::testing::ElementsAre("Dordrecht", "Gorinchem"));
  Refused(RequestRatification("tarief", {"Dordrecht"}), "requested from Dordrecht already");
  Refused(CollegeDecides("tarief", "Amsterdam", v1::RATIFIED, "2026-04-01"),
          "knows no municipality \"Amsterdam\"", grpc::StatusCode::INVALID_ARGUMENT);
  const v1::CommandResult decided =
      Ok(CollegeDecides("tarief", "DORDRECHT", v1::RATIFIED, "2026-04-01"));
  ASSERT_EQ(decided.events_size(), 1);
  EXPECT_EQ(decided.events(0).college_decision_recorded().municipality(), "Dordrecht");

  // Zienswijze: councils are named by their municipality, as known.
  v1::GovernanceCommand ask;
  auto* r = ask.mutable_request_zienswijze();
  r->set_request_id("zw");
  r->set_proposal_id("tarief");
  r->add_councils("sliedrecht");
  r->add_decision_points(1);
  r->set_deadline("2026-12-25");
  r->add_councils("Amsterdam");
  Refused(ask, "knows no municipality \"Amsterdam\"", grpc::StatusCode::INVALID_ARGUMENT);
  r->mutable_councils()->RemoveLast();
  const v1::CommandResult asked = Ok(ask);
  ASSERT_EQ(asked.events_size(), 1);
  EXPECT_THAT(asked.events(0).zienswijze_requested().councils(),
              ::testing::ElementsAre("Sliedrecht"));
}

TEST_F(GovernanceServiceTest, ShowProposalStopsAwaitingRatificationOnceEveryCollegeDecided) {
  Segment1Bodies();
  Ok(Submit("tarief", "sbo", {"Tarief 2027"}, true, "oro"));
  OpenWithEveryone("sbo-5", "sbo", "2026-03-01", SboMembers());
  Ok(AddItem("sbo-5", "1", "tarief", "oro"));
  for (const std::string& member : SboMembers()) {
    Ok(Vote("sbo-5", "1", 1, member, v1::FOR));
  }
  Ok(Decide("sbo-5", "1"));
  Ok(RequestRatification("tarief", {"Dordrecht", "Molenlanden"}));
  Ok(CollegeDecides("tarief", "Dordrecht", v1::RATIFIED, "2026-04-01"));
  v1::ProposalView view = ShowProposal("tarief");
  EXPECT_EQ(view.status(), v1::AWAITING_RATIFICATION);
  EXPECT_TRUE(view.points(0).tally().awaiting_ratification());
  Ok(CollegeDecides("tarief", "Molenlanden", v1::REJECTED_BY_COLLEGE, "2026-04-02"));
  view = ShowProposal("tarief");
  EXPECT_EQ(view.status(), v1::RATIFICATION_COMPLETE);
  EXPECT_FALSE(view.points(0).tally().awaiting_ratification()) << "every College asked has decided";
  EXPECT_EQ(view.points(0).outcome(), v1::ADOPTED);
  // A College asked later makes the point await again.
  Ok(RequestRatification("tarief", {"Gorinchem"}));
  view = ShowProposal("tarief");
  EXPECT_EQ(view.status(), v1::AWAITING_RATIFICATION);
  EXPECT_TRUE(view.points(0).tally().awaiting_ratification());
}

TEST_F(GovernanceServiceTest, AnEmptyCommandIsInvalidArgumentWhoeverSendsIt) {
  const std::string identities_path = dir_.Sub("identities");
  absl::StatusOr<std::unique_ptr<IdentityFile>> identities = IdentityFile::Open(identities_path);
  ASSERT_TRUE(identities.ok()) << identities.status();
  std::map<std::string, std::string> tokens;
  for (const auto& [name, role] : {std::pair{"beheer", ledger::Role::kAdmin},
                                   std::pair{"griffie", ledger::Role::kSecretariaat},
                                   std::pair{"w1", ledger::Role::kMember}}) {
    absl::StatusOr<std::string> token = IdentityFile::AddToken(identities_path, name, role);
    ASSERT_TRUE(token.ok()) << token.status();
    tokens[name] = *token;
  }
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.clock = &clock_;
  options.identities = identities->get();
  absl::StatusOr<std::unique_ptr<LedgerServer>> server = LedgerServer::Start(log_.get(), options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::GovernanceService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  const uint64_t before = log_->GetHead().position();
  for (const auto& [name, token] : tokens) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    v1::CommandResult result;
    const grpc::Status status = stub->Execute(&context, v1::GovernanceCommand(), &result);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << name << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("names no act")) << name;
  }
  EXPECT_EQ(log_->GetHead().position(), before);
  (*server)->Shutdown();
}

}  // namespace
}  // namespace besluitlog::services
