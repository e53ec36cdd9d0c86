// ProjectionRunner feeds the log to a set of projections on one thread: it
// reads pages of events in global order from the lowest checkpoint, applies
// each event to every projection that has not seen it, and commits each
// projection's changes with its new checkpoint in one batch. At the head it
// waits for new appends, so the views follow the log live.
//
// Thread-safety: Start/Stop from one thread; everything else from any.
#ifndef BESLUITLOG_PROJECTIONS_PROJECTION_RUNNER_H_
#define BESLUITLOG_PROJECTIONS_PROJECTION_RUNNER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ledger/event_log.h"
#include "projections/projection.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

struct ProjectionProgress {
  std::string name;
  uint64_t position = 0;  // Last position applied.
};

class ProjectionRunner {
 public:
  // `log` and `store` must outlive the runner; the store must have a column
  // family for each projection.
  ProjectionRunner(const ledger::EventLog* log, ProjectionStore* store,
                   std::vector<std::unique_ptr<Projection>> projections);
  ProjectionRunner(const ProjectionRunner&) = delete;
  ProjectionRunner& operator=(const ProjectionRunner&) = delete;
  ~ProjectionRunner();

  [[nodiscard]] absl::Status Start();
  void Stop();

  // Applies everything up to `until` (0: the head) on the calling thread and
  // returns; for offline rebuilds, replays and tests.
  [[nodiscard]] absl::Status RunUntil(uint64_t until);

  std::vector<ProjectionProgress> Progress() const;

  // Blocks until every projection has applied `position`; false on timeout.
  bool WaitFor(uint64_t position, absl::Time deadline) const;

  // Asks the runner to start `name` (empty: all) over from position 0.
  // NOT_FOUND for an unknown name.
  [[nodiscard]] absl::Status Rebuild(const std::string& name);

  // The last error the runner hit, if it stopped on one.
  absl::Status error() const;

 private:
  // Applies one page; false when there was nothing to apply.
  absl::StatusOr<bool> Step(uint64_t until);
  absl::Status ClearRequested();
  void Loop();

  const ledger::EventLog* const log_;
  ProjectionStore* const store_;
  const std::vector<std::unique_ptr<Projection>> projections_;

  mutable absl::Mutex mu_;
  std::vector<uint64_t> positions_ ABSL_GUARDED_BY(mu_);
  std::vector<bool> rebuild_requested_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_PROJECTION_RUNNER_H_
