#include "projections/projection_runner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::projections {

std::string DescribeProgress(const ProjectionProgress& p, uint64_t head) {
  std::string rebuild;
  if (p.rebuild.generation != 0) {
    rebuild = absl::StrCat(
        "rebuild ", p.rebuild.generation, " requested at ",
        absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", p.rebuild.requested_at, absl::UTCTimeZone()),
        p.rebuild_resumed_after_restart ? ", resumed after a restart" : "");
  }
  if (p.rebuilding) {
    return rebuild.empty() ? std::string("rebuilding (requested, about to start)")
                           : absl::StrCat("rebuilding (", rebuild, "): position ", p.position,
                                          " of ", p.rebuild.target);
  }
  return absl::StrCat(p.position >= head ? "up to date" : "catching up",
                      rebuild.empty() ? "" : absl::StrCat(" (", rebuild, ", done)"));
}
namespace {

// How often an idle runner looks for a stop or rebuild request.
constexpr absl::Duration kIdlePoll = absl::Milliseconds(100);
// How long Rebuild() waits for the runner to record the request.
constexpr absl::Duration kRecordRebuildTimeout = absl::Seconds(30);

}  // namespace

ProjectionRunner::ProjectionRunner(const ledger::EventLog* log, ProjectionStore* store,
                                   std::vector<std::unique_ptr<Projection>> projections,
                                   RunnerOptions options)
    : log_(log),
      store_(store),
      projections_(std::move(projections)),
      options_(options),
      recent_(projections_.size()),
      applied_(projections_.size(), 0) {
  {
    absl::MutexLock lock(&mu_);
    positions_.assign(projections_.size(), 0);
    rebuild_requested_.assign(projections_.size(), false);
    rebuilds_.assign(projections_.size(), RebuildState());
  }
  committer_ = std::thread([this] { Commit(); });
}

ProjectionRunner::~ProjectionRunner() {
  Stop();
  {
    absl::MutexLock lock(&mu_);
    committer_stopping_ = true;  // It commits what is in flight first.
  }
  committer_.join();
}

void ProjectionRunner::Commit() {
  while (true) {
    Page page;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](ProjectionRunner* r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r->mu_) {
            return r->in_flight_.has_value() || r->committer_stopping_;
          },
          this));
      if (!in_flight_.has_value()) return;
      page = std::move(*in_flight_);
    }
    absl::Status status;
    std::vector<bool> committed(projections_.size(), false);
    for (size_t i = 0; i < projections_.size() && status.ok(); ++i) {
      if (page.applied[i] == 0) continue;
      status = page.ends_rebuild[i] != 0
                   ? store_->CommitEndOfRebuild(projections_[i]->name(), &page.batches[i],
                                                page.applied[i])
                   : store_->Commit(projections_[i]->name(), &page.batches[i], page.applied[i]);
      committed[i] = status.ok();
    }
    absl::MutexLock lock(&mu_);
    for (size_t i = 0; i < projections_.size(); ++i) {
      // A rebuild requested meanwhile wins: its clear comes next.
      if (committed[i] && !rebuild_requested_[i]) positions_[i] = page.applied[i];
      if (committed[i] && page.ends_rebuild[i] == rebuilds_[i].marker.generation) {
        rebuilds_[i].under_way = false;
      }
    }
    if (!status.ok()) commit_error_ = status;
    in_flight_.reset();
  }
}

absl::Status ProjectionRunner::Drain() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](ProjectionRunner* r)
           ABSL_EXCLUSIVE_LOCKS_REQUIRED(r->mu_) { return !r->in_flight_.has_value(); },
      this));
  absl::Status error = commit_error_;
  commit_error_ = absl::OkStatus();
  return error;
}

absl::Status ProjectionRunner::LoadCheckpoints() {
  for (size_t i = 0; i < projections_.size(); ++i) {
    ASSIGN_OR_RETURN(uint64_t checkpoint, store_->Checkpoint(projections_[i]->name()));
    // A rebuild found under way was interrupted (a crash or a stop): the
    // states stored are the rebuild's, so it goes on from its checkpoint.
    ASSIGN_OR_RETURN(std::optional<RebuildMarker> pending,
                     store_->PendingRebuild(projections_[i]->name()));
    applied_[i] = checkpoint;
    recent_[i].Clear();
    absl::MutexLock lock(&mu_);
    positions_[i] = checkpoint;
    if (pending.has_value()) {
      rebuilds_[i] = {.marker = *pending, .under_way = true, .resumed_after_restart = true};
    }
  }
  return absl::OkStatus();
}

