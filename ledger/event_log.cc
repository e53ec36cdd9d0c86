#include "ledger/event_log.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_log_backup.h"
#include "ledger/event_store.h"

namespace besluitlog::ledger {

absl::StatusOr<std::unique_ptr<EventLog>> EventLog::Open(const std::string& data_dir,
                                                         EventLogOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store,
                   EventStore::Open(data_dir, options.read_only));
  std::unique_ptr<EventLog> log(new EventLog(std::move(store), options));
  RETURN_IF_ERROR(log->LoadHead());
  return log;
}

EventLog::EventLog(std::unique_ptr<EventStore> store, EventLogOptions options)
    : options_(std::move(options)),
      store_(std::move(store)),
      writer_(*store_, options_),
      reader_(*store_, writer_, options_.limits),
      merkle_(*store_) {}

EventLog::~EventLog() { Close(); }

absl::Status EventLog::LoadHead() {
  absl::StatusOr<v1::Head> stored = ReadStoredHead();
  if (!stored.ok()) return stored.status();
  std::optional<Damage> damage;
  if (!options_.read_only) {
    ASSIGN_OR_RETURN(std::optional<Damage> recorded, ReadRecordedDamage(*store_));
    if (recorded.has_value()) {
      recorded->found_by = absl::StrCat(recorded->found_by, ", in an earlier run,");
      writer_.ReportDamage(*std::move(recorded));
    }
    head_check_ = CheckStoredHead(*store_, merkle_, *stored, &damage);
  }
  core::MerkleFrontier written_tree;
  absl::StatusOr<core::MerkleFrontier> tree =
      core::MerkleFrontier::Load(stored->position(), merkle_.Nodes());
  if (tree.ok()) {
    written_tree = *std::move(tree);
  } else if (!damage.has_value()) {
    // Still open, so that reads and `verify` can show what is there.
    damage = Damage{stored->position(), std::string(tree.status().message()), "the start-up check"};
  }
  if (damage.has_value()) ReportDamage(*std::move(damage));
  writer_.Start(*stored, std::move(written_tree));
  return absl::OkStatus();
}

void EventLog::ReportDamage(Damage damage) {
  // The record is read, compared and written: one reporter at a time.
  absl::MutexLock lock(&damage_record_mu_);
  if (!options_.read_only) {
    if (absl::Status recorded = RecordDamage(*store_, damage); !recorded.ok()) {
      absl::StrAppend(&damage.problem, "; not recorded in the data dir: ", recorded.message());
    }
  }
  writer_.ReportDamage(std::move(damage));
}

absl::StatusOr<v1::Head> EventLog::ReadStoredHead() const { return store_->ReadHead(); }

absl::StatusOr<v1::AppendResult> EventLog::Append(const v1::StreamAppend& append) {
  ASSIGN_OR_RETURN(std::vector<v1::AppendResult> results, AppendMulti({&append}));
  return std::move(results.front());
}

absl::StatusOr<v1::Event> EventLog::ReadEvent(uint64_t position) const {
  if (position > GetHead().position()) {
    return absl::NotFoundError(absl::StrCat("no event at position ", position));
  }
  return store_->ReadEvent(position);
}

absl::StatusOr<v1::Head> EventLog::Backup(const std::string& directory) const {
  return WriteBackup(*store_, directory, options_);
}

absl::Status EventLog::CheckTreeSize(uint64_t size) const {
  const uint64_t head = GetHead().position();
  if (size > head) {
    return absl::OutOfRangeError(
        absl::StrCat("the tree has ", head, " leaves; size ", size, " is beyond it"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EventLog::TreeRoot(uint64_t size) const {
  RETURN_IF_ERROR(CheckTreeSize(size));
  return merkle_.Root(size);
}

absl::StatusOr<std::vector<std::string>> EventLog::InclusionProof(uint64_t leaf_index,
                                                                  uint64_t size) const {
  ASSIGN_OR_RETURN(ProofBatch batch, InclusionProofs({leaf_index}, size));
  return batch.Hashes(0);
}

absl::StatusOr<EventLog::ProofBatch> EventLog::InclusionProofs(
    const std::vector<uint64_t>& leaf_indices, uint64_t size) const {
  RETURN_IF_ERROR(CheckTreeSize(size));
  return merkle_.InclusionProofs(leaf_indices, size);
}

absl::StatusOr<std::vector<std::string>> EventLog::ConsistencyProof(uint64_t old_size,
                                                                    uint64_t new_size) const {
  RETURN_IF_ERROR(CheckTreeSize(new_size));
  return merkle_.ConsistencyProof(old_size, new_size);
}

}  // namespace besluitlog::ledger
