// Attempt: one attempt at deciding a governance command. It reads the state
// of each body, meeting or proposal stream on first use from the
// AggregateCache (folding in only what the log holds beyond the cached
// version), locks the stream for the rest of the attempt, remembers the
// version it read, and collects the events the command decides on.
// Appends() turns them into one StreamAppend per stream written, each
// expecting exactly the version read, so the command lands only on the
// state it was decided on; Commit() folds them into the cached states once
// the log has made them durable.
//
// Locks: a stream read is held until the attempt ends: a body shared (every
// vote reads its body, few acts write one), a meeting or proposal
// exclusively (the acts that read one mostly write it), and any stream in
// `exclusive` exclusively. LockWritten() turns the shared lock of a stream
// about to be written into an exclusive one. Locks are taken in whatever
// order the rules read streams, so only the first one waits: when a later
// one is taken, blocked() is set and the attempt must be given up (Release),
// its caller wait for that lock (AwaitBlocked) and decide the command again.
// No attempt waits while holding a lock, so attempts never deadlock.
//
// Invariant: every stream an event is emitted for has been loaded first
// (the rules always look at a stream before writing to it).
//
// Thread-compatible: one attempt is used by one thread; the cache must
// outlive it.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_ATTEMPT_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_ATTEMPT_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/governance/aggregate_cache.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

class Attempt {
 public:
  // `exclusive`: streams to lock exclusively from the start (those an
  // earlier attempt of the same command wrote).
  explicit Attempt(AggregateCache& cache, std::set<std::string> exclusive = {})
      : cache_(cache), exclusive_(std::move(exclusive)) {}
  ~Attempt();

  Attempt(const Attempt&) = delete;
  Attempt& operator=(const Attempt&) = delete;

  // The state of a stream, whether or not it exists yet (exists() says);
  // loaded once per attempt. The pointers stay valid for the attempt. The
  // rules only read them.
  [[nodiscard]] absl::StatusOr<BodyState*> Body(const std::string& id);
  [[nodiscard]] absl::StatusOr<MeetingState*> Meeting(const std::string& id);
  [[nodiscard]] absl::StatusOr<ProposalState*> Proposal(const std::string& id);

  // Records `event` for `stream`, which must have been loaded.
  void Emit(const std::string& stream, v1::GovernanceEvent event);

  // The events emitted, in order, with their streams.
  const std::vector<std::pair<std::string, v1::GovernanceEvent>>& emitted() const {
    return emitted_;
  }
  // The streams written.
  std::set<std::string> written() const;

  // One StreamAppend per stream written, in the order the streams were
  // first written, expecting the version read; events keep their order.
  std::vector<v1::StreamAppend> Appends(const std::string& actor) const;

  // Holds every stream written exclusively. ABORTED when that cannot be
  // done without waiting (then blocked() is set) or when a stream has moved
  // on since it was read (decide again).
  [[nodiscard]] absl::Status LockWritten();

  // Folds the emitted events into the cached states, once `results` (of
  // the append of Appends(), in its order) are durable. A stream whose
  // stored versions are not those folded is re-read from the log on next use.
  void Commit(const std::vector<v1::AppendResult>& results);

  // Whether a lock could not be taken without waiting.
  bool blocked() const { return blocked_.mu != nullptr; }
  // Releases every lock held. Idempotent.
  void Release();
  // After Release(): returns once the lock that could not be taken is free.
  void AwaitBlocked();

 private:
  struct Held {
    absl::Mutex* mu = nullptr;
    bool exclusive = false;
    uint64_t version = 0;               // Read.
    const uint64_t* current = nullptr;  // The cached state's version.
    bool* loaded = nullptr;             // The cache entry's flag.
  };

  template <typename State>
  absl::StatusOr<State*> Load(CachedStream<State>* entry, std::map<std::string, State*>& states,
                              const std::string& stream, bool exclusive);
  // Takes `mu`: waiting when nothing is held yet, else only if free at once
  // (false and blocked() otherwise).
  bool Take(absl::Mutex* mu, bool exclusive);
  absl::Status Blocked(const std::string& stream) const;

  AggregateCache& cache_;
  const std::set<std::string> exclusive_;
  std::map<std::string, BodyState*> bodies_;
  std::map<std::string, MeetingState*> meetings_;
  std::map<std::string, ProposalState*> proposals_;
  std::map<std::string, Held> held_;
  // Cache entries pinned, one per load, unpinned when the attempt ends
  // (after AwaitBlocked, which waits on a pinned entry's mutex).
  std::vector<std::pair<StreamKind, std::string>> pinned_;
  struct {
    absl::Mutex* mu = nullptr;
    bool exclusive = false;
  } blocked_;
  std::vector<std::pair<std::string, v1::GovernanceEvent>> emitted_;
};

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_ATTEMPT_H_
