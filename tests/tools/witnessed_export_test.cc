// `ledgerctl export --policy`: an export made only up to a checkpoint that
// meets the reader's witness policy, every party a real process
// (besluitlogd, three besluitlog-witness processes, ledgerctl): the JSONL's
// checkpoint carries the cosignatures so that `audit --file --policy`
// passes on it, the HTML names the witnesses, an unwitnessed head is left
// out, and no witnessed checkpoint (or a policy of another log) means no
// file at all.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/chromium.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"
#include "tests/tools/witnessed_log_fixture.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Three witnesses, a log asking 2 of them, and a policy of 2 of 3.
struct WitnessedSetup {
  testing::TempDir dir;
  std::string log_key;
  std::vector<RunningWitness> witnesses;
  RunningLog log;
  std::string policy;

  explicit WitnessedSetup(int count = 3, int server_policy = 2, const std::string& quorum = "2") {
    const std::string data = dir.Sub("log");
    log_key = PrepareDataDir(data);
    for (int i = 0; i < count; ++i) {
      witnesses.push_back(StartWitness(dir, std::string(1, static_cast<char>('a' + i)), log_key));
    }
    log = StartLog(data, witnesses, server_policy);
    policy = WritePolicy(dir, log_key, witnesses, quorum);
  }
  bool Ready() const {
    for (const RunningWitness& witness : witnesses) {
      if (witness.port <= 0 || witness.vkey.empty()) return false;
    }
    return !log.address.empty();
  }
  // Waits until the server's head of `size` is witnessed by its policy.
  bool WaitWitnessed(uint64_t size) {
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    while (absl::Now() < deadline) {
      const v1::Checkpoint checkpoint = Collect(log);
      if (checkpoint.tree_size() == size && checkpoint.witnessed_note() == checkpoint.note()) {
        return true;
      }
    }
    return false;
  }
  std::string Run(const std::string& args, int* exit_code) {
    return Ledgerctl(dir, log, args, exit_code);
  }
};

