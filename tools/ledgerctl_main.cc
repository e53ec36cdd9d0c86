// ledgerctl: the command line for the besluitlog ledger — a table of
// subcommands, one group file each under tools/ledgerctl/ (log, governance,
// views, audit, export, admin) with its flags, usage lines and examples.
//
//   ledgerctl <command> [operands] [flags]   see the usage text below
//   ledgerctl <act> --field=value ...        one governance act (governance_cli.h)
//
// The server comes from --server, else $BESLUITLOG_SERVER, else
// 127.0.0.1:50051. Exit codes: 0 success, 1 failure, 2 usage.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/closest_name.h"
#include "tools/governance_cli.h"
#include "tools/ledgerctl/admin_commands.h"
#include "tools/ledgerctl/audit_commands.h"
#include "tools/ledgerctl/command.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/export_commands.h"
#include "tools/ledgerctl/governance_commands.h"
#include "tools/ledgerctl/log_commands.h"
#include "tools/ledgerctl/publish_commands.h"
#include "tools/ledgerctl/views_commands.h"

namespace besluitlog::tools::ledgerctl {
namespace {

// In the order of the usage text.
const Command* const kCommands[] = {
    &kAppendCommand,  &kReadCommand,    &kTailCommand,     &kHeadCommand,
    &kStatusCommand,  &kVerifyCommand,  &kInitCommand,     &kAuditCommand,
    &kReplayCommand,  &kExportCommand,  &kShowCommand,     &kProjectionsCommand,
    &kBackupCommand,  &kRestoreCommand, &kTokenAddCommand, &kCertAddCommand,
    &kPublishCommand,  // The static decision site.
};

std::string Usage() {
  std::string usage = "ledgerctl COMMAND [flags]   (`ledgerctl help COMMAND` shows one)\n";
  for (const Command* command : kCommands) absl::StrAppend(&usage, command->usage);
  absl::StrAppend(
      &usage,
      "connection: --server, --token | --token_file, --tls_ca [--tls_cert --tls_key], or\n"
      "  $BESLUITLOG_SERVER, $BESLUITLOG_TOKEN | $BESLUITLOG_TOKEN_FILE, $BESLUITLOG_TLS_CA, ...\n"
      "governance acts (one per command; recorded in the name of the caller's token):\n",
      GovernanceActUsage());
  return usage;
}

// Whether `arg` is a connection flag: 0 not one; 1 "--flag=value"; 2
// "--flag" with its value in the next argument.
int ConnectionFlagForm(absl::string_view arg) {
  for (absl::string_view name : kConnectionFlags) {
    if (arg == name) return 2;
    if (absl::StartsWith(arg, absl::StrCat(name, "="))) return 1;
  }
  return 0;
}

// The one place where arguments are split by hand. A governance act takes
// its own --field flags, which absl's parser does not know; only the
// connection flags go to absl. Returns false when the first word is not an
// act; otherwise runs it and sets the exit code.
bool RunIfGovernanceAct(int argc, char** argv, int* exit_code) {
  for (int i = 1; i < argc; ++i) {
    if (ConnectionFlagForm(argv[i]) == 2) {
      ++i;  // Its value.
      continue;
    }
    if (argv[i][0] == '-') continue;
    if (!IsGovernanceAct(argv[i])) return false;
    std::vector<std::string> flags;
    std::vector<char*> common = {argv[0]};
    for (int j = 1; j < argc; ++j) {
      if (j == i) continue;
      const int kind = ConnectionFlagForm(argv[j]);
      if (kind > 0) {
        common.push_back(argv[j]);
        if (kind == 2 && j + 1 < argc) common.push_back(argv[++j]);
      } else {
        flags.push_back(argv[j]);
      }
    }
    absl::ParseCommandLine(static_cast<int>(common.size()), common.data());
    absl::Status status = LoadClientOptions();
    if (status.ok()) status = RunGovernanceAct(argv[i], flags);
    *exit_code = 0;
    if (!status.ok()) {
      std::fprintf(stderr, "ledgerctl %s: %s\n", argv[i], status.ToString().c_str());
      *exit_code = status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
    }
    return true;
  }
  return false;
}

// "token" of "token add".
std::string FirstWord(absl::string_view name) {
  return std::string(name.substr(0, name.find(' ')));
}

// The flags of ledgerctl's groups whose help names `command` before its
// colon ("show, replay: ..."), one line each with its default, sorted.
std::string CommandFlagsHelp(absl::string_view command) {
  std::vector<std::string> lines;
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    if (!absl::StrContains(flag->Filename(), "tools/ledgerctl")) continue;
    const std::string help = flag->Help();
    const size_t colon = help.find(':');
    if (colon == std::string::npos) continue;
    bool names_it = false;
    for (absl::string_view word :
         absl::StrSplit(absl::string_view(help).substr(0, colon), absl::ByAnyChar(" ,/"))) {
      names_it = names_it || word == command;
    }
    if (!names_it) continue;
    const std::string value = flag->DefaultValue();
    lines.push_back(absl::StrCat("  --", std::string(name),
                                 value.empty() ? "" : absl::StrCat(" (default ", value, ")"),
                                 "\n      ", help, "\n"));
  }
  std::sort(lines.begin(), lines.end());
  if (lines.empty()) return "";
  return absl::StrCat("flags:\n", absl::StrJoin(lines, ""));
}

// What a person asks of the CLI itself, before any flag is parsed: the
// version, help (on everything or on one command or act), or a command that
// does not exist (named, with the closest one). Returns the exit code when it
// answered; nullopt when the arguments are for a command.
std::optional<int> RunIfHelpVersionOrUnknown(int argc, char** argv) {
  std::vector<std::string> words;  // The arguments that are not flags or their values.
  bool help = false;
  // The first word may be the value of a flag written "--flag value" before
  // the command; such a word is not judged as a command (absl finds out).
  bool first_word_may_be_a_value = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--version") {
      std::printf("ledgerctl (besluitlog) %s\n", BESLUITLOG_VERSION);
      return 0;
    }
    if (arg == "-h" || arg == "--help" || arg == "-help") {
      help = true;
    } else if (ConnectionFlagForm(arg) == 2) {
      ++i;  // Its value.
    } else if (!arg.empty() && arg[0] != '-') {
      words.push_back(arg);
    } else if (words.empty() && arg.find('=') == std::string::npos) {
      first_word_may_be_a_value = true;
    }
  }
  if (!words.empty() && words[0] == "help") {
    help = true;
    words.erase(words.begin());
  }
  std::vector<std::string> known = GovernanceActNames();
  for (const Command* command : kCommands) {
    known.push_back(FirstWord(command->name));
  }
  if (!words.empty() && !first_word_may_be_a_value &&
      std::find(known.begin(), known.end(), words[0]) == known.end()) {
    const std::optional<std::string> closest = ClosestName(words[0], known);
    std::fprintf(
        stderr, "ledgerctl: unknown command \"%s\"%s; `ledgerctl help` lists the commands\n",
        words[0].c_str(),
        closest.has_value() ? absl::StrCat(" (did you mean \"", *closest, "\"?)").c_str() : "");
    return 2;
  }
  if (!help) return std::nullopt;
  if (words.empty()) {
    std::printf("%s", Usage().c_str());
    return 0;
  }
  if (IsGovernanceAct(words[0])) {
    std::printf("%s", GovernanceActHelp(words[0]).c_str());
    return 0;
  }
  std::string lines;
  for (const Command* command : kCommands) {
    if (FirstWord(command->name) == words[0]) {
      absl::StrAppend(&lines, command->usage);
    }
  }
  std::printf("ledgerctl %s\n%s%s", words[0].c_str(), lines.c_str(),
              CommandFlagsHelp(words[0]).c_str());
  return 0;
}

