// ChainVerifier walks events in position order and checks the hash chain:
// positions are gapless from 1, each event's prev_hash is the previous
// event's hash, each hash matches the event's canonical bytes, and the
// recorded head names the last event. Given the stored Merkle nodes, it also
// checks every subtree hash the events complete against the stored one. It
// reports the first position where any of this fails. Usable offline
// (VerifyStoredChain on a data dir) and online (feed it what a server
// returned).
//
// ChainScrubber runs the same walk in the background of a server, over and
// over at a bounded rate, and reports damage to the log (which then refuses
// appends; see EventLog::ReportDamage).
//
// Thread-compatible: one verifier per walk. ChainScrubber is thread-safe.
#ifndef BESLUITLOG_LEDGER_CHAIN_VERIFIER_H_
#define BESLUITLOG_LEDGER_CHAIN_VERIFIER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "besluitlog/v1/event.pb.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/event_log.h"

namespace besluitlog::ledger {

struct ChainReport {
  uint64_t event_count = 0;  // Events that verified.
  std::string head_hash;     // Hash of the last event that verified.
  std::string tree_root;     // RFC 9162 root over the events that verified.
  std::optional<uint64_t> first_bad_position;
  std::string problem;  // Empty when the chain verifies.

  bool ok() const { return !first_bad_position.has_value(); }
  // "OK <count> events, head <hex>, tree root <hex>" or
  // "BAD at position N: <problem>".
  std::string Summary() const;
};

class ChainVerifier {
 public:
  ChainVerifier();

  // Also checks each perfect subtree the walk completes (leaves included)
  // against `stored`: a node that differs or is missing breaks the walk at
  // the event that completed it.
  void CheckStoredNodes(core::StoredNodes stored) { stored_nodes_ = std::move(stored); }

  // Feeds the event found at `found_position`; false once the chain broke
  // (later events are then ignored).
  bool Next(uint64_t found_position, const v1::Event& event);
  // Feeds a stored value that could not be decoded.
  bool NextUndecodable(uint64_t found_position);
  // Compares the recorded head with what was walked.
  void Finish(const v1::Head& recorded_head);

  const ChainReport& report() const { return report_; }

 private:
  void Fail(uint64_t position, std::string problem);

  ChainReport report_;
  core::MerkleFrontier tree_;
  core::StoredNodes stored_nodes_;
  std::string canonical_;  // Reused from event to event.
};

// Walks everything stored in `log` (including anything past the recorded
// head) and checks it against the stored head record, then checks the
// stored Merkle tree against the root recomputed from the events, naming
// the first position whose stored leaf differs.
//
// `watch`, when it has a callback, is told how far the walk is: after every
// `every` events and once at the end, with the events verified so far (a
// whole walk takes seconds per million events: a person wants to see it
// move).
struct VerifyWatch {
  std::function<void(uint64_t verified)> on_verified;
  uint64_t every = 65536;
};
[[nodiscard]] absl::StatusOr<ChainReport> VerifyStoredChain(const EventLog& log,
                                                            const VerifyWatch& watch = {});

struct ScrubOptions {
  // Events verified per second at most; 0 (the default here) turns the
  // scrub off. besluitlogd's --scrub_events_per_second sets it.
  uint64_t events_per_second = 0;
  // From the start of one pass to the start of the next (longer when a pass
  // takes longer).
  absl::Duration interval = absl::Hours(1);
  // Where progress and results are written, one line each; may be empty.
  std::function<void(const std::string&)> log;
  // Called (on the scrub's thread) after a pass found damage and reported
  // it to the log; may be empty.
  std::function<void()> on_damage;
};

struct ScrubStatus {
  bool enabled = false;
  uint64_t events_per_second = 0;
  uint64_t passes_completed = 0;
  // The pass under way.
  bool running = false;
  uint64_t pass_head_position = 0;  // The head the pass verifies up to.
  uint64_t pass_verified = 0;       // Events verified so far.
  absl::Time pass_started_at = absl::InfinitePast();
  // The last completed pass.
  std::optional<ChainReport> last_report;
  uint64_t last_head_position = 0;
  absl::Time last_finished_at = absl::InfinitePast();
};

// Re-verifies the whole stored chain and Merkle tree of a serving log, one
// pass after another: each pass walks positions 1..head (the durable head
// when it began) with VerifyStoredChain's checks, at most
// `events_per_second`, then compares the head's hash and tree root. Damage
// is reported to the log (appends are refused from then on) and written to
// the log function.
class ChainScrubber {
 public:
  // `log` must outlive the scrubber.
  ChainScrubber(EventLog* log, ScrubOptions options);
  ChainScrubber(const ChainScrubber&) = delete;
  ChainScrubber& operator=(const ChainScrubber&) = delete;
  ~ChainScrubber();

  // Starts the background passes (the first at once). No-op when disabled.
  void Start();
  // Ends the pass under way (without a result) and joins. Idempotent.
  void Stop();

  ScrubStatus status() const;

 private:
  void Run();
  // One pass to the current head; nullopt when stopped before its end.
  std::optional<ChainReport> Pass();
  // Waits until `until` or Stop(); false when stopping.
  bool WaitUntil(absl::Time until);
  void Log(const std::string& line) const;

  EventLog* const log_;
  const ScrubOptions options_;
  std::thread thread_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  ScrubStatus status_ ABSL_GUARDED_BY(mu_);
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_CHAIN_VERIFIER_H_
