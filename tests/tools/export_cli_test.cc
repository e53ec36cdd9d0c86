// `ledgerctl export` and `ledgerctl audit` as a secretariaat and an auditor
// meet them: the real binaries over gRPC, against a ledger holding the KPI
// dispute (contract talk -> ORO -> SBO -> Colleges), an absence and a body
// with a name of its own.
//
// BESLUITLOG_TEST_LEDGERCTL and BESLUITLOG_TEST_BESLUITLOGD run the same
// tests against other builds of the binaries (e.g. an older one).
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "besluitlog/v1/cli.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/signed_note.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/server_process.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Binary(const char* variable, const char* built) {
  const char* other = std::getenv(variable);
  return other != nullptr && *other ? other : built;
}

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr.
};

// Runs `command` with its stderr in the output.
Result RunCommand(const std::string& command) {
  Result run;
  run.output = testing::RunCommand(absl::StrCat(command, " 2>&1"), &run.exit_code);
  return run;
}

using testing::ReadFile;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

class ExportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string data = dir_.Sub("data");
    {
      auto log = ledger::EventLog::Open(data);
      ASSERT_TRUE(log.ok()) << log.status();
      ledger::ManualClock clock(absl::FromUnixSeconds(1764000000));
      ledger::governance::GovernanceCommands commands(log->get(), &clock);
      testing::RecordKpiDispute(commands);
      // An ORO meeting where r2 sends apologies.
      testing::Must(commands, testing::Schedule("oro-2", "oro", "2024-12-02"));
      testing::Must(commands, testing::Open("oro-2"));
      testing::Must(commands, testing::Attend("oro-2", "r1"));
      testing::Must(commands, testing::Attend("oro-2", "r2", false));
      // A body known by a name of its own.
      v1::GovernanceCommand ab = testing::Establish(
          {.id = "ab-jeugd", .kind = v1::ALGEMEEN_BESTUUR, .rule = v1::MAJORITY});
      ab.mutable_establish_body()->mutable_config()->set_name("Algemeen Bestuur Jeugd");
      testing::Must(commands, ab);
      events_ = (*log)->GetHead().position();
      for (uint64_t p = 1; p <= events_; ++p) {
        const v1::Event event = *(*log)->ReadEvent(p);
        if (event.event_type() == "ProposalSubmitted") {
          proposal_position_ = p;
          proposal_ = event;
        }
      }
    }
    // The server writes its key on start; the auditor is given it directly.
    auto key = ledger::core::CheckpointSigner::LoadOrCreate(data + "/checkpoint_key.pem");
    ASSERT_TRUE(key.ok()) << key.status();
    public_key_ = absl::BytesToHexString((*key)->public_key());
    server_ = std::make_unique<testing::ServerProcess>(
        Binary("BESLUITLOG_TEST_BESLUITLOGD", BESLUITLOGD_PATH), data, dir_.path());
    const std::string address = server_->WaitForAddress();
    ASSERT_FALSE(address.empty());
    at_ = server_->AdminFlags(address);
  }

  Result Ledgerctl(const std::string& args) {
    return RunCommand(absl::StrCat("XDG_CONFIG_HOME=", dir_.Sub("config"),
                                   " HOME=", dir_.Sub("home"), " ",
                                   Binary("BESLUITLOG_TEST_LEDGERCTL", LEDGERCTL_PATH), " ", args));
  }
  // Exports into a file and returns what it holds.
  std::string Export(const std::string& args, Result* run = nullptr) {
    const std::string path = dir_.Sub("export.out");
    std::remove(path.c_str());
    Result done = Ledgerctl(absl::StrCat(at_, " export ", args, " --out=", path));
    EXPECT_EQ(done.exit_code, 0) << args << ": " << done.output;
    if (run != nullptr) *run = done;
    return ReadFile(path);
  }
  std::vector<std::vector<std::string>> ExportCsv(const std::string& args) {
    return ParseCsv(Export(args), ';');
  }

  testing::TempDir dir_;
  uint64_t events_ = 0;
  uint64_t proposal_position_ = 0;
  v1::Event proposal_;
  std::string public_key_;
  std::unique_ptr<testing::ServerProcess> server_;
  std::string at_;
};

// The column of `header` named `name` (-1 when there is none).
int Column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

