// ProjectionStore: the RocksDB that holds the projections' state, one column
// family per projection, apart from the event log (it can always be rebuilt
// from the log, so it is written without fsync).
//
// Key layout inside a projection's column family:
//   0x00 "checkpoint"           -> u64 last position applied
//   0x00 "rebuild"              -> RebuildMarker: a rebuild is under way
//   0x00 "rebuild generation"   -> u64 number of the last rebuild started
//   "L" entity                  -> latest state of the entity
//   "V" entity 0x00 u64 position -> state of the entity after `position`
// The state and the checkpoint are written in one batch, so after a crash a
// projection resumes exactly after the last event it applied.
//
// Rebuilds: StartRebuild drops every state and the checkpoint and writes the
// marker in one synced batch, so a rebuild once started is never lost, and
// while the marker exists every state and checkpoint stored comes from the
// rebuild (the marker and the states share the column family, and RocksDB
// recovers it to the synced batch plus a prefix of what followed). The commit
// that reaches the marker's target deletes the marker in the same batch.
//
// Thread-safety: all methods are thread-safe (RocksDB is); callers make sure
// one writer per projection.
#ifndef BESLUITLOG_PROJECTIONS_PROJECTION_STORE_H_
#define BESLUITLOG_PROJECTIONS_PROJECTION_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace besluitlog::projections {

// A rebuild under way, as stored.
struct RebuildMarker {
  uint64_t generation = 0;  // 1 for a projection's first rebuild, and so on.
  absl::Time requested_at;
  uint64_t target = 0;  // The log's head when it was asked for.
};

class ProjectionStore {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<ProjectionStore>> Open(
      const std::string& dir, const std::vector<std::string>& projections);
  ProjectionStore(const ProjectionStore&) = delete;
  ProjectionStore& operator=(const ProjectionStore&) = delete;
  ~ProjectionStore();

  [[nodiscard]] absl::StatusOr<uint64_t> Checkpoint(absl::string_view projection) const;

  // Writes `batch` and the new checkpoint atomically.
  [[nodiscard]] absl::Status Commit(absl::string_view projection, rocksdb::WriteBatch* batch,
                                    uint64_t checkpoint);

  // The entity's state after the last event at or before `position`
  // (0 = latest); nullopt when it did not exist then.
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> GetAsOf(absl::string_view projection,
                                                                   absl::string_view entity,
                                                                   uint64_t position) const;

  // Stages the state of `entity` from `position` on (for as-of reads).
  void PutVersion(absl::string_view projection, absl::string_view entity, uint64_t position,
                  const std::string& state, rocksdb::WriteBatch* batch) const;
  // Stages the latest state of `entity`.
  void PutLatest(absl::string_view projection, absl::string_view entity, const std::string& state,
                 rocksdb::WriteBatch* batch) const;

  // Visits the versions of `entity` from `from` to `to` (inclusive) in
  // order, until `visit` returns false.
  [[nodiscard]] absl::Status ScanVersions(
      absl::string_view projection, absl::string_view entity, uint64_t from, uint64_t to,
      const std::function<bool(uint64_t version, const rocksdb::Slice& state)>& visit) const;

  // Writes `batch`, the new checkpoint and the end of the rebuild under way
  // (its marker is deleted) atomically.
  [[nodiscard]] absl::Status CommitEndOfRebuild(absl::string_view projection,
                                                rocksdb::WriteBatch* batch, uint64_t checkpoint);

  // Removes every state of `projection`, resets its checkpoint to 0 and, if
  // `target` > 0, records a rebuild up to `target` (the next generation),
  // in one synced batch; returns the marker (generation 0 when none was
  // recorded because there is nothing to rebuild).
  [[nodiscard]] absl::StatusOr<RebuildMarker> StartRebuild(absl::string_view projection,
                                                           absl::Time requested_at,
                                                           uint64_t target);

  // The rebuild under way, if any.
  [[nodiscard]] absl::StatusOr<std::optional<RebuildMarker>> PendingRebuild(
      absl::string_view projection) const;

  // Every state and the checkpoint of `projection` (not the rebuild
  // bookkeeping), for tests that compare states.
  [[nodiscard]] absl::StatusOr<std::map<std::string, std::string>> Dump(
      absl::string_view projection) const;

 private:
  ProjectionStore(std::unique_ptr<rocksdb::DB> db,
                  std::map<std::string, rocksdb::ColumnFamilyHandle*> handles,
                  std::vector<rocksdb::ColumnFamilyHandle*> all_handles);
  absl::StatusOr<rocksdb::ColumnFamilyHandle*> Family(absl::string_view projection) const;

  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<rocksdb::ColumnFamilyHandle*> all_handles_;
};

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_PROJECTION_STORE_H_
