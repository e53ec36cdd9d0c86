// GovernanceCommands turns one governance command into events, after
// checking it against the rules of the bodies involved and the current state
// of the streams it touches.
//
// Each command is decided on the state of the streams it reads, as kept by
// the AggregateCache at a known version (aggregate_cache.h): a command reads
// from the log only what came after that version, so its cost does not grow
// with the length of the streams. It is appended with exactly the versions
// read as expected versions, atomically across streams, and folded into the
// cache only once the append is durable.
//
// Concurrency: commands run in parallel. Each holds the streams it reads
// locked until its append is durable (attempt.h): shared for a body it only
// reads, exclusive for meetings, proposals and whatever it writes; so acts
// on different meetings and proposals never wait for each other, acts on
// the same meeting take turns, and what a command only read (the body whose
// membership allows a vote) cannot change before it lands. The governance
// streams are written by nothing else in the server (raw appends to them
// are refused, see AuthorizeRawAppend); should another handler on the same
// log write one anyway, the expected versions refuse the stale append and
// the command is read and decided again, at most kMaxAttempts times.
//
// A refused command appends nothing and returns FAILED_PRECONDITION (a rule
// or the current state forbids it) or INVALID_ARGUMENT (the command is
// malformed), with a message that names the rule.
//
// The rules themselves live one aggregate per file in this folder (bodies,
// meetings, proposals, votes, escalation, ratification, zienswijze,
// working_groups), reached through dispatcher.h; the checks they share are
// in preconditions.h and command_fields.h. This class only runs the
// attempts and appends what they decide.
//
// Thread-safe.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_GOVERNANCE_COMMANDS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_GOVERNANCE_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/access_policy.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/governance/aggregate_cache.h"
#include "ledger/governance/municipalities.h"

namespace besluitlog::ledger::governance {

class GovernanceCommands {
 public:
  // Decisions refused by a stream that moved on (another writer).
  static constexpr int kMaxAttempts = 5;
  // Attempts given up to wait for a lock another command holds; each wait
  // ends when that command has landed, so this bound is never reached in
  // practice.
  static constexpr int kMaxWaits = 100000;

  // `log` and `clock` must outlive this object.
  // `max_idle_streams` bounds the streams the cache keeps while no command
  // holds them (aggregate_cache.h).
  GovernanceCommands(EventLog* log, const Clock* clock,
                     size_t max_idle_streams = AggregateCache::kDefaultMaxIdleStreams)
      : log_(log), clock_(clock), cache_(log, max_idle_streams), municipalities_(log) {}

  // For trusted in-process callers (seeding, tests): the actor is the
  // command's `actor` field.
  [[nodiscard]] absl::StatusOr<v1::CommandResult> Execute(const v1::GovernanceCommand& command);
  // For an authenticated caller: INVALID_ARGUMENT for a command that names
  // no act, whatever the caller's role; PERMISSION_DENIED unless the access
  // policy lets them; the actor recorded is the caller, whatever `actor`
  // says.
  [[nodiscard]] absl::StatusOr<v1::CommandResult> ExecuteAs(const Caller& caller,
                                                            const v1::GovernanceCommand& command);

  // Governance events read from the log and folded into a state, in total:
  // what a command costs in reading.
  uint64_t events_folded() const { return cache_.events_folded(); }

  // Tests only: how many streams the cache holds.
  size_t cached_streams() { return cache_.size(); }

  // Tests only: the cached state of a stream (empty when not cached), to
  // compare with a fold from scratch (FoldFromScratch).
  template <typename State>
  std::optional<State> CachedForTesting(const std::string& stream);

  // Tests only: runs before each append of a decided command, with the
  // command (e.g. to hold one command there while others run). Set before
  // the first Execute.
  void SetBeforeAppendForTesting(std::function<void(const v1::GovernanceCommand&)> hook) {
    before_append_ = std::move(hook);
  }

 private:
  absl::StatusOr<v1::CommandResult> Run(const v1::GovernanceCommand& command,
                                        const std::string& actor);

  EventLog* const log_;
  const Clock* const clock_;
  AggregateCache cache_;
  Municipalities municipalities_;
  std::function<void(const v1::GovernanceCommand&)> before_append_;
};

template <typename State>
std::optional<State> GovernanceCommands::CachedForTesting(const std::string& stream) {
  return cache_.PeekForTesting<State>(stream);
}

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_GOVERNANCE_COMMANDS_H_
