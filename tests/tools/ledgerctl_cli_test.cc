// ledgerctl as a clerk or an auditor meets it against a real besluitlogd (a
// child process on an ephemeral port, RocksDB in a temp dir): help that says
// what a command takes, a missing flag named as missing (by ledgerctl and by
// the server), `show` as a table or JSON, progress and one closing line for
// long work, and the two kinds of time (--known_at, --in_force_on).
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/access_policy.h"
#include "ledger/core/civil_date.h"
#include "services/identity_file.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/server_process.h"
#include "tests/testing/temp_dir.h"
#include "tools/client_channel.h"
#include "tools/governance_cli.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A besluitlogd child process on a port it picks itself, started and
// waited for on construction.
class Server {
 public:
  explicit Server(const testing::TempDir& dir)
      : process_(BESLUITLOGD_PATH, dir.Sub("data"), dir.path()),
        address_(process_.WaitForAddress()) {}
  const std::string& address() const { return address_; }
  const std::string& data_dir() const { return process_.data_dir(); }
  std::string Flags() const { return process_.AdminFlags(address_); }
  std::string Token() const { return process_.AdminToken(); }
  std::shared_ptr<grpc::Channel> Channel() const {
    return OpenChannel({.server = address_, .token = Token()});
  }

 private:
  testing::ServerProcess process_;
  std::string address_;
};

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout.
  std::string err;  // stderr.
  std::string all() const { return out + err; }
};

