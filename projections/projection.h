// A Projection turns the log, applied in global order, into a read model.
// Apply() sees each event once, in order, and stages its changes through the
// ProjectionWriter; the runner commits them with the checkpoint.
//
// Implementations keep no state of their own between batches (everything
// lives in the store), so a projection can be rebuilt or resumed anywhere.
#ifndef BESLUITLOG_PROJECTIONS_PROJECTION_H_
#define BESLUITLOG_PROJECTIONS_PROJECTION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

// Entity states a projection changed recently, kept in memory: the batch
// being built and the one before it (which may still be being committed, so
// the store cannot be asked for what it changed).
struct RecentStates {
  absl::flat_hash_map<std::string, std::string> current;
  absl::flat_hash_map<std::string, std::string> previous;

  // Starts a new batch: this batch's states become the previous ones.
  void Rotate() {
    previous = std::move(current);
    current.clear();
  }
  void Clear() {
    current.clear();
    previous.clear();
  }
};

// Reads and stages versioned entity states of one projection within one
// batch. Reads see this batch's and the previous batch's changes first,
// then the store; Finish() stages the latest state of every entity this
// batch changed. Not thread-safe; lives for one batch.
class ProjectionWriter {
 public:
  ProjectionWriter(const ProjectionStore* store, std::string projection, rocksdb::WriteBatch* batch,
                   RecentStates* recent)
      : store_(store), projection_(std::move(projection)), batch_(batch), recent_(recent) {}

  // The latest state, including what this batch staged.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view entity) {
    const std::string key(entity);
    if (auto it = recent_->current.find(key); it != recent_->current.end()) {
      return std::optional<std::string>(it->second);
    }
    if (auto it = recent_->previous.find(key); it != recent_->previous.end()) {
      return std::optional<std::string>(it->second);
    }
    return store_->GetAsOf(projection_, entity, 0);
  }
  // The entity's state from `version` on (usually the event's position).
  void Put(absl::string_view entity, uint64_t version, const std::string& state) {
    store_->PutVersion(projection_, entity, version, state, batch_);
    recent_->current[std::string(entity)] = state;
  }
  // Stages the latest state of every entity this batch changed.
  void Finish() {
    for (const auto& [entity, state] : recent_->current) {
      store_->PutLatest(projection_, entity, state, batch_);
    }
  }

 private:
  const ProjectionStore* store_;
  const std::string projection_;
  rocksdb::WriteBatch* batch_;
  RecentStates* recent_;
};

class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string name() const = 0;
  virtual absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) = 0;
  // Called once after the last Apply of a batch, before it is committed,
  // for projections that stage some writes once per batch.
  virtual absl::Status EndOfBatch(ProjectionWriter& /*writer*/) { return absl::OkStatus(); }
};

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_PROJECTION_H_
