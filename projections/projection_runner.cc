#include "projections/projection_runner.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ledger/status_macros.h"

namespace besluitlog::projections {
namespace {

constexpr size_t kPageSize = 20000;
// How often an idle runner looks for a stop or rebuild request.
constexpr absl::Duration kIdlePoll = absl::Milliseconds(100);

}  // namespace

ProjectionRunner::ProjectionRunner(
    const ledger::EventLog* log, ProjectionStore* store,
    std::vector<std::unique_ptr<Projection>> projections)
    : log_(log), store_(store), projections_(std::move(projections)) {
  absl::MutexLock lock(&mu_);
  positions_.assign(projections_.size(), 0);
  rebuild_requested_.assign(projections_.size(), false);
}

ProjectionRunner::~ProjectionRunner() { Stop(); }

absl::Status ProjectionRunner::Start() {
  for (size_t i = 0; i < projections_.size(); ++i) {
    ASSIGN_OR_RETURN(uint64_t checkpoint,
                     store_->Checkpoint(projections_[i]->name()));
    absl::MutexLock lock(&mu_);
    positions_[i] = checkpoint;
  }
  thread_ = std::thread([this] { Loop(); });
  return absl::OkStatus();
}

void ProjectionRunner::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

absl::Status ProjectionRunner::RunUntil(uint64_t until) {
  for (size_t i = 0; i < projections_.size(); ++i) {
    ASSIGN_OR_RETURN(uint64_t checkpoint,
                     store_->Checkpoint(projections_[i]->name()));
    absl::MutexLock lock(&mu_);
    positions_[i] = checkpoint;
  }
  while (true) {
    ASSIGN_OR_RETURN(bool applied, Step(until));
    if (!applied) return absl::OkStatus();
  }
}

void ProjectionRunner::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    absl::Status cleared = ClearRequested();
    absl::StatusOr<bool> applied =
        cleared.ok() ? Step(/*until=*/0) : absl::StatusOr<bool>(cleared);
    if (!applied.ok()) {
      absl::MutexLock lock(&mu_);
      error_ = applied.status();
      // Retry later: a full disk or a damaged event must not spin.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1));
      continue;
    }
    if (!*applied) {
      uint64_t next;
      {
        absl::MutexLock lock(&mu_);
        next = *std::min_element(positions_.begin(), positions_.end()) + 1;
      }
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
    RETURN_IF_ERROR(store_->Clear(projections_[i]->name()));
    absl::MutexLock lock(&mu_);
    rebuild_requested_[i] = false;
    positions_[i] = 0;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> ProjectionRunner::Step(uint64_t until) {
  std::vector<uint64_t> positions;
  {
    absl::MutexLock lock(&mu_);
    positions = positions_;
  }
  const uint64_t from = *std::min_element(positions.begin(), positions.end()) + 1;
  const uint64_t head = log_->GetHead().position();
  const uint64_t last = until == 0 ? head : std::min(until, head);
  if (from > last) return false;

  google::protobuf::RepeatedPtrField<v1::Event> events;
  RETURN_IF_ERROR(log_->ReadAll(from,
                                std::min<uint64_t>(kPageSize, last - from + 1),
                                v1::EventFilter(), &events)
                      .status());
  if (events.empty()) return false;
  // Event by event, every projection in turn: an event decoded by one
  // projection is still warm for the next.
  std::vector<rocksdb::WriteBatch> batches(projections_.size());
  std::vector<std::unique_ptr<ProjectionWriter>> writers;
  std::vector<uint64_t> applied = positions;
  for (size_t i = 0; i < projections_.size(); ++i) {
    writers.push_back(std::make_unique<ProjectionWriter>(
        store_, projections_[i]->name(), &batches[i]));
  }
  for (const v1::Event& event : events) {
    for (size_t i = 0; i < projections_.size(); ++i) {
      if (event.global_position() <= positions[i]) continue;
      absl::Status status = projections_[i]->Apply(event, *writers[i]);
      if (!status.ok()) {
        return absl::Status(status.code(),
                            absl::StrCat("projection ", projections_[i]->name(),
                                         " at position ", event.global_position(),
                                         ": ", status.message()));
      }
      applied[i] = event.global_position();
    }
  }
  for (size_t i = 0; i < projections_.size(); ++i) {
    if (applied[i] == positions[i]) continue;
    RETURN_IF_ERROR(projections_[i]->EndOfBatch(*writers[i]));
    writers[i]->Finish();
    RETURN_IF_ERROR(store_->Commit(projections_[i]->name(), &batches[i], applied[i]));
    absl::MutexLock lock(&mu_);
    // A rebuild requested meanwhile wins: its clear comes next.
    if (!rebuild_requested_[i]) positions_[i] = applied[i];
  }
  return true;
}

std::vector<ProjectionProgress> ProjectionRunner::Progress() const {
  absl::MutexLock lock(&mu_);
  std::vector<ProjectionProgress> progress;
  for (size_t i = 0; i < projections_.size(); ++i) {
    progress.push_back({projections_[i]->name(), positions_[i]});
  }
  return progress;
}

bool ProjectionRunner::WaitFor(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  auto reached = [&] {
    return std::all_of(positions_.begin(), positions_.end(),
                       [&](uint64_t p) { return p >= position; });
  };
  // Positions only change under mu_, and Await re-checks on every release.
  return mu_.AwaitWithDeadline(absl::Condition(&reached), deadline);
}

absl::Status ProjectionRunner::Rebuild(const std::string& name) {
  absl::MutexLock lock(&mu_);
  bool found = false;
  for (size_t i = 0; i < projections_.size(); ++i) {
    if (name.empty() || projections_[i]->name() == name) {
      rebuild_requested_[i] = true;
      // From now on the projection counts as empty, so that waiting for a
      // position waits for the rebuild to get there.
      positions_[i] = 0;
      found = true;
    }
  }
  if (!found) {
    return absl::NotFoundError(absl::StrCat("no projection named \"", name, "\""));
  }
  return absl::OkStatus();
}

absl::Status ProjectionRunner::error() const {
  absl::MutexLock lock(&mu_);
  return error_;
}

}  // namespace besluitlog::projections
