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
// Rebuild() is durable: it returns once the projection's store has dropped
// the old states and recorded the rebuild (ProjectionStore::StartRebuild), so
// a crash after that resumes the rebuild from its last checkpoint instead of
// keeping the old view; the commit that reaches the head the rebuild was
// asked at ends it.
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
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "projections/projection.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

struct ProjectionProgress {
  std::string name;
  uint64_t position = 0;  // Last position applied.
  bool rebuilding = false;
  // The rebuild under way, else the last one since the runner started
  // (generation 0: none).
  RebuildMarker rebuild;
  // That rebuild was found under way at start, after a restart.
  bool rebuild_resumed_after_restart = false;
};

// One line for people: "up to date", "catching up", or "rebuilding (rebuild
// 2 requested at 2026-11-29 21:00:00 UTC, resumed after a restart): position
// N of T", with the last rebuild named once it is done. `head` is the log's.
std::string DescribeProgress(const ProjectionProgress& progress, uint64_t head);

struct RunnerOptions {
  // Events read and applied per page (one commit per projection per page).
  size_t page_events = 20000;
  // When a rebuild was asked for.
  const ledger::Clock* clock = ledger::SystemClock::Get();
};

class ProjectionRunner {
 public:
  // `log` and `store` must outlive the runner; the store must have a column
  // family for each projection.
  ProjectionRunner(const ledger::EventLog* log, ProjectionStore* store,
                   std::vector<std::unique_ptr<Projection>> projections,
                   RunnerOptions options = {});
  ProjectionRunner(const ProjectionRunner&) = delete;
  ProjectionRunner& operator=(const ProjectionRunner&) = delete;
  ~ProjectionRunner();

  [[nodiscard]] absl::Status Start();
  void Stop();

  // Applies everything up to `until` (0: the head) on the calling thread and
  // returns; for offline rebuilds, replays and tests.
  [[nodiscard]] absl::Status RunUntil(uint64_t until);

  std::vector<ProjectionProgress> Progress() const;

  // Blocks until every projection has applied `position`; false on timeout
  // or once EndWaits() was called.
  bool WaitFor(uint64_t position, absl::Time deadline) const;

  // For a server that is stopping: ends every wait in WaitFor and Rebuild
  // now and from then on (they return at once, as if out of time), so that
  // a read waiting for a position does not hold the stop up. The runner
  // itself keeps applying until Stop().
  void EndWaits();
  bool waits_ended() const;

  // Starts `name` (empty: all) over from position 0; returns once that is
  // recorded durably (while the runner runs; otherwise the next Start or
  // RunUntil carries it out). NOT_FOUND for an unknown name; UNAVAILABLE when
  // the runner stops (or EndWaits() is called) first or cannot record it.
  [[nodiscard]] absl::Status Rebuild(const std::string& name);

  // The last error the runner hit, if it stopped on one.
  absl::Status error() const;

 private:
  struct Page {
    std::vector<rocksdb::WriteBatch> batches;
    std::vector<uint64_t> applied;  // Per projection; 0: nothing to commit.
    // Per projection: the generation of the rebuild this page ends, or 0.
    std::vector<uint64_t> ends_rebuild;
  };
  struct RebuildState {
    RebuildMarker marker;  // generation 0: none since start.
    bool under_way = false;
    bool resumed_after_restart = false;
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
  const RunnerOptions options_;
  std::vector<RecentStates> recent_;  // Per projection; applying thread only.

  mutable absl::Mutex mu_;
  std::vector<uint64_t> positions_ ABSL_GUARDED_BY(mu_);
  std::vector<bool> rebuild_requested_ ABSL_GUARDED_BY(mu_);
  std::vector<RebuildState> rebuilds_ ABSL_GUARDED_BY(mu_);
  bool running_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool waits_ended_ ABSL_GUARDED_BY(mu_) = false;
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