// Runs ledgerctl with stdout and stderr to pipes (so neither is a terminal).
Outcome Ledgerctl(const std::string& args, const testing::TempDir& dir) {
  const std::string err_file = dir.Sub("ledgerctl.stderr");
  Outcome run;
  FILE* pipe =
      popen(absl::StrCat(LEDGERCTL_PATH, " ", args, " 2>", err_file, " </dev/null").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  run.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return run;
}

// Records `command` with a token of the role it takes (a member votes under
// their own name), as a client app would.
grpc::Status Execute(const Server& server, const v1::GovernanceCommand& command) {
  const ledger::Role role = ledger::RoleForCommand(command.command_case());
  std::string name = absl::StrCat("clerk-", ledger::RoleName(role));
  if (role == ledger::Role::kMember) {
    name = command.has_cast_vote() ? command.cast_vote().voter_id()
                                   : command.record_objection().voter_id();
  }
  static auto* const tokens = new std::map<std::string, std::string>();
  const std::string key = absl::StrCat(server.data_dir(), "|", name);
  if (tokens->count(key) == 0) {
    absl::StatusOr<std::string> token =
        services::IdentityFile::AddToken(server.data_dir() + "/identities", name, role);
    if (!token.ok()) return grpc::Status(grpc::StatusCode::INTERNAL, token.status().ToString());
    (*tokens)[key] = *token;
  }
  auto stub = v1::GovernanceService::NewStub(
      OpenChannel({.server = server.address(), .token = (*tokens)[key]}));
  grpc::ClientContext context;
  v1::CommandResult result;
  return stub->Execute(&context, command, &result);
}

void Must(const Server& server, v1::GovernanceCommand command) {
  const grpc::Status status = Execute(server, command);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << command.DebugString();
}

// --------------------------------------------------------------- 1. help

TEST(LedgerctlCliTest, HelpOnAnActShowsItsFlagsAllowedValuesWhatIsRequiredAndAnExample) {
  testing::TempDir dir;
  for (const std::string args : {"help cast-vote", "cast-vote --help", "cast-vote -h"}) {
    const Outcome run = Ledgerctl(args, dir);
    EXPECT_EQ(run.exit_code, 0) << args;
    EXPECT_THAT(run.out, HasSubstr("--choice for|against|abstain")) << args;
    EXPECT_THAT(run.out, HasSubstr("--item_id ITEM_ID  required: the agenda item the vote is on"))
        << args;
    EXPECT_THAT(run.out, HasSubstr("example: ledgerctl cast-vote --meeting_id=")) << args;
  }
}

// Every act's help describes every flag (what a required one is, from the
// one (required) mark in governance.proto, or what an optional one means),
// and its example carries every required flag: an example that runs past
// the "is required" check.
TEST(LedgerctlCliTest, EveryActsHelpDescribesEachFlagAndGivesARealExample) {
  testing::TempDir dir;
  const std::vector<std::string> acts = GovernanceActNames();
  ASSERT_GE(acts.size(), 25u);
  for (const std::string& act : acts) {
    const Outcome run = Ledgerctl("help " + act, dir);
    EXPECT_EQ(run.exit_code, 0) << act;
    std::string example;
    std::vector<std::string> required;
    for (absl::string_view line : absl::StrSplit(run.out, '\n')) {
      if (absl::ConsumePrefix(&line, "example: ")) example = std::string(line);
      if (!absl::StartsWith(line, "  --") || absl::StartsWith(line, "  --actor") ||
          absl::StartsWith(line, "  --json")) {
        continue;
      }
      const std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
      ASSERT_GE(words.size(), 2u) << act << ": " << line;
      // "--flag SHAPE  description": something after the shape.
      const size_t described = line.find("  ", 4);
      EXPECT_TRUE(described != absl::string_view::npos &&
                  !absl::StripAsciiWhitespace(line.substr(described)).empty())
          << act << " gives no description for " << words[0];
      if (absl::StrContains(line, "  required: ")) required.push_back(words[0]);
    }
    EXPECT_FALSE(required.empty()) << act << " marks no flag required";
    EXPECT_NE(example, "ledgerctl " + act) << act << ": a bare command is no example";
    for (const std::string& flag : required) {
      EXPECT_THAT(example, HasSubstr(flag + "=")) << act << ": the example lacks " << flag;
    }
  }
  // The document of adopt-minutes names its JSON fields.
  const Outcome minutes = Ledgerctl("help adopt-minutes", dir);
  EXPECT_THAT(minutes.out, HasSubstr(R"("name":…,"mediaType":…,"sizeBytes":…,"sha256":…)"));
  // raise-escalation marks --escalation_id, which the CLI requires.
  const Outcome escalation = Ledgerctl("help raise-escalation", dir);
  EXPECT_THAT(escalation.out, HasSubstr("--escalation_id ESCALATION_ID  required: "));
}

TEST(LedgerctlCliTest, HelpOnACommandShowsItsFlagsAndAnExample) {
  testing::TempDir dir;
  for (const std::string args : {"help show", "show --help", "show -h"}) {
    const Outcome run = Ledgerctl(args, dir);
    EXPECT_EQ(run.exit_code, 0) << args;
    EXPECT_THAT(run.out, HasSubstr("--output")) << args;
    EXPECT_THAT(run.out, HasSubstr("table|json")) << args;
    EXPECT_THAT(run.out, HasSubstr("--in_force_on")) << args;
    EXPECT_THAT(run.out, HasSubstr("example: ledgerctl show meeting ")) << args;
  }
  const Outcome replay = Ledgerctl("help replay", dir);
  EXPECT_THAT(replay.out, HasSubstr("--known_at"));
  EXPECT_THAT(replay.out, HasSubstr("example: ledgerctl replay "));
}

TEST(LedgerctlCliTest, ACommandWithAWordMissingSaysSoWithItsOwnUsageOnly) {
  testing::TempDir dir;
  const Outcome run = Ledgerctl("--server=127.0.0.1:1 show meeting", dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("ledgerctl show: wrong number of words after \"show\""));
  EXPECT_THAT(run.err, HasSubstr("show proposal|meeting|agreements|roster ID"));
  EXPECT_THAT(run.err, Not(HasSubstr("token add")));  // Not the whole usage.
}

TEST(LedgerctlCliTest, AMissingRequiredFlagIsNamedAsMissingBeforeAnythingIsSent) {
  testing::TempDir dir;
  // Nothing listens on port 1: had ledgerctl sent the act, it would fail to
  // connect instead.
  const Outcome run = Ledgerctl(
      "--server=127.0.0.1:1 cast-vote --meeting_id=oro-1 --decision_point=1 --voter_id=r1 "
      "--choice=for",
      dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--item_id is required: the agenda item the vote is on"));
  EXPECT_THAT(run.err, Not(HasSubstr("is not on the agenda")));
  EXPECT_THAT(run.err, Not(HasSubstr("UNAVAILABLE")));
}

TEST(LedgerctlCliTest, TheServerNamesAMissingFieldAsMissing) {
  testing::TempDir dir;
  Server server(dir);
  ASSERT_FALSE(server.address().empty());
  Must(server, testing::Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
  Must(server, testing::Appoint("oro", "r1", v1::GEMEENTEN));
  Must(server, testing::Schedule("oro-1", "oro", "2026-01-13"));
  Must(server, testing::Open("oro-1"));
  v1::GovernanceCommand vote = testing::Vote("oro-1", "", 1, "r1", v1::FOR);
  grpc::Status status = Execute(server, vote);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("item_id is required: the agenda item the vote is on"));
  v1::GovernanceCommand attend = testing::Attend("oro-1", "");
  status = Execute(server, attend);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("member_id is required"));
}

// ------------------------------------------------------ a recorded history

// Today in Europe/Amsterdam, as the server's clock has it.
std::string Today() {
  absl::StatusOr<absl::CivilDay> today = ledger::core::DayInAmsterdam(absl::Now());
  return today.ok() ? ledger::core::FormatDate(*today) : "";
}

// An ORO meeting with attendance (present, absent, replaced) and a decided
// item; an SBO decision that changes the agreement, ratified by Dordrecht
// last year (in force since 1 January) and by Zwijndrecht today (in force
// from 1 January next year).
void RecordHistory(const Server& server) {
  Must(server, testing::Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
  v1::GovernanceCommand named =
      testing::Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS});
  named.mutable_establish_body()->mutable_config()->set_name("Strategisch Bestuurlijk Overleg");
  Must(server, named);
  for (const char* m : {"r1", "r2", "r3"}) Must(server, testing::Appoint("oro", m, v1::GEMEENTEN));
  Must(server, testing::Appoint("oro", "s1", v1::COMBINATIES));
  Must(server, testing::Submit("tarief", "oro", {"Tarief 2027 vaststellen"}));
  Must(server, testing::Schedule("oro-1", "oro", "2026-01-13"));
  Must(server, testing::Open("oro-1"));
  Must(server, testing::Attend("oro-1", "r1"));
  Must(server, testing::Attend("oro-1", "r2", false));
  Must(server, testing::Attend("oro-1", "s1"));
  Must(server, testing::Substitute("oro-1", "r3", "v9"));
  Must(server, testing::AddItem("oro-1", "1", "tarief", "r1"));
  Must(server, testing::Vote("oro-1", "1", 1, "r1", v1::FOR));
  Must(server, testing::Vote("oro-1", "1", 1, "s1", v1::FOR));
  Must(server, testing::Vote("oro-1", "1", 1, "v9", v1::FOR));
  Must(server, testing::Decide("oro-1", "1"));

  for (const char* m : {"w1"}) Must(server, testing::Appoint("sbo", m, v1::GEMEENTEN));
  for (const char* m : {"d1"}) Must(server, testing::Appoint("sbo", m, v1::COMBINATIES));
  Must(server, testing::Submit("kpi", "sbo", {"Wachttijd-KPI"}, true, "w1"));
  Must(server, testing::Schedule("sbo-1", "sbo", "2024-11-20"));
  Must(server, testing::Open("sbo-1"));
  for (const char* m : {"w1", "d1"}) Must(server, testing::Attend("sbo-1", m));
  Must(server, testing::AddItem("sbo-1", "2", "kpi", "w1"));
  for (const char* m : {"w1", "d1"}) Must(server, testing::Vote("sbo-1", "2", 1, m, v1::FOR));
  Must(server, testing::Decide("sbo-1", "2"));
  Must(server, testing::RequestRatification("kpi", {"Dordrecht", "Zwijndrecht"}));
  const absl::CivilDay today = *ledger::core::ParseDate("today", Today());
  const std::string last_year = ledger::core::FormatDate(absl::CivilDay(today.year() - 1, 12, 15));
  Must(server, testing::CollegeDecides("kpi", "Dordrecht", v1::RATIFIED, last_year));
  Must(server, testing::CollegeDecides("kpi", "Zwijndrecht", v1::RATIFIED, Today()));
}

