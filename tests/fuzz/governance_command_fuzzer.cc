// Every governance command validator: arbitrary commands, authorised or
// not, are decided against a real (growing) ledger and either refused with
// INVALID_ARGUMENT / FAILED_PRECONDITION / PERMISSION_DENIED or recorded;
// nothing else, and never a crash.
//
// The seeds (corpus/governance_command) form one history, run in the order
// of their names by the corpus replay (replay_main.cc), which checks each
// seed's outcome against the one its name gives.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/access_policy.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"

namespace {

struct Ledger {
  Ledger()
      : dir((std::filesystem::temp_directory_path() /
             ("besluitlog-fuzz-" + std::to_string(getpid())))
                .string()) {
    std::filesystem::remove_all(dir);
    besluitlog::ledger::EventLogOptions options;
    options.sync_writes = false;  // Fuzzing decides rules; durability is tested elsewhere.
    options.min_free_disk_bytes = 0;
    log = *besluitlog::ledger::EventLog::Open(dir, options);
    commands =
        std::make_unique<besluitlog::ledger::governance::GovernanceCommands>(log.get(), &clock);
  }
  ~Ledger() {
    commands.reset();
    log.reset();
    std::filesystem::remove_all(dir);
  }
  const std::string dir;
  // 2026-01-20 13:00 in Amsterdam: after the meeting the seeds open, before
  // the deadline of the zienswijze they request.
  besluitlog::ledger::ManualClock clock{absl::FromUnixSeconds(1768910400)};
  std::unique_ptr<besluitlog::ledger::EventLog> log;
  std::unique_ptr<besluitlog::ledger::governance::GovernanceCommands> commands;
};

// The outcome of the last input, as a status code name ("OK",
// "FAILED_PRECONDITION", ...), or "UNPARSED" when it was no command.
std::string last_outcome;

}  // namespace

extern "C" const char* BesluitlogFuzzLastOutcome() { return last_outcome.c_str(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace besluitlog;    // NOLINT: fuzz entry point.
  static Ledger ledger_at_exit;  // Removed with its directory when the run ends.
  Ledger* ledger = &ledger_at_exit;
  v1::GovernanceCommand command;
  last_outcome = "UNPARSED";
  if (size == 0 || !command.ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
  // The first byte picks who asks: trusted, or one of the roles.
  absl::StatusOr<v1::CommandResult> result;
  if (data[0] % 6 == 5) {
    result = ledger->commands->Execute(command);
  } else {
    const ledger::Caller caller{command.actor(), static_cast<ledger::Role>(data[0] % 5)};
    result = ledger->commands->ExecuteAs(caller, command);
  }
  last_outcome = absl::StatusCodeToString(result.status().code());
  switch (result.status().code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kOutOfRange:
      return 0;
    default:
      std::abort();  // An internal error is a bug, whatever the input.
  }
}
