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
//
// The parts, each in its own file: the write path (event_writer.h, staging
// in event_batch.h), the read path (event_reader.h), the Merkle store
// (merkle_store.h), the start-up check (head_check.h) and backups
// (event_log_backup.h); RocksDB stays behind the internal event_store.h,
// so no public header names a RocksDB type. Tests reach the storage through
// event_log_test_peer.h.
#ifndef BESLUITLOG_LEDGER_EVENT_LOG_H_
#define BESLUITLOG_LEDGER_EVENT_LOG_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "besluitlog/v1/event.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "ledger/event_log_options.h"
#include "ledger/event_reader.h"
#include "ledger/event_writer.h"
#include "ledger/expected_version.h"
#include "ledger/head_check.h"
#include "ledger/merkle_store.h"

namespace besluitlog::ledger {

class EventStore;

class EventLog {
 public:
  static constexpr size_t kDefaultPageSize = EventReader::kDefaultPageSize;
  static constexpr size_t kMaxPageSize = EventReader::kMaxPageSize;
  static constexpr size_t kMaxPageBytes = EventReader::kMaxPageBytes;

  // Opens (creating if missing) the log in `data_dir`.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<EventLog>> Open(const std::string& data_dir,
                                                                      EventLogOptions options = {});

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  ~EventLog();

  // Appends to one stream. INVALID_ARGUMENT for malformed input,
  // FAILED_PRECONDITION for a wrong expected version, ALREADY_EXISTS for
  // event ids stored before but not as an exact retry.
  [[nodiscard]] absl::StatusOr<v1::AppendResult> Append(const v1::StreamAppend& append);

  // Appends to several streams, all or nothing, in one synced write.
  [[nodiscard]] absl::StatusOr<std::vector<v1::AppendResult>> AppendMulti(
      absl::Span<const v1::StreamAppend* const> appends) {
    return writer_.AppendMulti(appends);
  }

  // Independent appends sharing one synced write: each succeeds or fails on
  // its own. Results are in the order of `appends`.
  std::vector<absl::StatusOr<v1::AppendResult>> AppendEach(
      absl::Span<const v1::StreamAppend* const> appends) {
    return writer_.AppendEach(appends);
  }

  // The first half of AppendEach, for callers that overlap the fsync with
  // other work: writes the appends without waiting for durability and sets
  // `*durable_after` to the position that must be durable before any of the
  // results may be reported. Then call AwaitDurable(*durable_after).
  std::vector<absl::StatusOr<v1::AppendResult>> WriteEach(
      absl::Span<const v1::StreamAppend* const> appends, uint64_t* durable_after) {
    return writer_.WriteEach(appends, durable_after);
  }

  // Returns once everything up to `position` is fsync'd (running the fsync
  // itself when no other caller is). An error means the log can no longer
  // promise durability; it stays in that state until reopened.
  [[nodiscard]] absl::Status AwaitDurable(uint64_t position) {
    return writer_.AwaitDurable(position);
  }

  using Stats = WriteStats;
  Stats GetStats() const { return writer_.GetStats(); }

  // The durable head: what readers see.
  v1::Head GetHead() const { return writer_.GetHead(); }

  // Blocks until the head reaches `position`, `deadline` passes or the log
  // is closed; returns the head position then.
  uint64_t WaitForPosition(uint64_t position, absl::Time deadline) const {
    return writer_.WaitForPosition(position, deadline);
  }

  // Events of one stream. FORWARD from `from_version` (0 = first); BACKWARD
  // from `from_version` (0 = last) down. A stream with no events gives an
  // empty page at version 0.
  [[nodiscard]] absl::StatusOr<StreamPage> ReadStream(absl::string_view stream_id,
                                                      uint64_t from_version, bool backward,
                                                      size_t limit) const {
    return reader_.ReadStream(stream_id, from_version, backward, limit);
  }

  // Appends to `out` up to `limit` events at positions >= from_position that
  // match `filter`, never beyond the committed head.
  [[nodiscard]] absl::StatusOr<AllPage> ReadAll(
      uint64_t from_position, size_t limit, const v1::EventFilter& filter,
      google::protobuf::RepeatedPtrField<v1::Event>* out) const {
    return reader_.ReadAll(from_position, limit, filter, out);
  }

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
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> InclusionProof(uint64_t leaf_index,
                                                                        uint64_t size) const;
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ConsistencyProof(uint64_t old_size,
                                                                          uint64_t new_size) const;
  // Proofs for many leaves of one tree (see MerkleProofBatch).
  using ProofBatch = MerkleProofBatch;
  [[nodiscard]] absl::StatusOr<ProofBatch> InclusionProofs(
      const std::vector<uint64_t>& leaf_indices, uint64_t size) const;
  // For verification of what is on disk: the root from the stored nodes
  // whatever the durable head, and the stored leaf of one position (empty
  // when missing).
  [[nodiscard]] absl::StatusOr<std::string> StoredTreeRoot(uint64_t size) const {
    return merkle_.Root(size);
  }
  std::string StoredLeafHash(uint64_t position) const { return merkle_.LeafHash(position); }

  // Visits stored events in key order from `from_position` with their raw
  // stored key and bytes (storage_layout.h), including any past the
  // recorded head; `visit` returns false to stop. For verification, which
  // must see what is on disk.
  [[nodiscard]] absl::Status ScanStoredEvents(
      uint64_t from_position,
      absl::FunctionRef<bool(absl::string_view key, absl::string_view value)> visit) const {
    return reader_.ScanStoredEvents(from_position, visit);
  }

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
  // Refuses writes from now on, naming `damage`, and records it in the data
  // dir so that a restart refuses them too (until the data dir is restored).
  void ReportDamage(Damage damage);
  std::optional<Damage> damage() const { return writer_.damage(); }

  // The stored subtree hash at (level, index), if any: for checks of the
  // stored tree.
  std::optional<std::string> StoredNode(int level, uint64_t index) const {
    return merkle_.Node(level, index);
  }
  // The same for a walk over every event (MerkleStore::NodesInOrder).
  core::StoredNodes StoredNodesInOrder() const { return merkle_.NodesInOrder(); }

  // Wakes all waiters; later appends fail with UNAVAILABLE.
  void Close() { writer_.Close(); }

 private:
  friend class EventLogTestPeer;

  EventLog(std::unique_ptr<EventStore> store, EventLogOptions options);

  absl::Status LoadHead();
  // OUT_OF_RANGE beyond the durable head.
  absl::Status CheckTreeSize(uint64_t size) const;

  const EventLogOptions options_;
  // Declared before the parts that refer to it, so it outlives them.
  const std::unique_ptr<EventStore> store_;
  EventWriter writer_;
  const EventReader reader_;
  const MerkleStore merkle_;
  HeadCheck head_check_;          // Written by Open only.
  absl::Mutex damage_record_mu_;  // Serialises ReportDamage.
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_LOG_H_
