// AggregateCache: the decided state of every body, meeting and proposal
// stream a command has read, kept in memory at a known stream version, so a
// command reads from the log only the events after that version (none, in
// the steady state) instead of the whole stream: its cost does not grow with
// the stream's length.
//
// Guarantees:
//  - An entry's state is always a fold of a prefix of its stream as the log
//    holds it durably: it is built by reading the log (lazily, on a
//    stream's first use) and advanced only by events the log read back, or
//    by the events of an append the log acknowledged as durable
//    (Attempt::Commit). An append that failed leaves the cache untouched.
//  - Before a command decides on an entry, CatchUp folds whatever the log
//    holds beyond the entry's version (events written by another handler on
//    the same log), so the state decided on is the stream's current one.
//
// Locking: each entry has its own reader/writer mutex. A command holds a
// stream's mutex from the moment it reads the stream until its append is
// durable and folded in (Attempt does the locking): shared for a stream it
// only reads, exclusive for one it writes, so what a command read cannot
// change under it, and commands on different streams never wait for each
// other. Entries are never removed (one per governance stream; the governance
// streams of a ledger are few: bodies, meetings and proposals).
//
// Thread-safe.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_AGGREGATE_CACHE_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_AGGREGATE_CACHE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "ledger/event_log.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

// One cached stream. `mu` guards `state` and `loaded` (see the header
// comment for who holds it how).
template <typename State>
struct CachedStream {
  absl::Mutex mu;
  State state;          // At stream version state.version.
  bool loaded = false;  // False until first read from the log.
};

class AggregateCache {
 public:
  // `log` must outlive the cache.
  explicit AggregateCache(const EventLog* log) : log_(log) {}
  AggregateCache(const AggregateCache&) = delete;
  AggregateCache& operator=(const AggregateCache&) = delete;

  // The entry of a stream, created empty (not loaded) on first use; the
  // pointer stays valid for the cache's life.
  CachedStream<BodyState>* Body(const std::string& stream) { return Find(bodies_, stream); }
  CachedStream<MeetingState>* Meeting(const std::string& stream) { return Find(meetings_, stream); }
  CachedStream<ProposalState>* Proposal(const std::string& stream) {
    return Find(proposals_, stream);
  }

  // Whether the log holds events of `stream` beyond `entry`'s version (or
  // the entry was never loaded). Needs `entry->mu` held, shared suffices.
  template <typename State>
  absl::StatusOr<bool> Behind(const std::string& stream, const CachedStream<State>& entry) const;

  // Folds the events of `stream` beyond `entry`'s version into its state.
  // Needs `entry->mu` held exclusively.
  template <typename State>
  absl::Status CatchUp(const std::string& stream, CachedStream<State>* entry);

  // Events read from the log and folded, in total.
  uint64_t events_folded() const { return events_folded_.load(); }

  const EventLog& log() const { return *log_; }

 private:
  template <typename State>
  using Map = absl::flat_hash_map<std::string, std::unique_ptr<CachedStream<State>>>;

  template <typename State>
  CachedStream<State>* Find(Map<State>& map, const std::string& stream) {
    absl::MutexLock lock(&map_mu_);
    std::unique_ptr<CachedStream<State>>& entry = map[stream];
    if (entry == nullptr) entry = std::make_unique<CachedStream<State>>();
    return entry.get();
  }

  const EventLog* const log_;
  absl::Mutex map_mu_;
  Map<BodyState> bodies_ ABSL_GUARDED_BY(map_mu_);
  Map<MeetingState> meetings_ ABSL_GUARDED_BY(map_mu_);
  Map<ProposalState> proposals_ ABSL_GUARDED_BY(map_mu_);
  std::atomic<uint64_t> events_folded_{0};
};

// The state of `stream` folded from its first event, without any cache:
// what a cached state must equal (tests compare the two).
template <typename State>
absl::StatusOr<State> FoldFromScratch(const EventLog& log, const std::string& stream);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_AGGREGATE_CACHE_H_