absl::Status ProjectionRunner::Start() {
  RETURN_IF_ERROR(LoadCheckpoints());
  {
    absl::MutexLock lock(&mu_);
    running_ = true;
  }
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void ProjectionRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    running_ = false;
  }
  if (thread_.joinable()) thread_.join();
}

absl::Status ProjectionRunner::RunUntil(uint64_t until) {
  RETURN_IF_ERROR(LoadCheckpoints());
  RETURN_IF_ERROR(ClearRequested());
  while (true) {
    absl::StatusOr<bool> applied = Step(until);
    if (!applied.ok() || !*applied) {
      absl::Status drained = Drain();
      if (!applied.ok()) return applied.status();
      return drained;
    }
  }
}

void ProjectionRunner::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    absl::Status cleared = ClearRequested();
    absl::StatusOr<bool> applied = cleared.ok() ? Step(/*until=*/0) : absl::StatusOr<bool>(cleared);
    if (!applied.ok()) {
      absl::MutexLock lock(&mu_);
      error_ = applied.status();
      // Retry later: a full disk or a damaged event must not spin.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1));
      continue;
    }
    if (!*applied) {
      if (absl::Status drained = Drain(); !drained.ok()) {
        absl::MutexLock lock(&mu_);
        error_ = drained;
      }
      const uint64_t next = *std::min_element(applied_.begin(), applied_.end()) + 1;
      log_->WaitForPosition(next, absl::Now() + kIdlePoll);
    }
  }
}

absl::Status ProjectionRunner::ClearRequested() {
  for (size_t i = 0; i < projections_.size(); ++i) {
    {
      absl::MutexLock lock(&mu_);
      if (!rebuild_requested_[i]) continue;
    }
    // No page of the old states may be committed after the clear.
    RETURN_IF_ERROR(Drain());
    ASSIGN_OR_RETURN(RebuildMarker marker,
                     store_->StartRebuild(projections_[i]->name(), options_.clock->Now(),
                                          log_->GetHead().position()));
    recent_[i].Clear();
    applied_[i] = 0;
    absl::MutexLock lock(&mu_);
    rebuild_requested_[i] = false;
    positions_[i] = 0;
    rebuilds_[i] = {.marker = marker, .under_way = marker.generation != 0};
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> ProjectionRunner::Step(uint64_t until) {
  const std::vector<uint64_t> positions = applied_;
  const uint64_t from = *std::min_element(positions.begin(), positions.end()) + 1;
  const uint64_t head = log_->GetHead().position();
  const uint64_t last = until == 0 ? head : std::min(until, head);
  if (from > last) return false;

  google::protobuf::RepeatedPtrField<v1::Event> events;
  RETURN_IF_ERROR(log_->ReadAll(from, std::min<uint64_t>(options_.page_events, last - from + 1),
                                v1::EventFilter(), &events)
                      .status());
  if (events.empty()) return false;
  // The page before last must be in the store before this one reads it;
  // the last one is still in memory (RecentStates::previous).
  RETURN_IF_ERROR(Drain());
  std::vector<RebuildState> rebuilds;
  {
    absl::MutexLock lock(&mu_);
    rebuilds = rebuilds_;
  }
  Page page;
  page.batches.resize(projections_.size());
  page.applied.assign(projections_.size(), 0);
  page.ends_rebuild.assign(projections_.size(), 0);
  std::vector<std::unique_ptr<ProjectionWriter>> writers;
  for (size_t i = 0; i < projections_.size(); ++i) {
    recent_[i].Rotate();
    writers.push_back(std::make_unique<ProjectionWriter>(store_, projections_[i]->name(),
                                                         &page.batches[i], &recent_[i]));
  }
  // Event by event, every projection in turn: an event decoded by one
  // projection is still warm for the next.
  for (const v1::Event& event : events) {
    for (size_t i = 0; i < projections_.size(); ++i) {
      if (event.global_position() <= positions[i]) continue;
      absl::Status status = projections_[i]->Apply(event, *writers[i]);
      if (!status.ok()) {
        return absl::Status(status.code(),
                            absl::StrCat("projection ", projections_[i]->name(), " at position ",
                                         event.global_position(), ": ", status.message()));
      }
      page.applied[i] = event.global_position();
    }
  }
  for (size_t i = 0; i < projections_.size(); ++i) {
    if (page.applied[i] == 0) continue;
    RETURN_IF_ERROR(projections_[i]->EndOfBatch(*writers[i]));
    writers[i]->Finish();
    applied_[i] = page.applied[i];
    if (rebuilds[i].under_way && page.applied[i] >= rebuilds[i].marker.target) {
      page.ends_rebuild[i] = rebuilds[i].marker.generation;
    }
  }
  absl::MutexLock lock(&mu_);
  in_flight_ = std::move(page);
  return true;
}

std::vector<ProjectionProgress> ProjectionRunner::Progress() const {
  absl::MutexLock lock(&mu_);
  std::vector<ProjectionProgress> progress;
  for (size_t i = 0; i < projections_.size(); ++i) {
    progress.push_back({.name = projections_[i]->name(),
                        .position = positions_[i],
                        .rebuilding = rebuild_requested_[i] || rebuilds_[i].under_way,
                        .rebuild = rebuilds_[i].marker,
                        .rebuild_resumed_after_restart = rebuilds_[i].resumed_after_restart});
  }
  return progress;
}

bool ProjectionRunner::WaitFor(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return std::all_of(positions_.begin(), positions_.end(),
                       [&](uint64_t p) { return p >= position; });
  };
  auto done = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return waits_ended_ || reached(); };
  // Positions and waits_ended_ only change under mu_, and Await re-checks on
  // every release.
  mu_.AwaitWithDeadline(absl::Condition(&done), deadline);
  return reached();
}

