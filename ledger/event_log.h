// EventLog: the durable, append-only, hash-chained event log on RocksDB.
//
// Guarantees:
//  - Every append is atomic (one RocksDB WriteBatch) and, with
//    `sync_writes` (the default), its WAL is fsync'd before the call returns.
//  - Global positions are gapless and start at 1; stream versions are
//    contiguous per stream and start at 1.
//  - Each event's hash = SHA-256(prev_hash || canonical bytes) chains it to
//    the event before it (see event_hash.h); the head (position, hash) is
//    stored in the same batch as the events.
//  - An RFC 9162 Merkle tree over the events' canonical bytes is kept
//    incrementally: every subtree an append completes is stored in the same
//    batch, so roots and proofs take O(log n) look-ups.
//  - Re-appending events whose ids are all stored already, in the same stream
//    and order and with the same contents, stores nothing and returns the
//    original positions; the same ids with anything else are ALREADY_EXISTS.
//  - Nothing is ever overwritten or deleted.
//  - Open checks the head of a writable log (the last few events' hashes and
//    the Merkle frontier against what is stored) in a bounded number of
//    reads. When that check, or a later one (ReportDamage, e.g. from the
//    scrub in chain_verifier.h), finds stored data that does not match its
//    hashes, every append is refused with FAILED_PRECONDITION naming the
//    position; reads go on.
//
// Group commit, in two stages: concurrent callers queue their writes; one
// of them (the leader) turns everything queued into a single WriteBatch and
// writes it to the WAL without syncing. Then whoever waits for durability
// first runs one fsync of the WAL (SyncWAL) that covers every batch written
// before it started, while new batches are already being written. Readers
// only ever see the durable part of the log: reads, the head and
// subscriptions stop at the durable position.
//
// Thread-safety: all methods are thread-safe. The log must outlive every
// call into it; Close() makes pending waits return and later appends fail.
#ifndef BESLUITLOG_LEDGER_EVENT_LOG_H_
#define BESLUITLOG_LEDGER_EVENT_LOG_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "besluitlog/v1/event.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "ledger/append_validation.h"
#include "ledger/event_log_options.h"
#include "ledger/head_check.h"
#include "ledger/merkle_store.h"
#include "ledger/merkle_tree.h"

namespace besluitlog::ledger {

class EventStore;

// True for the FAILED_PRECONDITION an append gets when a stream is not at
// the expected version: the caller should re-read and decide again.
bool IsWrongExpectedVersion(const absl::Status& status);

struct StreamPage {
  std::vector<v1::Event> events;
  uint64_t stream_version = 0;  // The stream's last version when read.
  bool end_of_stream = true;
  uint64_t next_version = 0;
};

struct AllPage {
  uint64_t next_position = 0;  // First position not yet considered.
  uint64_t head_position = 0;
};

class EventLog {
 public:
  static constexpr size_t kDefaultPageSize = 1000;
  static constexpr size_t kMaxPageSize = 10000;
  // Pages stop growing past this many serialized bytes (at least one event
  // is always returned), so a page fits in a default 4 MiB gRPC message.
  static constexpr size_t kMaxPageBytes = 3 << 20;

  // Opens (creating if missing) the log in `data_dir`.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<EventLog>> Open(
      const std::string& data_dir, EventLogOptions options = {});

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  ~EventLog();

  // Appends to one stream. INVALID_ARGUMENT for malformed input,
  // FAILED_PRECONDITION for a wrong expected version, ALREADY_EXISTS for
  // event ids stored before but not as an exact retry.
  [[nodiscard]] absl::StatusOr<v1::AppendResult> Append(
      const v1::StreamAppend& append);

  // Appends to several streams, all or nothing, in one synced write.
  [[nodiscard]] absl::StatusOr<std::vector<v1::AppendResult>> AppendMulti(
      absl::Span<const v1::StreamAppend* const> appends);

  // Independent appends sharing one synced write: each succeeds or fails on
  // its own. Results are in the order of `appends`.
  std::vector<absl::StatusOr<v1::AppendResult>> AppendEach(
      absl::Span<const v1::StreamAppend* const> appends);

  // The first half of AppendEach, for callers that overlap the fsync with
  // other work: writes the appends without waiting for durability and sets
  // `*durable_after` to the position that must be durable before any of the
  // results may be reported. Then call AwaitDurable(*durable_after).
  std::vector<absl::StatusOr<v1::AppendResult>> WriteEach(
      absl::Span<const v1::StreamAppend* const> appends,
      uint64_t* durable_after);

  // Returns once everything up to `position` is fsync'd (running the fsync
  // itself when no other caller is). An error means the log can no longer
  // promise durability; it stays in that state until reopened.
  [[nodiscard]] absl::Status AwaitDurable(uint64_t position);

  struct Stats {
    uint64_t events_written = 0;
    uint64_t batches_written = 0;
    uint64_t syncs = 0;
    // The highest position a completed fsync of the WAL covers (0 without
    // sync_writes): no append beyond it has been acknowledged.
    uint64_t synced_position = 0;
  };
  Stats GetStats() const;

