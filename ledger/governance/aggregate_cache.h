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
// other.
//
// Memory: an entry is pinned while an Attempt uses it (Pin/Unpin), and only
// unpinned entries are ever removed, so a stream has at most one entry and
// one mutex at a time. When the last pin goes, an entry whose stream the
// log does not hold (nothing folded: a refused command on an unknown id) is
// dropped at once; the others are kept as idle entries, at most
// `max_idle_streams` of them, dropping the least recently used beyond that.
// A dropped stream is rebuilt from the log on its next use.
//
// Thread-safe.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_AGGREGATE_CACHE_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_AGGREGATE_CACHE_H_

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "ledger/event_log.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

// Which map an idle entry is in (the recency list holds all kinds).
enum class StreamKind { kBody, kMeeting, kProposal };
using IdleList = std::list<std::pair<StreamKind, std::string>>;

// One cached stream. `mu` guards `state` and `loaded` (see the header
// comment for who holds it how); the cache's map mutex guards `pins` and
// `idle`.
template <typename State>
struct CachedStream {
  absl::Mutex mu;
  State state;              // At stream version state.version.
  bool loaded = false;      // False until first read from the log.
  int pins = 0;             // Attempts using the entry; removable only at 0.
  IdleList::iterator idle;  // Its place in the recency list while pins == 0.
};

class AggregateCache {
 public:
  // `log` must outlive the cache.
  static constexpr size_t kDefaultMaxIdleStreams = 100'000;

  explicit AggregateCache(const EventLog* log, size_t max_idle_streams = kDefaultMaxIdleStreams)
      : log_(log), max_idle_(max_idle_streams) {}
  AggregateCache(const AggregateCache&) = delete;
  AggregateCache& operator=(const AggregateCache&) = delete;

  // The entry of a stream, created empty (not loaded) when the cache holds
  // none, and pinned: the pointer stays valid until the matching Unpin.
  CachedStream<BodyState>* PinBody(const std::string& stream) { return Pin<BodyState>(stream); }
  CachedStream<MeetingState>* PinMeeting(const std::string& stream) {
    return Pin<MeetingState>(stream);
  }
  CachedStream<ProposalState>* PinProposal(const std::string& stream) {
    return Pin<ProposalState>(stream);
  }
  // Releases a pin, with no lock on the entry's mutex held. The last pin
  // drops an entry of a stream the log does not hold, and makes the entry
  // idle otherwise (evicting the least recently used idle entries beyond
  // the bound).
  void UnpinBody(const std::string& stream) { Unpin<BodyState>(stream); }
  void UnpinMeeting(const std::string& stream) { Unpin<MeetingState>(stream); }
  void UnpinProposal(const std::string& stream) { Unpin<ProposalState>(stream); }

  // Tests only: a copy of the state cached for `stream`; nullopt when the
  // cache holds no loaded entry for it. Creates no entry.
  template <typename State>
  std::optional<State> PeekForTesting(const std::string& stream);

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

  // How many streams the cache holds.
  size_t size() {
    absl::MutexLock lock(&map_mu_);
    return bodies_.size() + meetings_.size() + proposals_.size();
  }

 private:
  template <typename State>
  using Map = absl::flat_hash_map<std::string, std::unique_ptr<CachedStream<State>>>;

  template <typename State>
  CachedStream<State>* Pin(const std::string& stream) {
    absl::MutexLock lock(&map_mu_);
    std::unique_ptr<CachedStream<State>>& entry = MapOf<State>()[stream];
    if (entry == nullptr) {
      entry = std::make_unique<CachedStream<State>>();
    } else if (entry->pins == 0) {
      idle_.erase(entry->idle);
    }
    ++entry->pins;
    return entry.get();
  }

  template <typename State>
  void Unpin(const std::string& stream) {
    absl::MutexLock lock(&map_mu_);
    Map<State>& map = MapOf<State>();
    auto it = map.find(stream);
    if (it == map.end() || --it->second->pins > 0) return;
    // No attempt holds the entry (pins are taken under map_mu_ before its
    // mutex), so its state can be read here.
    if (!it->second->loaded || !it->second->state.exists()) {
      map.erase(it);
      return;
    }
    it->second->idle = idle_.insert(idle_.begin(), {KindOf<State>(), stream});
    while (idle_.size() > max_idle_) {
      const auto& [kind, oldest] = idle_.back();
      switch (kind) {
        case StreamKind::kBody:
          bodies_.erase(oldest);
          break;
        case StreamKind::kMeeting:
          meetings_.erase(oldest);
          break;
        case StreamKind::kProposal:
          proposals_.erase(oldest);
          break;
      }
      idle_.pop_back();
    }
  }

  template <typename State>
  static constexpr StreamKind KindOf() {
    if constexpr (std::is_same_v<State, BodyState>) {
      return StreamKind::kBody;
    } else if constexpr (std::is_same_v<State, MeetingState>) {
      return StreamKind::kMeeting;
    } else {
      return StreamKind::kProposal;
    }
  }

  template <typename State>
  Map<State>& MapOf() ABSL_EXCLUSIVE_LOCKS_REQUIRED(map_mu_) {
    if constexpr (std::is_same_v<State, BodyState>) {
      return bodies_;
    } else if constexpr (std::is_same_v<State, MeetingState>) {
      return meetings_;
    } else {
      return proposals_;
    }
  }

  const EventLog* const log_;
  const size_t max_idle_;
  absl::Mutex map_mu_;
  Map<BodyState> bodies_ ABSL_GUARDED_BY(map_mu_);
  Map<MeetingState> meetings_ ABSL_GUARDED_BY(map_mu_);
  Map<ProposalState> proposals_ ABSL_GUARDED_BY(map_mu_);
  IdleList idle_ ABSL_GUARDED_BY(map_mu_);  // Unpinned entries, most recent first.
  std::atomic<uint64_t> events_folded_{0};
};

template <typename State>
std::optional<State> AggregateCache::PeekForTesting(const std::string& stream) {
  CachedStream<State>* entry;
  {
    // Pinned, not locked, under map_mu_: entry mutexes come before map_mu_.
    absl::MutexLock lock(&map_mu_);
    Map<State>& map = MapOf<State>();
    auto it = map.find(stream);
    if (it == map.end()) return std::nullopt;
    entry = it->second.get();
    if (entry->pins++ == 0) idle_.erase(entry->idle);
  }
  std::optional<State> state;
  {
    absl::ReaderMutexLock entry_lock(&entry->mu);
    if (entry->loaded) state = entry->state;
  }
  Unpin<State>(stream);
  return state;
}

// The state of `stream` folded from its first event, without any cache:
// what a cached state must equal (tests compare the two).
template <typename State>
absl::StatusOr<State> FoldFromScratch(const EventLog& log, const std::string& stream);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_AGGREGATE_CACHE_H_