void ProjectionRunner::EndWaits() {
  absl::MutexLock lock(&mu_);
  waits_ended_ = true;
}

bool ProjectionRunner::waits_ended() const {
  absl::MutexLock lock(&mu_);
  return waits_ended_;
}

absl::Status ProjectionRunner::Rebuild(const std::string& name) {
  absl::MutexLock lock(&mu_);
  std::vector<size_t> chosen;
  for (size_t i = 0; i < projections_.size(); ++i) {
    if (name.empty() || projections_[i]->name() == name) chosen.push_back(i);
  }
  if (chosen.empty()) {
    return absl::NotFoundError(absl::StrCat("no projection named \"", name, "\""));
  }
  for (size_t i : chosen) {
    rebuild_requested_[i] = true;
    // From now on the projection counts as empty, so that waiting for a
    // position waits for the rebuild to get there.
    positions_[i] = 0;
  }
  if (!running_) return absl::OkStatus();
  // The runner's thread records it (it alone may drop states, between
  // pages); the request is acknowledged only once it cannot be lost.
  auto recorded = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (stopping_ || waits_ended_) return true;
    for (size_t i : chosen) {
      if (rebuild_requested_[i]) return false;
    }
    return true;
  };
  mu_.AwaitWithTimeout(absl::Condition(&recorded), kRecordRebuildTimeout);
  for (size_t i : chosen) {
    if (rebuild_requested_[i] && (stopping_ || waits_ended_)) {
      return absl::UnavailableError(
          absl::StrCat("the server is shutting down; the rebuild of ", projections_[i]->name(),
                       " may not have been recorded, ask for it again once it is back"));
    }
    if (rebuild_requested_[i]) {
      return absl::UnavailableError(absl::StrCat("the rebuild of ", projections_[i]->name(),
                                                 " could not be recorded yet (", error_.ToString(),
                                                 "); ask again"));
    }
  }
  return absl::OkStatus();
}

absl::Status ProjectionRunner::error() const {
  absl::MutexLock lock(&mu_);
  return error_;
}

}  // namespace besluitlog::projections
