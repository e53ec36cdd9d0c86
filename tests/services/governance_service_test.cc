// The seed scenarios end to end: GovernanceService over a real gRPC server.
#include "services/governance_service.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/civil_date.h"
#include "ledger/event_log.h"
#include "ledger/governance_codec.h"
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
    absl::StatusOr<std::unique_ptr<ledger::EventLog>> log =
        ledger::EventLog::Open(dir_.path());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<LedgerServer>> server =
        LedgerServer::Start(log_.get(), options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto channel = grpc::CreateChannel(server_->address(),
                                       grpc::InsecureChannelCredentials());
    governance_ = v1::GovernanceService::NewStub(channel);
    ledger_ = v1::LedgerService::NewStub(channel);
  }

  void TearDown() override { server_->Shutdown(); }

  v1::CommandResult Ok(const v1::GovernanceCommand& command) {
    grpc::ClientContext context;
    v1::CommandResult result;
    grpc::Status status = governance_->Execute(&context, command, &result);
    EXPECT_TRUE(status.ok()) << status.error_message() << "\n"
                             << command.DebugString();
    return result;
  }

  void Refused(const v1::GovernanceCommand& command, const std::string& fragment) {
    grpc::ClientContext context;
    v1::CommandResult result;
    grpc::Status status = governance_->Execute(&context, command, &result);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(fragment));
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
      events.push_back(*ledger::DecodeGovernanceEvent(envelope));
    }
    return events;
  }

  v1::AgendaItemAdded ItemOf(const std::string& meeting, const std::string& item) {
    for (const v1::GovernanceEvent& event : Stream(ledger::MeetingStream(meeting))) {
      if (event.has_agenda_item_added() &&
          event.agenda_item_added().item_id() == item) {
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
    Ok(Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS,
                  .agenda_via = "oro", .requires_legal_authorisation = true,
                  .seats_gemeenten = 6, .seats_combinaties = 6}));
    Ok(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY,
                  .escalation_target = "sbo"}));
    Ok(Establish({.id = "cg-a", .kind = v1::CONTRACTGESPREK,
                  .rule = v1::CONSENSUS, .escalation_target = "oro",
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

  void OpenWithEveryone(const std::string& meeting, const std::string& body,
                        const std::string& date,
                        const std::vector<std::string>& members) {
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
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<LedgerServer> server_;
  std::unique_ptr<v1::GovernanceService::Stub> governance_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
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
  EXPECT_EQ(DecisionOf(Ok(Decide("cg-a-1", "3"))).outcomes(0).outcome(),
            v1::NO_AGREEMENT);

  OpenWithEveryone("oro-10", "oro", "2025-10-07",
                   {"regio-1", "regio-2", "staf-a1", "staf-a2"});
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

  const std::vector<std::string> municipalities = {
      "Dordrecht", "Zwijndrecht", "Sliedrecht", "Gorinchem", "Molenlanden"};
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
    EXPECT_EQ(result.events(0).college_decision_recorded().effective_date(),
              c.effective)
        << c.municipality;
  }
  Refused(CollegeDecides("kpi-wachttijd", "Molenlanden", v1::RATIFIED, "2026-02-01"),
          "has decided on proposal \"kpi-wachttijd\" already");
  // What the stored history says per municipality.
  int in_force = 0;
  for (const v1::GovernanceEvent& event :
       Stream(ledger::ProposalStream("kpi-wachttijd"))) {
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
    Ok(Vote("sbo-5", "1", 1, member,
            member == "bestuurder-3" ? v1::AGAINST : v1::FOR));
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
      "Alblasserdam", "Dordrecht",   "Gorinchem",  "Hardinxveld-Giessendam",
      "Hendrik-Ido-Ambacht", "Molenlanden", "Papendrecht", "Sliedrecht",
      "Zwijndrecht", "Hoeksche Waard"};
  Ok(Establish({.id = "db", .kind = v1::DAGELIJKS_BESTUUR, .rule = v1::MAJORITY}));
  Ok(Establish({.id = "ab", .kind = v1::ALGEMEEN_BESTUUR, .rule = v1::MAJORITY,
                .agenda_via = "db"}));
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
  const v1::DecisionTaken decision =
      DecisionOf(Ok(Decide("ab-2020-09-24", "governance")));
  ASSERT_EQ(decision.outcomes_size(), 7);
  for (const v1::PointOutcome& outcome : decision.outcomes()) {
    EXPECT_EQ(outcome.outcome(), v1::ADOPTED) << outcome.decision_point();
  }
  // Wgr: councils have 8 weeks for a zienswijze on an amended arrangement.
  const std::string deadline = ledger::FormatDate(
      absl::CivilDay(2020, 9, 24) + 8 * 7);
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
  Refused(submit("Rotterdam", "2020-11-01"), "was not asked");
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
  const v1::CommandResult vote =
      Ok(Vote("sbo-7", "1", 1, "loco-wethouder-2", v1::FOR));
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
  grpc::Status status =
      governance_->Execute(&context, Schedule("m", "sbo", "24-09-2020"), &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace besluitlog::services
