#include "ledger/event_writer.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/append_validation.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_batch.h"
#include "ledger/event_store.h"
#include "ledger/rocksdb_status.h"

namespace besluitlog::ledger {
namespace {

// Bounds the latency one group adds for the writes queued behind it.
constexpr size_t kMaxWritesPerGroup = 4096;
// Bounds the memory of the stream head cache; past it the cache starts over.
constexpr size_t kMaxCachedStreamHeads = 1 << 20;

}  // namespace

struct EventWriter::PendingWrite {
  std::vector<const v1::StreamAppend*> appends;
  absl::StatusOr<std::vector<v1::AppendResult>> result;
  bool done = false;
};

EventWriter::EventWriter(const EventStore& store, const EventLogOptions& options)
    : store_(store),
      options_(options),
      written_hash_(core::GenesisHash()),
      durable_hash_(core::GenesisHash()) {}

void EventWriter::Start(const v1::Head& stored, core::MerkleFrontier tree) {
  written_tree_ = std::move(tree);
  absl::MutexLock lock(&head_mu_);
  written_position_ = durable_position_ = stored.position();
  written_hash_ = durable_hash_ = stored.hash();
  written_root_ = durable_root_ = written_tree_.Root();
  stats_.synced_position = stored.position();
}

void EventWriter::ReportDamage(Damage damage) {
  absl::MutexLock lock(&head_mu_);
  if (damage_.has_value() && damage_->position <= damage.position) return;
  damage_ = std::move(damage);
}

std::optional<Damage> EventWriter::damage() const {
  absl::MutexLock lock(&head_mu_);
  return damage_;
}

absl::StatusOr<std::vector<v1::AppendResult>> EventWriter::AppendMulti(
    absl::Span<const v1::StreamAppend* const> appends) {
  if (appends.empty()) {
    return absl::InvalidArgumentError("an append names no streams");
  }
  if (appends.size() > options_.limits.max_streams_per_multi_append) {
    return absl::InvalidArgumentError(absl::StrCat("an append names ", appends.size(),
                                                   " streams; the limit is ",
                                                   options_.limits.max_streams_per_multi_append));
  }
  PendingWrite write;
  for (size_t i = 0; i < appends.size(); ++i) {
    absl::Status valid = ValidateStreamAppend(*appends[i], options_.limits);
    if (!valid.ok()) {
      if (appends.size() == 1) return valid;
      return absl::Status(valid.code(), absl::StrCat("appends[", i, "]: ", valid.message()));
    }
    write.appends.push_back(appends[i]);
  }
  PendingWrite* writes[] = {&write};
  const uint64_t written = Commit(writes);
  RETURN_IF_ERROR(AwaitDurable(written));
  return std::move(write.result);
}

std::vector<absl::StatusOr<v1::AppendResult>> EventWriter::AppendEach(
    absl::Span<const v1::StreamAppend* const> appends) {
  uint64_t durable_after = 0;
  std::vector<absl::StatusOr<v1::AppendResult>> results = WriteEach(appends, &durable_after);
  const absl::Status durable = AwaitDurable(durable_after);
  if (!durable.ok()) {
    for (auto& result : results) {
      if (result.ok()) result = durable;
    }
  }
  return results;
}

std::vector<absl::StatusOr<v1::AppendResult>> EventWriter::WriteEach(
    absl::Span<const v1::StreamAppend* const> appends, uint64_t* durable_after) {
  std::vector<PendingWrite> writes(appends.size());
  std::vector<PendingWrite*> valid_writes;
  valid_writes.reserve(appends.size());
  for (size_t i = 0; i < appends.size(); ++i) {
    absl::Status valid = ValidateStreamAppend(*appends[i], options_.limits);
    if (valid.ok()) {
      writes[i].appends.push_back(appends[i]);
      valid_writes.push_back(&writes[i]);
    } else {
      writes[i].result = valid;
    }
  }
  *durable_after = 0;
  if (!valid_writes.empty()) *durable_after = Commit(valid_writes);
  std::vector<absl::StatusOr<v1::AppendResult>> results;
  results.reserve(writes.size());
  for (PendingWrite& write : writes) {
    if (write.result.ok()) {
      results.push_back(std::move(write.result->front()));
    } else {
      results.push_back(write.result.status());
    }
  }
  return results;
}

absl::Status EventWriter::AwaitDurable(uint64_t position) {
  absl::MutexLock lock(&head_mu_);
  while (durable_position_ < position) {
    if (!sync_status_.ok()) return sync_status_;
    if (sync_in_progress_) {
      head_advanced_.Wait(&head_mu_);
      continue;
    }
    sync_in_progress_ = true;
    const uint64_t target_position = written_position_;
    const std::string target_hash = written_hash_;
    const std::string target_root = written_root_;
    head_mu_.Unlock();
    // Every batch counted in written_position_ has been handed to the WAL
    // file, so one fsync now makes all of them durable.
    const absl::Status synced = options_.sync_writes
                                    ? FromRocksDb(store_.db()->SyncWAL(), "syncing the WAL")
                                    : absl::OkStatus();
    head_mu_.Lock();
    sync_in_progress_ = false;
    ++stats_.syncs;
    if (synced.ok()) {
      if (options_.sync_writes) {
        stats_.synced_position = std::max(stats_.synced_position, target_position);
      }
      durable_position_ = std::max(durable_position_, target_position);
      durable_hash_ = target_hash;
      durable_root_ = target_root;
    } else {
      sync_status_ = absl::Status(
          synced.code(), absl::StrCat("the ledger could not make writes durable and refuses "
                                      "further appends until restarted: ",
                                      synced.message()));
    }
    head_advanced_.SignalAll();
  }
  return absl::OkStatus();
}

WriteStats EventWriter::GetStats() const {
  absl::MutexLock lock(&head_mu_);
  return stats_;
}

absl::Status EventWriter::CheckFreeSpace() const {
  if (options_.min_free_disk_bytes == 0) return absl::OkStatus();
  struct statvfs disk;
  if (statvfs(store_.db()->GetName().c_str(), &disk) != 0) return absl::OkStatus();
  const uint64_t free_bytes = static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize;
  if (free_bytes >= options_.min_free_disk_bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("the disk holding the ledger has ", free_bytes >> 20,
                   " MiB free, less than the ", options_.min_free_disk_bytes >> 20,
                   " MiB kept in reserve; nothing was written. Free some space and retry"));
}

uint64_t EventWriter::Commit(absl::Span<PendingWrite* const> writes) {
  absl::MutexLock lock(&queue_mu_);
  queue_.insert(queue_.end(), writes.begin(), writes.end());
  auto all_done = [&] {
    return std::all_of(writes.begin(), writes.end(), [](const PendingWrite* w) { return w->done; });
  };
  while (!all_done()) {
    if (leader_active_) {
      group_done_.Wait(&queue_mu_);
      continue;
    }
    leader_active_ = true;
    const size_t take = std::min(queue_.size(), kMaxWritesPerGroup);
    std::vector<PendingWrite*> group(queue_.begin(), queue_.begin() + take);
    queue_.erase(queue_.begin(), queue_.begin() + take);
    queue_mu_.Unlock();
    WriteGroup(group);
    queue_mu_.Lock();
    for (PendingWrite* write : group) write->done = true;
    leader_active_ = false;
    group_done_.SignalAll();
  }
  absl::MutexLock head_lock(&head_mu_);
  return written_position_;
}

void EventWriter::WriteGroup(const std::vector<PendingWrite*>& writes) {
  uint64_t head_position;
  std::string head_hash;
  {
    absl::MutexLock lock(&head_mu_);
    absl::Status refusal = sync_status_;
    if (damage_.has_value()) {
      refusal = absl::FailedPreconditionError(absl::StrCat(
          "the ledger refuses writes: ", damage_->found_by,
          " found stored data that does not match its hashes at position ", damage_->position, " (",
          damage_->problem,
          "). Nothing was written; reads still work. Run `ledgerctl verify` and restore the "
          "data dir from a backup"));
    }
    if (closed_) refusal = absl::UnavailableError("the ledger is shutting down");
    if (!refusal.ok()) {
      for (PendingWrite* write : writes) write->result = refusal;
      return;
    }
    head_position = written_position_;
    head_hash = written_hash_;
  }
  if (absl::Status space = CheckFreeSpace(); !space.ok()) {
    for (PendingWrite* write : writes) write->result = space;
    return;
  }
  BatchBuilder builder(store_, stream_heads_, head_position, std::move(head_hash), written_tree_,
                       options_.clock->Now());
  for (PendingWrite* write : writes) write->result = builder.Stage(write->appends);
  if (!builder.Finish()) return;  // Only retries and refusals.

  // Not synced here: AwaitDurable syncs once for many batches.
  absl::Status written =
      FromRocksDb(store_.db()->Write(rocksdb::WriteOptions(), builder.batch()), "writing events");
  if (!written.ok()) {
    for (PendingWrite* write : writes) {
      if (write->result.ok()) write->result = written;
    }
    return;
  }
  if (stream_heads_.size() > kMaxCachedStreamHeads) stream_heads_.clear();
  for (const auto& [stream_id, version] : builder.stream_versions()) {
    stream_heads_[stream_id] = version;
  }
  written_tree_ = builder.tree();
  const std::string root = written_tree_.Root();
  absl::MutexLock lock(&head_mu_);
  stats_.events_written += builder.head_position() - head_position;
  ++stats_.batches_written;
  written_position_ = builder.head_position();
  written_hash_ = builder.head_hash();
  written_root_ = root;
}

v1::Head EventWriter::GetHead() const {
  absl::MutexLock lock(&head_mu_);
  v1::Head head;
  head.set_position(durable_position_);
  head.set_hash(durable_hash_);
  head.set_tree_root(durable_root_);
  return head;
}

uint64_t EventWriter::WaitForPosition(uint64_t position, absl::Time deadline) const {
  absl::MutexLock lock(&head_mu_);
  while (durable_position_ < position && !closed_) {
    if (head_advanced_.WaitWithDeadline(&head_mu_, deadline)) break;
  }
  return durable_position_;
}

void EventWriter::Close() {
  absl::MutexLock lock(&head_mu_);
  closed_ = true;
  head_advanced_.SignalAll();
}

}  // namespace besluitlog::ledger