  v1::Head GetHead() const;

  // The durable head: what readers see.
  // Blocks until the head reaches `position`, `deadline` passes or the log
  // is closed; returns the head position then.
  uint64_t WaitForPosition(uint64_t position, absl::Time deadline) const;

  // Events of one stream. FORWARD from `from_version` (0 = first); BACKWARD
  // from `from_version` (0 = last) down. A stream with no events gives an
  // empty page at version 0.
  [[nodiscard]] absl::StatusOr<StreamPage> ReadStream(
      absl::string_view stream_id, uint64_t from_version, bool backward,
      size_t limit) const;

  // Appends to `out` up to `limit` events at positions >= from_position that
  // match `filter`, never beyond the committed head.
  [[nodiscard]] absl::StatusOr<AllPage> ReadAll(
      uint64_t from_position, size_t limit, const v1::EventFilter& filter,
      google::protobuf::RepeatedPtrField<v1::Event>* out) const;

  // NOT_FOUND beyond the durable head.
  [[nodiscard]] absl::StatusOr<v1::Event> ReadEvent(uint64_t position) const;

  // Writes a consistent copy of the log to `directory` (which must not
  // exist) while appends continue, and returns the head of the copy: what a
  // log opened there will hold. ALREADY_EXISTS when `directory` exists.
  [[nodiscard]] absl::StatusOr<v1::Head> Backup(const std::string& directory) const;

  // The RFC 9162 Merkle tree over the events, from stored subtree hashes;
  // sizes are numbers of events, at most the durable head. OUT_OF_RANGE
  // beyond it, INVALID_ARGUMENT for impossible arguments.
  [[nodiscard]] absl::StatusOr<std::string> TreeRoot(uint64_t size) const;
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> InclusionProof(
      uint64_t leaf_index, uint64_t size) const;
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ConsistencyProof(
      uint64_t old_size, uint64_t new_size) const;
  // Proofs for many leaves of one tree (see MerkleProofBatch).
  using ProofBatch = MerkleProofBatch;
  [[nodiscard]] absl::StatusOr<ProofBatch> InclusionProofs(
      const std::vector<uint64_t>& leaf_indices, uint64_t size) const;
  // For verification of what is on disk: the root from the stored nodes
  // whatever the durable head, and the stored leaf of one position (empty
  // when missing).
  [[nodiscard]] absl::StatusOr<std::string> StoredTreeRoot(uint64_t size) const;
  std::string StoredLeafHash(uint64_t position) const;

  // Visits stored events in key order from `from_position` with their raw
  // stored key and bytes (storage_layout.h), including any past the recorded head; `visit` returns
  // false to stop. For verification, which must see what is on disk.
  [[nodiscard]] absl::Status ScanStoredEvents(
      uint64_t from_position,
      absl::FunctionRef<bool(absl::string_view key, absl::string_view value)> visit) const;

  // The head as recorded in the meta column family (not the in-memory one).
  [[nodiscard]] absl::StatusOr<v1::Head> ReadStoredHead() const;

  // What Open's check of the head found (nothing is checked on a read-only
  // open). Set once by Open.
  using HeadCheck = ledger::HeadCheck;
  static constexpr uint64_t kHeadCheckEvents = ledger::kHeadCheckEvents;
  const HeadCheck& head_check() const { return head_check_; }

  // Stored data that does not match its hashes, as a check found it.
  using Damage = ledger::Damage;
  // Records damage: from now on every append is refused with
  // FAILED_PRECONDITION naming it (reads go on), until the data dir is
  // restored and the server restarted. Of several reports the lowest
  // position is kept.
  void ReportDamage(Damage damage);
  std::optional<Damage> damage() const;

  // The stored subtree hash at (level, index), if any: for checks of the
  // stored tree.
  std::optional<std::string> StoredNode(int level, uint64_t index) const;

  // Wakes all waiters; later appends fail with UNAVAILABLE.
  void Close();

 private:
  // Tests that must damage storage on purpose reach it through the peer.
  friend class EventLogTestPeer;

  struct PendingWrite;
  class BatchBuilder;

  EventLog(std::unique_ptr<EventStore> store, EventLogOptions options);

  absl::Status LoadHead();
  // Queues `writes` and returns once each has been written (not yet
  // synced), with the written head position then.
  uint64_t Commit(absl::Span<PendingWrite* const> writes);
  // Leader only: turns `writes` into one WriteBatch and writes it.
  void WriteGroup(const std::vector<PendingWrite*>& writes);
  // RESOURCE_EXHAUSTED while free space is below the reserve.
  absl::Status CheckFreeSpace() const;
  absl::Status CheckTreeSize(uint64_t size) const;

  const EventLogOptions options_;
  // Declared before the parts that refer to it, so it outlives them.
  const std::unique_ptr<EventStore> store_;
  const MerkleStore merkle_;

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
  MerkleFrontier written_tree_;

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
  HeadCheck head_check_;  // Written by Open only.
  Stats stats_ ABSL_GUARDED_BY(head_mu_);
  mutable absl::CondVar head_advanced_;
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_LOG_H_