// ------------------------------------------------------------ 2. show

TEST(LedgerctlCliTest, ShowMeetingListsAttendanceAndDecisionPointTextsAsTableOrJson) {
  testing::TempDir dir;
  Server server(dir);
  ASSERT_FALSE(server.address().empty());
  RecordHistory(server);
  const std::string at = server.Flags();

  const Outcome table = Ledgerctl(at + " show meeting oro-1 --output table", dir);
  EXPECT_EQ(table.exit_code, 0) << table.all();
  EXPECT_THAT(table.out, HasSubstr("aanwezig:  Name of r1, Name of s1"));
  EXPECT_THAT(table.out, HasSubstr("afwezig:   Name of r2"));
  EXPECT_THAT(table.out, HasSubstr("Name of r3 vervangen door Name of v9"));
  EXPECT_THAT(table.out, HasSubstr("agendapunt 1: Proposal tarief (tarief)"));
  EXPECT_THAT(table.out, HasSubstr("1. Tarief 2027 vaststellen"));
  EXPECT_THAT(table.out, HasSubstr("aangenomen (3 voor, 0 tegen, 0 onthouding)"));
  EXPECT_THAT(table.out, Not(HasSubstr("{")));

  // Piped without --output: JSON, with the same facts.
  for (const std::string args : {" show meeting oro-1", " show meeting oro-1 --output json"}) {
    const Outcome json = Ledgerctl(at + args, dir);
    EXPECT_EQ(json.exit_code, 0) << json.all();
    EXPECT_EQ(json.out.substr(0, 1), "{") << args;
    EXPECT_THAT(json.out, HasSubstr(R"("name": "Name of r2",
   "present": false,)"))
        << args;
    EXPECT_THAT(json.out, HasSubstr(R"("substitute_name": "Name of v9")")) << args;
    EXPECT_THAT(json.out, HasSubstr(R"("text": "Tarief 2027 vaststellen")")) << args;
  }
  const Outcome bad = Ledgerctl(at + " show meeting oro-1 --output yaml", dir);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("--output is table or json, not \"yaml\""));
}

