// BatchBuilder: stages the appends of one write group into one RocksDB
// WriteBatch: expected versions, retries of stored event ids, new ids,
// positions, the hash chain and every Merkle node the events complete.
//
// INTERNAL to ledger/ (it holds a rocksdb::WriteBatch): only event_writer.cc
// uses it, on the group's leader thread.
//
// Guarantees:
//  - Each Stage is all or nothing: a write that fails leaves nothing in the
//    batch and no trace in what later writes of the group see.
//  - Later writes of the group see earlier ones (stream versions, event ids)
//    as if they were stored.
//  - Finish adds the head record, so the batch holds events, indexes, Merkle
//    nodes and head together: written at once or not at all.
//
// Thread-safety: not thread-safe; one builder per group, used by the leader
// only. The store, the stream head cache and every staged StreamAppend must
// outlive it.
#ifndef BESLUITLOG_LEDGER_EVENT_BATCH_H_
#define BESLUITLOG_LEDGER_EVENT_BATCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "besluitlog/v1/event.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/uuid.h"
#include "rocksdb/write_batch.h"

namespace besluitlog::ledger {

class EventStore;

class BatchBuilder {
 public:
  // Continues the log from the written head (`head_position`, `head_hash`,
  // `tree`); `stream_heads` caches stream versions written before.
  BatchBuilder(const EventStore& store,
               const absl::flat_hash_map<std::string, uint64_t>& stream_heads,
               uint64_t head_position, std::string head_hash, core::MerkleFrontier tree,
               absl::Time now);

  // Stages one write (one or more appends, all or nothing) and returns its
  // results, or why it was refused.
  absl::StatusOr<std::vector<v1::AppendResult>> Stage(
      absl::Span<const v1::StreamAppend* const> appends);

  // Adds the new head record; false when nothing was staged.
  bool Finish();

  rocksdb::WriteBatch* batch() { return &batch_; }
  uint64_t head_position() const { return next_position_ - 1; }
  const std::string& head_hash() const { return prev_hash_; }
  const core::MerkleFrontier& tree() const { return tree_; }
  // Stream versions this batch changed; the log caches them once written.
  const absl::flat_hash_map<std::string, uint64_t>& stream_versions() const {
    return stream_versions_;
  }

 private:
  struct StagedEvent {
    std::string stream_id;
    uint64_t stream_version;
    // What was sent; it outlives the group (the caller waits for it).
    const v1::ProposedEvent* proposed;
  };
  struct Undo {
    uint64_t next_position;
    std::string prev_hash;
    size_t staged_size;
    core::MerkleFrontier tree;
    std::vector<std::pair<std::string, std::optional<uint64_t>>> streams;
    std::vector<std::string> ids;
  };
  // Where an id already is, and the field in which `sent` differs from what
  // is (or is about to be) stored there; nullptr when it is the same.
  struct Original {
    std::string stream_id;
    uint64_t stream_version;
    const char* difference;
  };

  void Rollback(const Undo& undo);
  absl::StatusOr<uint64_t> StreamVersion(const std::string& stream_id) const;
  // Position of a stored or staged event id, or nullopt.
  absl::StatusOr<std::optional<uint64_t>> EventPosition(const std::string& id_key) const;
  absl::StatusOr<Original> OriginalAt(uint64_t position, const v1::ProposedEvent& sent) const;
  // Returns the original result when every event id of `append` is stored
  // already as exactly this append (same stream, order and contents);
  // nullopt when none is stored. Appends without ids, or with new ones,
  // cost one index look-up per id (a bloom filter, mostly) and nothing else.
  absl::StatusOr<std::optional<v1::AppendResult>> FindRetry(
      const v1::StreamAppend& append, const std::vector<std::optional<UuidBytes>>& ids) const;
  absl::StatusOr<v1::AppendResult> StageOne(const v1::StreamAppend& append, Undo* undo);

  const EventStore& store_;
  const absl::flat_hash_map<std::string, uint64_t>& stream_heads_;
  const uint64_t first_position_;
  uint64_t next_position_;
  std::string prev_hash_;
  core::MerkleFrontier tree_;
  const absl::Time now_;
  google::protobuf::Timestamp recorded_at_;
  rocksdb::WriteBatch batch_;
  absl::flat_hash_map<std::string, uint64_t> stream_versions_;
  absl::flat_hash_map<std::string, uint64_t> event_positions_;
  std::vector<StagedEvent> staged_;  // Indexed by position - first_position_.
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_BATCH_H_
