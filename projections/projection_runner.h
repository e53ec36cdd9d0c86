// ProjectionRunner feeds the log to a set of projections: it reads pages of
// events in global order from the lowest checkpoint, applies each event to
// every projection that has not seen it, and commits each projection's
// changes with its new checkpoint in one batch. At the head it waits for new
// appends, so the views follow the log live.
//
// Commits run on a second thread while the next page is applied (at most one
// page in flight); what the page in flight changed is still in memory
// (RecentStates), so applying never reads a stale store. A projection's
// position advances only once its batch is committed.
//
// Thread-safety: Start/Stop from one thread; everything else from any.
#ifndef BESLUITLOG_PROJECTIONS_PROJECTION_RUNNER_H_
#define BESLUITLOG_PROJECTIONS_PROJECTION_RUNNER_H_

#include <cstdint>
#include <memory>
#include <optional>
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
  struct Page {
    std::vector<rocksdb::WriteBatch> batches;
    std::vector<uint64_t> applied;  // Per projection; 0: nothing to commit.
  };

  // Applies one page and hands it to the committer; false when there was
  // nothing to apply.
  absl::StatusOr<bool> Step(uint64_t until);
  // Starts every projection from its stored checkpoint.
  absl::Status LoadCheckpoints();
  absl::Status ClearRequested();
  void Loop();
  void Commit();
  // Waits until no page is in flight; the committer's error, if any.
  absl::Status Drain();

  const ledger::EventLog* const log_;
  ProjectionStore* const store_;
  const std::vector<std::unique_ptr<Projection>> projections_;
  std::vector<RecentStates> recent_;  // Per projection; applying thread only.

  mutable absl::Mutex mu_;
  std::vector<uint64_t> positions_ ABSL_GUARDED_BY(mu_);
  std::vector<bool> rebuild_requested_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  // The next page to apply starts here (per projection): ahead of
  // positions_ while a page is in flight. Applying thread only.
  std::vector<uint64_t> applied_;
  std::optional<Page> in_flight_ ABSL_GUARDED_BY(mu_);
  absl::Status commit_error_ ABSL_GUARDED_BY(mu_);
  bool committer_stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread committer_;
  std::thread thread_;
};

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_PROJECTION_RUNNER_H_