// The command whose name starts `args` (after the program) and that takes
// the words left, which go to `operands`; null when none does.
const Command* Find(const std::vector<std::string>& args, Operands* operands) {
  for (const Command* command : kCommands) {
    const std::vector<std::string> words = absl::StrSplit(command->name, ' ');
    if (args.size() < 1 + words.size() ||
        !std::equal(words.begin(), words.end(), args.begin() + 1)) {
      continue;
    }
    const int left = static_cast<int>(args.size() - 1 - words.size());
    if (command->operands >= 0 && command->operands != left) continue;
    operands->assign(args.begin() + 1 + words.size(), args.end());
    return command;
  }
  return nullptr;
}

int Dispatch(const std::vector<std::string>& args) {
  const std::string name = args.size() >= 2 ? args[1] : "";
  absl::Status status = LoadClientOptions();
  if (status.ok()) {
    Operands operands;
    const Command* command = Find(args, &operands);
    if (args.size() < 2) {
      std::fprintf(stderr, "ledgerctl: which command?\n%s\n",
                   std::string(absl::ProgramUsageMessage()).c_str());
      return 2;
    }
    if (command == nullptr) {
      // A known command with too few or too many words: say so, with that
      // command's lines only, not the whole usage.
      std::string lines;
      for (const Command* c : kCommands) {
        if (FirstWord(c->name) == name) absl::StrAppend(&lines, c->usage);
      }
      if (!lines.empty()) {
        std::fprintf(stderr,
                     "ledgerctl %s: wrong number of words after \"%s\"; it takes:\n%s"
                     "(`ledgerctl help %s` shows its flags)\n",
                     name.c_str(), name.c_str(), lines.c_str(), name.c_str());
        return 2;
      }
      std::fprintf(stderr, "ledgerctl: unknown command \"%s\"\n%s\n", name.c_str(),
                   std::string(absl::ProgramUsageMessage()).c_str());
      return 2;
    }
    status = command->run(operands);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "ledgerctl %s: %s\n", name.c_str(), status.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace besluitlog::tools::ledgerctl

int main(int argc, char** argv) {
  using namespace besluitlog::tools::ledgerctl;  // NOLINT: main only.
  if (std::optional<int> exit_code = RunIfHelpVersionOrUnknown(argc, argv)) return *exit_code;
  if (int exit_code; RunIfGovernanceAct(argc, argv, &exit_code)) return exit_code;
  absl::SetProgramUsageMessage(Usage());
  // --help lists the flags of every group file, not only of this one.
  absl::FlagsUsageConfig config;
  config.contains_help_flags = config.contains_helpshort_flags = [](absl::string_view file) {
    return absl::StrContains(file, "tools/ledgerctl");
  };
  absl::SetFlagsUsageConfig(config);
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  return Dispatch(std::vector<std::string>(args.begin(), args.end()));
}
