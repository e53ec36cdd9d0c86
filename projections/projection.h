// A Projection turns the log, applied in global order, into a read model.
// Apply() sees each event once, in order, and stages its changes through the
// ProjectionWriter; the runner commits them with the checkpoint.
//
// Implementations keep no state of their own between calls (everything
// lives in the store), so a projection can be rebuilt or resumed anywhere.
#ifndef BESLUITLOG_PROJECTIONS_PROJECTION_H_
#define BESLUITLOG_PROJECTIONS_PROJECTION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

// Reads and stages versioned entity states of one projection within one
// batch. Not thread-safe; lives for one batch.
class ProjectionWriter {
 public:
  ProjectionWriter(const ProjectionStore* store, std::string projection,
                   rocksdb::WriteBatchWithIndex* batch)
      : store_(store), projection_(std::move(projection)), batch_(batch) {}

  // The latest state, including what this batch staged.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view entity) {
    return store_->GetLatest(projection_, entity, batch_);
  }
  // The entity's state from `version` on (usually the event's position).
  void Put(absl::string_view entity, uint64_t version, const std::string& state) {
    store_->Put(projection_, entity, version, state, batch_);
  }

 private:
  const ProjectionStore* store_;
  const std::string projection_;
  rocksdb::WriteBatchWithIndex* batch_;
};

class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string name() const = 0;
  virtual absl::Status Apply(const v1::Event& event,
                             ProjectionWriter& writer) = 0;
};

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_PROJECTION_H_