// ------------------------------------------------ 3. progress, one line

TEST(LedgerctlCliTest, VerifyRebuildAndReplayEndWithOneLineSayingWhatWhereAndHowMany) {
  testing::TempDir dir;
  std::string head;
  {
    Server server(dir);
    ASSERT_FALSE(server.address().empty());
    Must(server, testing::Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
    Must(server, testing::Appoint("oro", "r1", v1::GEMEENTEN));
    const std::string at = server.Flags();
    const Outcome verify = Ledgerctl(at + " verify", dir);
    EXPECT_EQ(verify.exit_code, 0) << verify.all();
    EXPECT_THAT(verify.err,
                HasSubstr(absl::StrCat("verified through ", server.address(), ": OK 2 events")));
    const Outcome rebuild = Ledgerctl(at + " projections rebuild", dir);
    EXPECT_EQ(rebuild.exit_code, 0) << rebuild.all();
    EXPECT_THAT(rebuild.err, HasSubstr("rebuilt all projections: 2 events, up to position 2"));
    // Not a terminal: no bar drawn, only the line.
    EXPECT_THAT(rebuild.err, Not(HasSubstr("\r")));
    EXPECT_THAT(rebuild.out, Not(HasSubstr("[#")));
  }
  const Outcome offline = Ledgerctl("verify --data_dir=" + dir.Sub("data"), dir);
  EXPECT_EQ(offline.exit_code, 0) << offline.all();
  EXPECT_THAT(offline.err,
              HasSubstr(absl::StrCat("verified data dir ", dir.Sub("data"), ": OK 2 events")));
  const Outcome replay = Ledgerctl("replay --data_dir=" + dir.Sub("data"), dir);
  EXPECT_EQ(replay.exit_code, 0) << replay.all();
  EXPECT_THAT(replay.err, HasSubstr(absl::StrCat("replayed 2 events of ", dir.Sub("data"),
                                                 ": 0 proposals, 0 municipalities with "
                                                 "agreements, 1 bodies")));
  EXPECT_THAT(replay.out, HasSubstr(R"("position": 2)"));
}

// ----------------------------------------------------- 4. two kinds of time

// A terminal table reads in one language: the Dutch of act_labels.h for a
// proposal's state and for open work, and days as a clerk says them.
TEST(LedgerctlCliTest, TablesSpeakDutchAndCountDaysAsAClerkDoes) {
  testing::TempDir dir;
  Server server(dir);
  ASSERT_FALSE(server.address().empty());
  RecordHistory(server);
  const std::string at = server.Flags();
  Must(server, testing::RequestRatification("kpi", {"Molenlanden"}));
  const absl::CivilDay today = *ledger::core::ParseDate("today", Today());
  auto zienswijze = [&](const std::string& id, const std::string& council, absl::CivilDay due) {
    v1::GovernanceCommand c;
    c.set_actor("secretariaat");
    auto* r = c.mutable_request_zienswijze();
    r->set_request_id(id);
    r->set_proposal_id("kpi");
    r->add_councils(council);
    r->add_decision_points(1);
    r->set_deadline(ledger::core::FormatDate(due));
    return c;
  };
  Must(server, zienswijze("zw-later", "Dordrecht", today + 3));
  Must(server, zienswijze("zw-late", "Zwijndrecht", today - 1));

  const Outcome proposal = Ledgerctl(at + " show proposal kpi --output table", dir);
  EXPECT_EQ(proposal.exit_code, 0) << proposal.all();
  EXPECT_THAT(proposal.out, HasSubstr("(sbo, wacht op bekrachtiging)"));
  EXPECT_THAT(proposal.out, Not(HasSubstr("awaiting_ratification")));
  const Outcome deadlines = Ledgerctl(at + " show deadlines today --output table", dir);
  EXPECT_EQ(deadlines.exit_code, 0) << deadlines.all();
  EXPECT_THAT(deadlines.out, HasSubstr("bekrachtiging"));
  EXPECT_THAT(deadlines.out, HasSubstr("zienswijze"));
  EXPECT_THAT(deadlines.out, Not(HasSubstr("ratification")));
  EXPECT_THAT(deadlines.out, HasSubstr("(nog 3 dagen)"));
  EXPECT_THAT(deadlines.out, HasSubstr("(1 dag te laat)"));
  EXPECT_THAT(deadlines.out, Not(HasSubstr("-1 dagen")));
}

TEST(LedgerctlCliTest, AgreementsAreThoseInForceTodayWithUpcomingApartAndNamesMatchAnyCase) {
  testing::TempDir dir;
  Server server(dir);
  ASSERT_FALSE(server.address().empty());
  RecordHistory(server);
  const std::string at = server.Flags();

  const Outcome dordrecht = Ledgerctl(at + " show agreements dordrecht --output json", dir);
  EXPECT_EQ(dordrecht.exit_code, 0) << dordrecht.all();
  EXPECT_THAT(dordrecht.out, HasSubstr(R"("municipality": "Dordrecht")"));
  EXPECT_THAT(dordrecht.out, HasSubstr(R"("agreements": [
  {
   "proposal_id": "kpi",)"));
  EXPECT_THAT(dordrecht.out, HasSubstr(R"("upcoming": [],)"));
  EXPECT_THAT(dordrecht.out, HasSubstr(absl::StrCat(R"("in_force_on": ")", Today(), "\"")));

  // Ratified today: in force from 1 January next year, so upcoming today.
  const Outcome zwijndrecht = Ledgerctl(at + " show agreements Zwijndrecht --output json", dir);
  EXPECT_EQ(zwijndrecht.exit_code, 0) << zwijndrecht.all();
  EXPECT_THAT(zwijndrecht.out, HasSubstr(R"("upcoming": [
  {
   "proposal_id": "kpi",)"));
  EXPECT_THAT(zwijndrecht.out, HasSubstr(R"("agreements": [],)"));
  const Outcome table = Ledgerctl(at + " show agreements ZWIJNDRECHT --output table", dir);
  EXPECT_THAT(table.out, HasSubstr("Nog niet in werking (komend):"));

  const Outcome unknown = Ledgerctl(at + " show agreements Atlantis", dir);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err,
              HasSubstr("NOT_FOUND: no municipality \"Atlantis\"; known: Dordrecht, Zwijndrecht"));

  const Outcome roster = Ledgerctl(at + " show roster SBO --output json", dir);
  EXPECT_EQ(roster.exit_code, 0) << roster.all();
  EXPECT_THAT(roster.out, HasSubstr(R"("name": "Strategisch Bestuurlijk Overleg")"));
  const Outcome no_body = Ledgerctl(at + " show roster abc", dir);
  EXPECT_EQ(no_body.exit_code, 1);
  EXPECT_THAT(no_body.err, HasSubstr("NOT_FOUND: no body \"abc\"; known: oro, sbo"));

  // The deprecated flag still works for one release, and says so.
  const Outcome old = Ledgerctl(at + " show agreements Dordrecht --on_date 2000-01-01", dir);
  EXPECT_EQ(old.exit_code, 0) << old.all();
  EXPECT_THAT(old.err, HasSubstr("--on_date is deprecated; use --in_force_on"));
  EXPECT_THAT(old.out, HasSubstr(R"("agreements": [],)"));
}

TEST(LedgerctlCliTest, KnownAtTakesAPositionAnInstantOrADateEverywhere) {
  testing::TempDir dir;
  {
    Server server(dir);
    ASSERT_FALSE(server.address().empty());
    RecordHistory(server);
    const std::string at = server.Flags();
    // The end of today: everything recorded so far.
    const Outcome today = Ledgerctl(at + " show proposal kpi --known_at " + Today(), dir);
    EXPECT_EQ(today.exit_code, 0) << today.all();
    EXPECT_THAT(today.out, HasSubstr(R"("status": "RATIFICATION_COMPLETE")"));
    // Position 1: only the ORO was established.
    const Outcome early = Ledgerctl(at + " show roster oro --known_at 1 --output json", dir);
    EXPECT_EQ(early.exit_code, 0) << early.all();
    EXPECT_THAT(early.out, Not(HasSubstr("r1")));
    const Outcome instant =
        Ledgerctl(at + " show proposal kpi --known_at 2020-01-01T00:00:00+01:00", dir);
    EXPECT_EQ(instant.exit_code, 1);
    const Outcome bad = Ledgerctl(at + " show proposal kpi --known_at yesterday", dir);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_THAT(bad.err, HasSubstr("is neither a position (1200), an RFC 3339 instant"));
    // Deprecated, still working, and saying so.
    const Outcome old = Ledgerctl(at + " show roster oro --as_of_position 1 --output json", dir);
    EXPECT_EQ(old.exit_code, 0) << old.all();
    EXPECT_THAT(old.err, HasSubstr("--as_of_position is deprecated; use --known_at 1"));
    // --as_of is --known_at under its old name, for show as for replay: not
    // silently ignored.
    const Outcome as_of = Ledgerctl(at + " show roster oro --as_of 1 --output json", dir);
    EXPECT_EQ(as_of.exit_code, 0) << as_of.all();
    EXPECT_THAT(as_of.err, HasSubstr("--as_of is deprecated; use --known_at 1"));
    EXPECT_THAT(as_of.out, Not(HasSubstr("r1"))) << "as known at position 1";
    const Outcome proposal_as_of =
        Ledgerctl(at + " show proposal kpi --as_of 2020-01-01T00:00:00+01:00", dir);
    EXPECT_EQ(proposal_as_of.exit_code, 1) << "unknown then, as with --known_at";
    EXPECT_THAT(proposal_as_of.err, HasSubstr("--as_of is deprecated"));
    const Outcome both = Ledgerctl(at + " show roster oro --as_of 1 --known_at 2", dir);
    EXPECT_EQ(both.exit_code, 1);
    EXPECT_THAT(both.err, HasSubstr("give --known_at or --as_of, not both"));
  }
  const std::string data = " replay --data_dir=" + dir.Sub("data");
  const Outcome before = Ledgerctl(data + " --known_at 2020-01-01", dir);
  EXPECT_EQ(before.exit_code, 0) << before.all();
  EXPECT_THAT(before.out, HasSubstr(R"("position": 0)"));
  const Outcome now = Ledgerctl(data + " --known_at " + Today(), dir);
  EXPECT_THAT(now.out, HasSubstr(R"("proposal_id":"kpi")"));
  const Outcome old = Ledgerctl(data + " --as_of " + Today(), dir);
  EXPECT_EQ(old.exit_code, 0) << old.all();
  EXPECT_THAT(old.err, HasSubstr("--as_of is deprecated; use --known_at"));
  EXPECT_THAT(old.out, HasSubstr(R"("proposal_id":"kpi")"));
}

TEST(LedgerctlCliTest, AnAppointmentSitsFromItsOwnDateSoARosterOnAMeetingDateIsRight) {
  testing::TempDir dir;
  Server server(dir);
  ASSERT_FALSE(server.address().empty());
  Must(server, testing::Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
  const std::string at = server.Flags();
  const Outcome appoint = Ledgerctl(
      at + " appoint-member --body_id=oro --member_id=r1 --name=\"J. de Vries\" --role=lid "
           "--side=gemeenten --from_date=2020-01-01",
      dir);
  ASSERT_EQ(appoint.exit_code, 0) << appoint.all();
  EXPECT_THAT(appoint.out, HasSubstr(R"("from_date":"2020-01-01")"));
  // Recorded now, without a date of its own: sits from today.
  Must(server, testing::Appoint("oro", "r2", v1::GEMEENTEN));
  const Outcome roster =
      Ledgerctl(at + " show roster oro --in_force_on 2020-01-13 --output json", dir);
  EXPECT_EQ(roster.exit_code, 0) << roster.all();
  EXPECT_THAT(roster.out, HasSubstr(R"("member_id": "r1")"));
  EXPECT_THAT(roster.out, HasSubstr(R"("appointed_on": "2020-01-01")"));
  EXPECT_THAT(roster.out, Not(HasSubstr(R"("member_id": "r2")")));
  EXPECT_THAT(roster.out, HasSubstr(R"("in_force_on": "2020-01-13")"));
  const Outcome bad = Ledgerctl(
      at + " appoint-member --body_id=oro --member_id=r3 --name=X --role=lid --side=gemeenten "
           "--from_date=13-01-2020",
      dir);
  EXPECT_EQ(bad.exit_code, 2);  // INVALID_ARGUMENT, as for any malformed act.
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT: from_date"));
}

}  // namespace
}  // namespace besluitlog::tools
