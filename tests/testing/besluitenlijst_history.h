// A real server (LedgerServer on an ephemeral port, RocksDB in a temp dir,
// with a checkpoint signer) and a three-meeting history recorded through its
// GovernanceService over gRPC, for the besluitenlijst's tests:
//
//   ORO, 13 januari 2026 (oro-2026-01): Ria Jansen and Sanne Bakker present,
//     Rob de Boer absent, Sem Visser substituted by Tom Smit. Item 1, the
//     wachttijd-KPI: point 1 ends without agreement (1 for, 1 against, 1
//     abstaining) and goes on to the SBO; point 2 is adopted 3-0.
//   SBO, 10 februari 2026 (sbo-2026-02): item 2, the KPI's point 1 from the
//     ORO, adopted 4-0; it changes the agreement, so the Colleges are asked.
//   ORO, 10 maart 2026 (oro-2026-03): adopts the minutes of 13 januari; item
//     1, the jaarplan, adopted 2 for, 1 against, 1 abstaining.
//   Colleges: Dordrecht ratifies on 2 maart 2026 (in force 1 januari 2027),
//     Zwijndrecht does not, Molenlanden has not decided. Zienswijzen on the
//     KPI by 1 maart 2026: Dordrecht on time, Zwijndrecht late.
// The server's clock is 1 juni 2026, after all of it.
#ifndef BESLUITLOG_TESTS_TESTING_BESLUITENLIJST_HISTORY_H_
#define BESLUITLOG_TESTS_TESTING_BESLUITENLIJST_HISTORY_H_

#include <memory>
#include <string>
#include <vector>

#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/event_log.h"
#include "services/ledger_server.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/read_all.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::testing {

inline constexpr char kOroName[] = "Operationeel Regie Overleg Jeugdhulp Zuid-Holland Zuid";
inline constexpr char kSboName[] = "Strategisch Bestuurlijk Overleg Jeugdhulp Zuid-Holland Zuid";
// A document hash as clients send it (lower-case hex of SHA-256).
inline constexpr char kMinutesSha256[] =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