TEST_F(ExportCliTest, JsonlLinesCarryTheDecodedActBesideTheBytesInHex) {
  const std::string trail_path = dir_.Sub("trail.jsonl");
  Result run = Ledgerctl(absl::StrCat(at_, " export --format=jsonl --out=", trail_path));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> lines = Lines(ReadFile(trail_path));
  ASSERT_EQ(lines.size(), events_ + 1);
  // The proposal's title is readable in its line, beside the payload's bytes.
  std::string& proposal = lines[proposal_position_];
  EXPECT_THAT(proposal, HasSubstr(R"("act":{"proposalSubmitted":{"proposalId":"kpi")"));
  EXPECT_THAT(proposal, HasSubstr(R"("title":"Proposal kpi")"));
  EXPECT_THAT(proposal, HasSubstr(R"("text":"Wachttijd-KPI")"));
  // Hashes, keys and payloads are lower-case hex, as everywhere else.
  v1::cli::TrailLine parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(proposal, &parsed).ok()) << proposal;
  EXPECT_EQ(parsed.event().hash().size(), 64u);
  EXPECT_EQ(parsed.event().hash(), absl::AsciiStrToLower(parsed.event().hash()));
  EXPECT_EQ(absl::BytesToHexString(absl::HexStringToBytes(parsed.event().payload())),
            parsed.event().payload());
  ASSERT_FALSE(parsed.proof().hashes().empty());
  EXPECT_EQ(parsed.proof().hashes(0).size(), 64u);
  EXPECT_THAT(lines[0], HasSubstr(absl::StrCat(R"("publicKey":")", public_key_, "\"")));
  // Checked offline, every line.
  const std::string check =
      absl::StrCat("audit --file=", trail_path, " --public_key=", public_key_);
  run = Ledgerctl(check);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("OK ", events_, " events in ", trail_path)));
  // A decoded title that no longer says what the bytes say is caught.
  proposal.replace(proposal.find("Proposal kpi"), 12, "Proposal XYZ");
  {
    std::ofstream out(trail_path, std::ios::binary | std::ios::trunc);
    for (const std::string& line : lines) out << line << "\n";
  }
  run = Ledgerctl(check);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("line ", proposal_position_ + 1,
                                                 ": the decoded act of the event at position ",
                                                 proposal_position_, " was edited")));
}

// Open data says which signed state of the log it shows: the Popolo
// document carries the C2SP checkpoint note it was made from, signed by the
// log's key.
TEST_F(ExportCliTest, PopoloCarriesTheSignedCheckpointItWasMadeFrom) {
  const std::string json = Export("--format=popolo");
  google::protobuf::Struct document;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &document).ok()) << json;
  ASSERT_TRUE(document.fields().contains("checkpoint")) << json.substr(0, 300);
  const auto& checkpoint = document.fields().at("checkpoint").struct_value().fields();
  EXPECT_EQ(checkpoint.at("tree_size").number_value(), static_cast<double>(events_));
  const std::string note = checkpoint.at("note").string_value();
  absl::StatusOr<ledger::core::SignedNote> parsed = ledger::core::ParseSignedNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << note;
  absl::StatusOr<ledger::core::CheckpointText> text =
      ledger::core::ParseCheckpointText(parsed->text);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->size, events_);
  EXPECT_EQ(absl::BytesToHexString(text->root_hash), checkpoint.at("root_hash").string_value());
  const std::string key = absl::HexStringToBytes(public_key_);
  EXPECT_TRUE(ledger::core::VerifyNote(*parsed, {ledger::core::MakeVerifierKey(
                                                    text->origin, ledger::core::kNoteEd25519, key)})
                  .ok());
}

// The besluitenlijst's Controle box shows the same signed note, so a reader
// can hand the checkpoint to any C2SP verifier.
TEST_F(ExportCliTest, TheBesluitenlijstShowsTheSignedCheckpointNote) {
  google::protobuf::Struct document;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(Export("--format=popolo"), &document).ok());
  const std::string note =
      document.fields().at("checkpoint").struct_value().fields().at("note").string_value();
  ASSERT_THAT(note, HasSubstr("\n\n\u2014 "));  // Text, blank line, "— name signature".
  const std::string html = Export("--format=html");
  EXPECT_THAT(html, HasSubstr(absl::StrCat("<pre class=\"notitie\">", note, "</pre>")));
}