TEST(WitnessedExportTest, AJsonlExportUnderAPolicyCarriesTheCosignaturesAndPassesAuditFile) {
  WitnessedSetup setup;
  ASSERT_TRUE(setup.Ready());
  ASSERT_TRUE(Append(setup.log, "first", 5).ok());
  ASSERT_TRUE(setup.WaitWitnessed(5));
  const std::string trail = setup.dir.Sub("trail.jsonl");
  int exit_code = -1;
  std::string output = setup.Run(
      absl::StrCat("export --format=jsonl --policy=", setup.policy, " --out=", trail), &exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("checkpoint 5 cosigned by w0, w1, w2 (policy: 2 of 3)"));
  output = setup.Run(absl::StrCat("audit --file=", trail, " --policy=", setup.policy), &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("tree size 5: signed by the log; cosigned by w0, w1, w2"));
  EXPECT_THAT(output, HasSubstr("OK 5 events"));

  // The printable page names the witnesses in its Controle box, as a
  // browser shows it.
  const std::string html = setup.dir.Sub("besluitenlijst.html");
  output = setup.Run(absl::StrCat("export --format=html --policy=", setup.policy, " --out=", html),
                     &exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  const std::string dom =
      testing::RunCommand(testing::HeadlessChromium(setup.dir.Sub("chromium"),
                                                    absl::StrCat("--dump-dom file://", html)),
                          &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_THAT(dom, HasSubstr("Medeondertekend door getuigen: w0, w1, w2 (beleid: 2 van 3)"));
  // A picture of the page for a person to look at, when asked for.
  if (const char* shot = std::getenv("BESLUITLOG_EXPORT_SCREENSHOT"); shot != nullptr) {
    testing::RunCommand(testing::HeadlessChromium(
                            setup.dir.Sub("chromium-shot"),
                            absl::StrCat("--hide-scrollbars --window-size=1000,1200 --screenshot=",
                                         shot, " file://", html)),
                        &exit_code);
  }

  // CSV carries no checkpoint: its closing line says it.
  output = setup.Run(absl::StrCat("export --format=csv --policy=", setup.policy,
                                  " --out=", setup.dir.Sub("acts.csv")),
                     &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("checkpoint 5 cosigned by w0, w1, w2"));

  // Without --policy an export is as before: no witness line.
  output =
      setup.Run(absl::StrCat("export --format=csv --out=", setup.dir.Sub("plain.csv")), &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, Not(HasSubstr("cosigned")));
}

TEST(WitnessedExportTest, WithTheWitnessesDownTheExportStopsAtTheWitnessedCheckpoint) {
  WitnessedSetup setup;
  ASSERT_TRUE(setup.Ready());
  ASSERT_TRUE(Append(setup.log, "witnessed", 5).ok());
  ASSERT_TRUE(setup.WaitWitnessed(5));
  for (RunningWitness& witness : setup.witnesses) witness.process->Kill();
  ASSERT_TRUE(Append(setup.log, "not yet", 4).ok());
  const v1::Checkpoint head = Collect(setup.log);
  ASSERT_EQ(head.tree_size(), 9u);
  ASSERT_NE(head.witnessed_note(), head.note());

  const std::string trail = setup.dir.Sub("trail.jsonl");
  int exit_code = -1;
  std::string output = setup.Run(
      absl::StrCat("export --format=jsonl --policy=", setup.policy, " --out=", trail), &exit_code);
  ASSERT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("of 5 events"));
  EXPECT_THAT(output, HasSubstr("checkpoint 5 cosigned by w0, w1, w2"));
  EXPECT_THAT(output, HasSubstr("events 6 to 9 are left out: not yet witnessed"));
  output = setup.Run(absl::StrCat("audit --file=", trail, " --policy=", setup.policy), &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("OK 5 events"));
}

TEST(WitnessedExportTest, NoWitnessedCheckpointMeansNoFile) {
  WitnessedSetup setup(1, 1, "any");
  ASSERT_TRUE(setup.Ready());
  setup.witnesses[0].process->Kill();  // Down from the start.
  ASSERT_TRUE(Append(setup.log, "only", 2).ok());
  ASSERT_TRUE(Collect(setup.log).witnessed_note().empty());
  for (const char* format : {"jsonl", "html", "csv", "votes", "popolo"}) {
    const std::string out = setup.dir.Sub(absl::StrCat("export.", format));
    int exit_code = -1;
    const std::string output = setup.Run(
        absl::StrCat("export --format=", format, " --policy=", setup.policy, " --out=", out),
        &exit_code);
    EXPECT_NE(exit_code, 0) << format;
    EXPECT_THAT(output, HasSubstr("FAILED_PRECONDITION: no checkpoint of this log meets the "
                                  "witness policy"))
        << format;
    EXPECT_THAT(output, HasSubstr("cosigned by no witness of the policy")) << format;
    EXPECT_FALSE(std::filesystem::exists(out)) << format;
  }
}

TEST(WitnessedExportTest, APolicyOfAnotherLogOrAnInvalidPolicyIsRefused) {
  WitnessedSetup setup(1, 1, "any");
  ASSERT_TRUE(setup.Ready());
  ASSERT_TRUE(Append(setup.log, "only", 2).ok());
  ASSERT_TRUE(setup.WaitWitnessed(2));
  // The same witness, but the log key of another log.
  const std::string other_key = PrepareDataDir(setup.dir.Sub("other-log"));
  testing::TempDir other_dir;
  const std::string other_policy = WritePolicy(other_dir, other_key, setup.witnesses, "any");
  const std::string out = setup.dir.Sub("trail.jsonl");
  int exit_code = -1;
  std::string output = setup.Run(
      absl::StrCat("export --format=jsonl --policy=", other_policy, " --out=", out), &exit_code);
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(output, HasSubstr("is not signed by a log key of the policy"));
  EXPECT_FALSE(std::filesystem::exists(out));

  // A policy with a mistake on line 2: named, file and line.
  const std::string broken = setup.dir.Sub("broken.policy");
  std::ofstream(broken) << "log " << setup.log_key << "\nwitness w0\nquorum none\n";
  output = setup.Run(absl::StrCat("export --format=jsonl --policy=", broken, " --out=", out),
                     &exit_code);
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr(absl::StrCat("INVALID_ARGUMENT: ", broken, ": policy line 2")));
  EXPECT_FALSE(std::filesystem::exists(out));
  // An unreadable one.
  output = setup.Run(
      absl::StrCat("export --format=jsonl --policy=", setup.dir.Sub("missing"), " --out=", out),
      &exit_code);
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("INVALID_ARGUMENT: --policy: cannot read"));
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace besluitlog::tools
