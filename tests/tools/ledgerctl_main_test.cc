// ledgerctl as a person meets it: help, version and mistyped commands, run as
// the real binary (no server is needed for any of these).
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/shell.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr.
};

Outcome Ledgerctl(const std::string& args) {
  Outcome run;
  run.output =
      testing::RunCommand(absl::StrCat(LEDGERCTL_PATH, " ", args, " 2>&1"), &run.exit_code);
  return run;
}

TEST(LedgerctlTest, AMistypedCommandIsNamedWithTheClosestOne) {
  const Outcome run = Ledgerctl("schedule-meetng --meeting_id=sbo-1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.output, HasSubstr("unknown command \"schedule-meetng\""));
  EXPECT_THAT(run.output, HasSubstr("did you mean \"schedule-meeting\"?"));
  EXPECT_THAT(run.output, Not(HasSubstr("Unknown command line flag")));
}

// A known command with its words missing is not "unknown": what it takes is
// shown, and only its own lines, not the whole usage.
TEST(LedgerctlTest, AKnownCommandWithoutItsWordsSaysWhatItTakes) {
  for (const std::string args : {"show", "show meeting", "show besluiten"}) {
    const Outcome run = Ledgerctl(args);
    EXPECT_EQ(run.exit_code, 2) << args;
    EXPECT_THAT(run.output, HasSubstr("ledgerctl show: wrong number of words after \"show\""))
        << args;
    EXPECT_THAT(run.output, HasSubstr("example: ledgerctl show meeting oro-2026-01")) << args;
    EXPECT_THAT(run.output, Not(HasSubstr("unknown command"))) << args;
    EXPECT_THAT(run.output, Not(HasSubstr("cast-vote"))) << args;
  }
  const Outcome nothing = Ledgerctl("");
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.output, HasSubstr("ledgerctl: which command?"));
  EXPECT_THAT(nothing.output, HasSubstr("export --format"));
}

TEST(LedgerctlTest, AFlagValueBeforeTheCommandIsNotTakenForACommand) {
  // Nothing listens on port 1: the command runs and fails to connect.
  const Outcome run = Ledgerctl("--server 127.0.0.1:1 --limit 5 read --all");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("ledgerctl read: UNAVAILABLE"));
  EXPECT_THAT(run.output, Not(HasSubstr("unknown command")));
}

TEST(LedgerctlTest, HelpOnOneCommandShowsItsFlagsWhicheverWayItIsAsked) {
  for (const std::string args : {"help cast-vote", "cast-vote --help", "cast-vote -h"}) {
    const Outcome run = Ledgerctl(args);
    EXPECT_EQ(run.exit_code, 0) << args;
    EXPECT_THAT(run.output, HasSubstr("--decision_point")) << args;
    EXPECT_THAT(run.output, HasSubstr("--choice")) << args;
    EXPECT_THAT(run.output, Not(HasSubstr("needs a value"))) << args;
  }
  const Outcome token = Ledgerctl("help token");
  EXPECT_EQ(token.exit_code, 0);
  EXPECT_THAT(token.output, HasSubstr("token add NAME --role ROLE"));
}

TEST(LedgerctlTest, HelpAloneListsTheCommands) {
  for (const std::string args : {"help", "-h", "--help"}) {
    const Outcome run = Ledgerctl(args);
    EXPECT_EQ(run.exit_code, 0) << args;
    EXPECT_THAT(run.output, HasSubstr("export")) << args;
    EXPECT_THAT(run.output, HasSubstr("cast-vote")) << args;
  }
}

TEST(LedgerctlTest, VersionPrintsTheVersionNotTheBuildMode) {
  const Outcome run = Ledgerctl("--version");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("ledgerctl (besluitlog) ", BESLUITLOG_VERSION)));
  EXPECT_THAT(run.output, Not(HasSubstr("NDEBUG")));
}

TEST(LedgerctlTest, AnExportWithADateThatIsNotADayIsRefusedBeforeAnythingIsRead) {
  for (const std::string args : {"--from_date 01-01-2026", "--to_date 2026-13-45"}) {
    const Outcome run = Ledgerctl(absl::StrCat("export --format csv ", args));
    EXPECT_EQ(run.exit_code, 1) << args;
    EXPECT_THAT(run.output, HasSubstr("INVALID_ARGUMENT")) << args;
    EXPECT_THAT(run.output, HasSubstr("is not a calendar date of the form YYYY-MM-DD")) << args;
  }
}

}  // namespace
}  // namespace besluitlog::tools
