#include "ledger/governance/governance_commands.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/attempt.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/dispatcher.h"

namespace besluitlog::ledger::governance {

absl::StatusOr<v1::CommandResult> GovernanceCommands::Execute(
    const v1::GovernanceCommand& command) {
  RETURN_IF_ERROR(RequireMarkedFields(command));  // Malformed: no need to read the ledger.
  return Run(command, command.actor().empty() ? "unknown" : command.actor());
}

absl::StatusOr<v1::CommandResult> GovernanceCommands::ExecuteAs(
    const Caller& caller, const v1::GovernanceCommand& command) {
  // Malformed before forbidden: an empty command is no act anyone may
  // record, whatever the caller's role.
  if (command.command_case() == v1::GovernanceCommand::COMMAND_NOT_SET) {
    return absl::InvalidArgumentError(kNoAct);
  }
  RETURN_IF_ERROR(RequireMarkedFields(command));
  RETURN_IF_ERROR(AuthorizeCommand(caller, command));
  return Run(command, caller.name);
}

absl::StatusOr<v1::CommandResult> GovernanceCommands::Run(const v1::GovernanceCommand& command,
                                                          const std::string& actor) {
  // Streams to lock exclusively from the start: those an earlier attempt
  // wrote but could not lock for writing at once.
  std::set<std::string> exclusive;
  int conflicts = 0;
  for (int waits = 0; waits < kMaxWaits; ++waits) {
    Attempt attempt(cache_, exclusive);
    const absl::Status decided = Dispatch(attempt, *clock_, municipalities_, command);
    if (!attempt.blocked()) {
      RETURN_IF_ERROR(decided);
      const absl::Status locked = attempt.LockWritten();
      if (!attempt.blocked()) {
        if (!locked.ok()) {  // A stream moved on meanwhile: decide again.
          if (++conflicts >= kMaxAttempts) break;
          continue;
        }
        std::vector<v1::StreamAppend> appends = attempt.Appends(actor);
        std::vector<const v1::StreamAppend*> pointers;
        for (const v1::StreamAppend& append : appends) pointers.push_back(&append);
        if (before_append_) before_append_(command);
        absl::StatusOr<std::vector<v1::AppendResult>> written = log_->AppendMulti(pointers);
        if (IsWrongExpectedVersion(written.status())) {
          // Another writer on the log: the next attempt folds in what it
          // wrote before deciding again.
          if (++conflicts >= kMaxAttempts) break;
          continue;
        }
        // Nothing of a failed append reaches the cache.
        if (!written.ok()) return written.status();
        attempt.Commit(*written);
        attempt.Release();
        v1::CommandResult result;
        for (const auto& [stream, event] : attempt.emitted()) {
          *result.add_events() = event;
        }
        for (v1::AppendResult& append : *written) {
          result.set_position(std::max(result.position(), append.last_position()));
          *result.add_appends() = std::move(append);
        }
        return result;
      }
      const std::set<std::string> written = attempt.written();
      exclusive.insert(written.begin(), written.end());
    }
    // A lock held by another command: wait for it holding none, then
    // decide again on what that command left.
    attempt.Release();
    attempt.AwaitBlocked();
  }
  if (conflicts < kMaxAttempts) {
    return absl::AbortedError(absl::StrCat(
        "other commands on the same meeting or proposal kept this one waiting; gave up after ",
        kMaxWaits, " waits without recording anything, try again"));
  }
  return absl::AbortedError(
      absl::StrCat("the streams this command touches kept changing; gave up after ", kMaxAttempts,
                   " attempts without recording anything, try again"));
}

}  // namespace besluitlog::ledger::governance