TEST_F(ExportCliTest, CsvRowsSayThePointTheSeatWhoWasThereAndTheOutcomeInDutch) {
  const auto rows = ExportCsv("--format=csv");
  ASSERT_EQ(rows.size(), events_ + 1);
  const std::vector<std::string>& header = rows[0];
  for (const char* name :
       {"vergadering", "vergaderdatum", "agendapunt", "beslispunt", "tekst beslispunt", "zetel",
        "stemmer", "aanwezig", "afwezig", "uitkomst", "hash"}) {
    ASSERT_THAT(header, Contains(name));
  }
  const int act = Column(header, "handeling"), meeting = Column(header, "vergadering");
  const int point = Column(header, "beslispunt"), text = Column(header, "tekst beslispunt");
  const int seat = Column(header, "zetel"), voter = Column(header, "stemmer");
  const int present = Column(header, "aanwezig"), absent = Column(header, "afwezig");
  const int outcome = Column(header, "uitkomst"), hash = Column(header, "hash");
  std::vector<std::string> sbo_decision, absence;
  std::vector<std::vector<std::string>> sbo_votes;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), header.size());
    if (row[act] == "DecisionTaken" && row[meeting] == "sbo-1") sbo_decision = row;
    if (row[act] == "VoteCast" && row[meeting] == "sbo-1") sbo_votes.push_back(row);
    if (row[act] == "AttendanceRecorded" && !row[absent].empty()) absence = row;
  }
  ASSERT_FALSE(sbo_decision.empty());
  EXPECT_EQ(sbo_decision[point], "1");
  EXPECT_EQ(sbo_decision[text], "Wachttijd-KPI");
  EXPECT_EQ(sbo_decision[outcome],
            "punt 1: aangenomen, bekrachtiging gevraagd (voor 4, tegen 0, onthouding 0)");
  EXPECT_EQ(sbo_decision[present],
            "Name of w1 (w1); Name of w2 (w2); Name of d1 (d1); Name of d2 (d2)");
  EXPECT_EQ(sbo_decision[hash].size(), 64u);
  EXPECT_EQ(sbo_decision[hash], absl::AsciiStrToLower(sbo_decision[hash]));
  ASSERT_EQ(sbo_votes.size(), 5u);  // w1 voted twice.
  EXPECT_EQ(sbo_votes[0][point], "1");
  EXPECT_EQ(sbo_votes[0][text], "Wachttijd-KPI");
  EXPECT_EQ(sbo_votes[0][seat], "Name of w1 (w1)");
  EXPECT_EQ(sbo_votes[0][voter], "Name of w1 (w1)");
  EXPECT_EQ(sbo_votes[0][outcome], "tegen");
  EXPECT_EQ(sbo_votes[1][outcome], "voor");
  ASSERT_FALSE(absence.empty());
  EXPECT_EQ(absence[meeting], "oro-2");
  EXPECT_EQ(absence[absent], "Name of r2 (r2)");
}

TEST_F(ExportCliTest, VotesFormatHasOneRowPerVoteAsCounted) {
  const auto rows = ExportCsv("--format=votes");
  ASSERT_FALSE(rows.empty());
  EXPECT_THAT(rows[0], ElementsAre("vergadering", "vergaderdatum", "gremium", "agendapunt",
                                   "voorstel", "beslispunt", "tekst beslispunt", "stemmer", "zetel",
                                   "namens", "keuze", "vastgelegd", "positie"));
  // Two votes in the contract talk, two in the ORO, four in the SBO (w1's
  // second vote replaces the first).
  ASSERT_EQ(rows.size(), 1u + 2 + 2 + 4);
  for (const auto& row : rows) ASSERT_EQ(row.size(), rows[0].size());
  const std::vector<std::string>& w1 = rows[5];
  EXPECT_THAT(std::vector<std::string>(w1.begin(), w1.begin() + 11),
              ElementsAre("sbo-1", "2024-11-20", "sbo", "2", "Proposal kpi", "1", "Wachttijd-KPI",
                          "Name of w1 (w1)", "Name of w1 (w1)", "Gemeente", "voor"));
  EXPECT_EQ(rows[1][10], "voor");   // g, in the contract talk.
  EXPECT_EQ(rows[2][10], "tegen");  // p.
}

