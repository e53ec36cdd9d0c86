#include "ledger/governance/governance_commands.h"

#include <algorithm>
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
  absl::MutexLock lock(&execute_mu_);
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    Attempt state(*log_);
    RETURN_IF_ERROR(Dispatch(state, *clock_, command));
    std::vector<v1::StreamAppend> appends = state.Appends(actor);
    std::vector<const v1::StreamAppend*> pointers;
    for (const v1::StreamAppend& append : appends) pointers.push_back(&append);
    absl::StatusOr<std::vector<v1::AppendResult>> written = log_->AppendMulti(pointers);
    if (IsWrongExpectedVersion(written.status())) continue;  // Re-read.
    if (!written.ok()) return written.status();
    v1::CommandResult result;
    for (const auto& [stream, event] : state.emitted()) {
      *result.add_events() = event;
    }
    for (v1::AppendResult& append : *written) {
      result.set_position(std::max(result.position(), append.last_position()));
      *result.add_appends() = std::move(append);
    }
    return result;
  }
  return absl::AbortedError(
      absl::StrCat("the streams this command touches kept changing; gave up after ", kMaxAttempts,
                   " attempts, try again"));
}

}  // namespace besluitlog::ledger::governance
