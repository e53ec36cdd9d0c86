// GovernanceCommands turns one governance command into events, after
// checking it against the rules of the bodies involved and the current state
// of the streams it touches (rebuilt from the log for each attempt).
//
// Each command is decided on the state read at some stream versions and
// appended with exactly those versions as expected versions, atomically
// across streams. When another writer got there first the command is
// re-read and re-decided, at most kMaxAttempts times. A refused command
// appends nothing and returns FAILED_PRECONDITION (a rule or the current
// state forbids it) or INVALID_ARGUMENT (the command is malformed), with a
// message that names the rule.
//
// Streams a command only reads (e.g. the body whose membership allows a
// vote) are not version-checked at append time: the governance streams are
// written by nothing else (raw appends to them are refused, see
// AuthorizeRawAppend), and commands run one at a time.
//
// The rules themselves live one aggregate per file in this folder (bodies,
// meetings, proposals, votes, escalation, ratification, zienswijze,
// working_groups), reached through dispatcher.h; the checks they share are
// in preconditions.h and command_fields.h. This class only runs the
// attempts and appends what they decide.
//
// Thread-safe. Commands executed through one GovernanceCommands run one at a
// time: governance acts arrive at the pace of meetings, and running them in
// turn means they never conflict with each other; the retries are for
// writers that append to the same streams by other paths.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_GOVERNANCE_COMMANDS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_GOVERNANCE_COMMANDS_H_

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/access_policy.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"

namespace besluitlog::ledger::governance {

class GovernanceCommands {
 public:
  static constexpr int kMaxAttempts = 5;

  // `log` and `clock` must outlive this object.
  GovernanceCommands(EventLog* log, const Clock* clock) : log_(log), clock_(clock) {}

  // For trusted in-process callers (seeding, tests): the actor is the
  // command's `actor` field.
  [[nodiscard]] absl::StatusOr<v1::CommandResult> Execute(const v1::GovernanceCommand& command);
  // For an authenticated caller: INVALID_ARGUMENT for a command that names
  // no act, whatever the caller's role; PERMISSION_DENIED unless the access
  // policy lets them; the actor recorded is the caller, whatever `actor`
  // says.
  [[nodiscard]] absl::StatusOr<v1::CommandResult> ExecuteAs(const Caller& caller,
                                                            const v1::GovernanceCommand& command);

 private:
  absl::StatusOr<v1::CommandResult> Run(const v1::GovernanceCommand& command,
                                        const std::string& actor);

  EventLog* const log_;
  const Clock* const clock_;
  absl::Mutex execute_mu_;
};

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_GOVERNANCE_COMMANDS_H_