TEST_F(ExportCliTest, BodyAndTypeFiltersMatchInAnyCaseAndUnknownOnesAreNamed) {
  const auto oro = ExportCsv("--format=csv --body=ORO");
  ASSERT_GT(oro.size(), 1u);
  for (size_t i = 1; i < oro.size(); ++i) EXPECT_EQ(oro[i][2], "oro") << i;
  const auto by_name = ExportCsv("--format=csv --body='algemeen bestuur jeugd'");
  ASSERT_EQ(by_name.size(), 2u);
  EXPECT_EQ(by_name[1][2], "ab-jeugd");
  const auto votes = ExportCsv("--format=csv --type=votecast");
  ASSERT_EQ(votes.size(), 1u + 2 + 2 + 5);
  const int act = Column(votes[0], "handeling");
  ASSERT_NE(act, -1);
  for (size_t i = 1; i < votes.size(); ++i) EXPECT_EQ(votes[i][act], "VoteCast") << i;

  Result run = Ledgerctl(at_ + " export --format=csv --body=nonsense");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("INVALID_ARGUMENT: --body \"nonsense\" names no body of this "
                                    "ledger; the known bodies are: sbo, oro, cg-a, ab-jeugd "
                                    "(Algemeen Bestuur Jeugd)"));
  EXPECT_THAT(run.output, Not(HasSubstr("positie")));
  run = Ledgerctl(at_ + " export --format=csv --type=vote");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("INVALID_ARGUMENT: --type \"vote\" is not an act type; the "
                                    "known types are: BodyEstablished, BodyChanged,"));
  EXPECT_THAT(run.output, HasSubstr(" VoteCast, "));
  run = Ledgerctl(at_ + " export --format=csv --from_date=01-01-2026");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("is not a calendar date of the form YYYY-MM-DD"));
}

TEST_F(ExportCliTest, ExportAndAuditFileEndWithOneLineSayingWhatWhereAndHowMany) {
  Result run;
  Export("--format=csv", &run);
  EXPECT_THAT(run.output,
              HasSubstr(absl::StrCat("wrote ", events_, " acts of ", events_, " events to ",
                                     dir_.Sub("export.out"), " (csv, in ")));
  Export("--format=votes", &run);
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("wrote 8 votes of ", events_, " events to ")));
  Export("--format=jsonl --type=DecisionTaken", &run);
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("wrote 3 acts of ", events_, " events to ")));
  const std::string trail = dir_.Sub("export.out");
  run = Ledgerctl(absl::StrCat("audit --file=", trail, " --public_key=", public_key_));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("OK 3 events in ", trail,
                                                 " checked against the signed checkpoint of ",
                                                 events_, " events, root ")));
  // Found by an outside tester: a filtered trail with a line dropped read
  // "OK" like a whole one. It must say that it cannot show completeness.
  EXPECT_THAT(run.output,
              HasSubstr(absl::StrCat("the trail is FILTERED: the other ", events_ - 3,
                                     " events of the log are not in it, so it cannot show that "
                                     "none was left out or dropped")));
  Export("--format=jsonl", &run);
  run = Ledgerctl(absl::StrCat("audit --file=", trail, " --public_key=", public_key_));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("; the trail is complete: no event of the log is left out"));
}

TEST_F(ExportCliTest, AuditEventShowsTheEventItProved) {
  const Result run = Ledgerctl(
      absl::StrCat(at_, " audit --public_key=", public_key_, " --event=", proposal_position_));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("event ", proposal_position_, " is in the log")));
  EXPECT_THAT(run.output, HasSubstr("  type:     ProposalSubmitted\n"));
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("  actor:    ", proposal_.actor(), "\n")));
  EXPECT_THAT(run.output,
              HasSubstr(absl::StrCat("  recorded: ", ActDescriber().Describe(proposal_).recorded,
                                     " (Europe/Amsterdam)\n")));
  EXPECT_THAT(run.output, HasSubstr("  what:     gremium cg-a; onderwerp Proposal kpi\n"));
  EXPECT_THAT(run.output, HasSubstr(R"("title":"Proposal kpi")"));
}

}  // namespace
}  // namespace besluitlog::tools