class BesluitenlijstServer {
 public:
  // Starts the server; ASSERTs inside, so check HasFatalFailure() after.
  void Start() {
    auto log = ledger::EventLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    auto signer = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("key.pem"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = *std::move(signer);
    services::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.clock = &clock_;
    auto server =
        services::LedgerServer::Start(log_.get(), options, nullptr, nullptr, signer_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    governance_ = v1::GovernanceService::NewStub(channel_);
    ledger_ = v1::LedgerService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
  }
  ~BesluitenlijstServer() {
    if (server_ != nullptr) server_->Shutdown();
  }

  void Execute(const v1::GovernanceCommand& command) {
    grpc::ClientContext context;
    v1::CommandResult result;
    const grpc::Status status = governance_->Execute(&context, command, &result);
    ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << command.DebugString();
  }

  static v1::GovernanceCommand Named(v1::GovernanceCommand appoint, const std::string& name) {
    appoint.mutable_appoint_member()->set_name(name);
    return appoint;
  }
  static v1::GovernanceCommand Body(v1::GovernanceCommand establish, const std::string& name) {
    establish.mutable_establish_body()->mutable_config()->set_name(name);
    return establish;
  }

  // The history in the header comment.
  void RecordThreeMeetings() {
    std::vector<v1::GovernanceCommand> acts = {
        Body(Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS, .agenda_via = "oro"}),
             kSboName),
        Body(Establish(
                 {.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY, .escalation_target = "sbo"}),
             kOroName),
        Named(Appoint("sbo", "w1", v1::GEMEENTEN), "Anna de Vries"),
        Named(Appoint("sbo", "w2", v1::GEMEENTEN), "Bart Mulder"),
        Named(Appoint("sbo", "d1", v1::COMBINATIES), "Carla Dekker"),
        Named(Appoint("sbo", "d2", v1::COMBINATIES), "Daan Peters"),
        Named(Appoint("oro", "r1", v1::GEMEENTEN), "Ria Jansen"),
        Named(Appoint("oro", "r2", v1::GEMEENTEN), "Rob de Boer"),
        Named(Appoint("oro", "s1", v1::COMBINATIES), "Sanne Bakker"),
        Named(Appoint("oro", "s2", v1::COMBINATIES), "Sem Visser"),
        Submit("kpi", "oro",
               {"De wachttijd-KPI wordt zes weken", "De KPI wordt per kwartaal gerapporteerd"},
               true, "r1"),
        Schedule("oro-2026-01", "oro", "2026-01-13"),
        Open("oro-2026-01"),
        Attend("oro-2026-01", "r1"),
        Attend("oro-2026-01", "s1"),
        Attend("oro-2026-01", "r2", false),
        Substitute("oro-2026-01", "s2", "t1"),
        AddItem("oro-2026-01", "1", "kpi", "r1"),
        Vote("oro-2026-01", "1", 1, "r1", v1::FOR),
        Vote("oro-2026-01", "1", 1, "s1", v1::AGAINST),
        Vote("oro-2026-01", "1", 1, "t1", v1::ABSTAIN),
        Vote("oro-2026-01", "1", 2, "r1", v1::FOR),
        Vote("oro-2026-01", "1", 2, "s1", v1::FOR),
        Vote("oro-2026-01", "1", 2, "t1", v1::FOR),
        Decide("oro-2026-01", "1"),
        Close("oro-2026-01"),
        Schedule("sbo-2026-02", "sbo", "2026-02-10"),
        Open("sbo-2026-02"),
        Attend("sbo-2026-02", "w1"),
        Attend("sbo-2026-02", "w2"),
        Attend("sbo-2026-02", "d1"),
        Attend("sbo-2026-02", "d2"),
        Escalate("e1", "oro-2026-01", "1", "sbo-2026-02", "2"),
        Vote("sbo-2026-02", "2", 1, "w1", v1::FOR),
        Vote("sbo-2026-02", "2", 1, "w2", v1::FOR),
        Vote("sbo-2026-02", "2", 1, "d1", v1::FOR),
        Vote("sbo-2026-02", "2", 1, "d2", v1::FOR),
        Decide("sbo-2026-02", "2"),
        Close("sbo-2026-02"),
        RequestRatification("kpi", {"Dordrecht", "Zwijndrecht", "Molenlanden"}),
        CollegeDecides("kpi", "Dordrecht", v1::RATIFIED, "2026-03-02"),
        CollegeDecides("kpi", "Zwijndrecht", v1::REJECTED_BY_COLLEGE, "2026-03-05"),
        Zienswijze("z1", "kpi", {"Dordrecht", "Zwijndrecht"}, "2026-03-01"),
        SubmitZienswijze("z1", "kpi", "Dordrecht", "2026-02-20"),
        SubmitZienswijze("z1", "kpi", "Zwijndrecht", "2026-03-05"),
        Submit("jaarplan", "oro", {"Het jaarplan 2026 wordt vastgesteld"}, false, "r2"),
        Schedule("oro-2026-03", "oro", "2026-03-10"),
        Open("oro-2026-03"),
        Attend("oro-2026-03", "r1"),
        Attend("oro-2026-03", "r2"),
        Attend("oro-2026-03", "s1"),
        Attend("oro-2026-03", "s2"),
        Minutes("oro-2026-03", "oro-2026-01"),
        AddItem("oro-2026-03", "1", "jaarplan", "r2"),
        Vote("oro-2026-03", "1", 1, "r1", v1::FOR),
        Vote("oro-2026-03", "1", 1, "r2", v1::FOR),
        Vote("oro-2026-03", "1", 1, "s1", v1::AGAINST),
        Vote("oro-2026-03", "1", 1, "s2", v1::ABSTAIN),
        Decide("oro-2026-03", "1"),
        Close("oro-2026-03"),
    };
    acts[10].mutable_submit_proposal()->set_title("Wachttijd-KPI jeugdhulp");
    for (v1::GovernanceCommand& act : acts) {
      if (act.has_submit_proposal() && act.submit_proposal().proposal_id() == "jaarplan") {
        act.mutable_submit_proposal()->set_title("Jaarplan 2026");
      }
      if (act.has_name_substitute()) act.mutable_name_substitute()->set_substitute_name("Tom Smit");
      Execute(act);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

  std::vector<v1::Event> Events() { return ReadAllOverGrpc(*ledger_); }

  v1::LedgerService::Stub& ledger() { return *ledger_; }
  v1::AuditService::Stub& audit() { return *audit_; }
  const ledger::core::CheckpointSigner& signer() const { return *signer_; }
  const TempDir& dir() const { return dir_; }

 private:
  static v1::GovernanceCommand Zienswijze(const std::string& id, const std::string& proposal,
                                          std::vector<std::string> councils,
                                          const std::string& deadline) {
    v1::GovernanceCommand c;
    auto* r = c.mutable_request_zienswijze();
    r->set_request_id(id);
    r->set_proposal_id(proposal);
    for (const std::string& council : councils) r->add_councils(council);
    r->add_decision_points(1);
    r->set_deadline(deadline);
    return c;
  }
  static v1::GovernanceCommand SubmitZienswijze(const std::string& id, const std::string& proposal,
                                                const std::string& council, const std::string& on) {
    v1::GovernanceCommand c;
    auto* s = c.mutable_submit_zienswijze();
    s->set_request_id(id);
    s->set_proposal_id(proposal);
    s->set_council(council);
    s->set_submitted_on(on);
    s->set_text("De raad van " + council + " steunt het voorstel.");
    return c;
  }
  static v1::GovernanceCommand Minutes(const std::string& meeting, const std::string& of) {
    v1::GovernanceCommand c;
    auto* m = c.mutable_adopt_minutes();
    m->set_meeting_id(meeting);
    m->set_minutes_of_meeting_id(of);
    m->mutable_document()->set_name("verslag-" + of + ".pdf");
    m->mutable_document()->set_media_type("application/pdf");
    m->mutable_document()->set_size_bytes(48213);
    m->mutable_document()->set_sha256(kMinutesSha256);
    return c;
  }

  TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(1780308000)};  // 2026-06-01 12:00 CEST.
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<ledger::core::CheckpointSigner> signer_;
  std::unique_ptr<services::LedgerServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::GovernanceService::Stub> governance_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_BESLUITENLIJST_HISTORY_H_
