// EventWriter: the event log's write path: validation, group commit, the
// WAL sync, and the written and durable heads.
//
// Group commit, in two stages: concurrent callers queue their writes; one
// of them (the leader) turns everything queued into a single WriteBatch
// (event_batch.h) and writes it to the WAL without syncing. Then whoever
// waits for durability first runs one fsync of the WAL (SyncWAL) that
// covers every batch written before it started, while new batches are
// already being written. Replies wait for the sync that covers them.
//
// Guarantees:
//  - No append is reported before a completed SyncWAL covers it (with
//    `sync_writes`); GetStats().synced_position says how far syncs reached.
//  - The durable head (GetHead, WaitForPosition) never passes what a
//    completed sync covers: it is all that readers see.
//  - Once a sync fails, or damage is reported, or the writer is closed,
//    every later append is refused (FAILED_PRECONDITION naming the damage,
//    UNAVAILABLE when closed, the sync's error otherwise); nothing is
//    written for a refused append.
//
// Thread-safety: all public methods are thread-safe. Start runs once,
// before any other call. The store and options must outlive the writer.
#ifndef BESLUITLOG_LEDGER_EVENT_WRITER_H_
#define BESLUITLOG_LEDGER_EVENT_WRITER_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "besluitlog/v1/event.pb.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/event_log_options.h"
#include "ledger/head_check.h"

namespace besluitlog::ledger {

class EventStore;

struct WriteStats {
  uint64_t events_written = 0;
  uint64_t batches_written = 0;
  uint64_t syncs = 0;
  // The highest position a completed fsync of the WAL covers (0 without
  // sync_writes): no append beyond it has been acknowledged.
  uint64_t synced_position = 0;
};

class EventWriter {
 public:
  EventWriter(const EventStore& store, const EventLogOptions& options);
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // Continues from the stored head and its Merkle frontier.
  void Start(const v1::Head& stored, core::MerkleFrontier tree);

  // See EventLog::AppendMulti, AppendEach, WriteEach and AwaitDurable.
  [[nodiscard]] absl::StatusOr<std::vector<v1::AppendResult>> AppendMulti(
      absl::Span<const v1::StreamAppend* const> appends);
  std::vector<absl::StatusOr<v1::AppendResult>> AppendEach(
      absl::Span<const v1::StreamAppend* const> appends);
  std::vector<absl::StatusOr<v1::AppendResult>> WriteEach(
      absl::Span<const v1::StreamAppend* const> appends, uint64_t* durable_after);
  [[nodiscard]] absl::Status AwaitDurable(uint64_t position);

  WriteStats GetStats() const;
  // The durable head: what readers see.
  v1::Head GetHead() const;
  uint64_t WaitForPosition(uint64_t position, absl::Time deadline) const;

  // From now on every append is refused naming `damage`; of several
  // reports the lowest position is kept.
  void ReportDamage(Damage damage);
  std::optional<Damage> damage() const;

  // Wakes all waiters; later appends fail with UNAVAILABLE.
  void Close();

 private:
  struct PendingWrite;

  // Queues `writes` and returns once each has been written (not yet
  // synced), with the written head position then.
  uint64_t Commit(absl::Span<PendingWrite* const> writes);
  // Leader only: turns `writes` into one WriteBatch and writes it.
  void WriteGroup(const std::vector<PendingWrite*>& writes);
  // RESOURCE_EXHAUSTED while free space is below the reserve.
  absl::Status CheckFreeSpace() const;

  const EventStore& store_;
  const EventLogOptions& options_;

  absl::Mutex queue_mu_;
  std::deque<PendingWrite*> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool leader_active_ ABSL_GUARDED_BY(queue_mu_) = false;
  absl::CondVar group_done_;
  // Last written version per stream, so appends need not look it up. Only
  // the current leader touches it (leader_active_ hands it over under
  // queue_mu_), so it needs no lock of its own.
  absl::flat_hash_map<std::string, uint64_t> stream_heads_;
  // The Merkle tree's perfect subtrees as written; leader only, like
  // stream_heads_.
  core::MerkleFrontier written_tree_;

  mutable absl::Mutex head_mu_;
  // Written to the WAL (by the leader), not necessarily synced.
  uint64_t written_position_ ABSL_GUARDED_BY(head_mu_) = 0;
  std::string written_hash_ ABSL_GUARDED_BY(head_mu_);
  // Synced: what readers see.
  uint64_t durable_position_ ABSL_GUARDED_BY(head_mu_) = 0;
  std::string durable_hash_ ABSL_GUARDED_BY(head_mu_);
  std::string written_root_ ABSL_GUARDED_BY(head_mu_);
  std::string durable_root_ ABSL_GUARDED_BY(head_mu_);
  bool sync_in_progress_ ABSL_GUARDED_BY(head_mu_) = false;
  absl::Status sync_status_ ABSL_GUARDED_BY(head_mu_);
  bool closed_ ABSL_GUARDED_BY(head_mu_) = false;
  std::optional<Damage> damage_ ABSL_GUARDED_BY(head_mu_);
  WriteStats stats_ ABSL_GUARDED_BY(head_mu_);
  mutable absl::CondVar head_advanced_;
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_WRITER_H_
