#include "ledger/event_log.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "ledger/event_hash.h"
#include "ledger/event_log_backup.h"
#include "ledger/event_store.h"
#include "ledger/rocksdb_status.h"
#include "ledger/status_macros.h"
#include "ledger/storage_layout.h"
#include "ledger/uuid.h"
#include "rocksdb/write_batch.h"

namespace besluitlog::ledger {
namespace {

// Bounds the latency one group adds for the writes queued behind it.
constexpr size_t kMaxWritesPerGroup = 4096;
// Bounds the memory of the stream head cache; past it the cache starts over.
constexpr size_t kMaxCachedStreamHeads = 1 << 20;

std::string UuidKey(const UuidBytes& uuid) {
  return std::string(reinterpret_cast<const char*>(uuid.data()), uuid.size());
}

rocksdb::Slice ToSlice(const std::string& s) { return rocksdb::Slice(s); }

absl::string_view ToStringView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t sub = micros % 1000000;
  if (sub < 0) {
    sub += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(sub * 1000));
}

bool MatchesFilter(const v1::Event& event, const v1::EventFilter& filter) {
  if (!filter.stream_prefixes().empty() &&
      std::none_of(filter.stream_prefixes().begin(),
                   filter.stream_prefixes().end(), [&](const std::string& p) {
                     return absl::StartsWith(event.stream_id(), p);
                   })) {
    return false;
  }
  if (!filter.event_types().empty() &&
      std::find(filter.event_types().begin(), filter.event_types().end(),
                event.event_type()) == filter.event_types().end()) {
    return false;
  }
  return true;
}

std::string DescribeExpected(const v1::ExpectedVersion& expected) {
  switch (expected.kind()) {
    case v1::ExpectedVersion::NO_STREAM:
      return "no stream (version 0)";
    case v1::ExpectedVersion::STREAM_EXISTS:
      return "an existing stream (version >= 1)";
    case v1::ExpectedVersion::EXACT:
      return absl::StrCat("version ", expected.version());
    default:
      return "any version";
  }
}

bool ExpectedVersionHolds(const v1::ExpectedVersion& expected,
                          uint64_t actual) {
  switch (expected.kind()) {
    case v1::ExpectedVersion::NO_STREAM:
      return actual == 0;
    case v1::ExpectedVersion::STREAM_EXISTS:
      return actual > 0;
    case v1::ExpectedVersion::EXACT:
      return actual == expected.version();
    default:
      return true;
  }
}

constexpr char kWrongExpectedVersionPayload[] =
    "type.besluitlog/WrongExpectedVersion";

}  // namespace

bool IsWrongExpectedVersion(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition &&
         status.GetPayload(kWrongExpectedVersionPayload).has_value();
}

struct EventLog::PendingWrite {
  std::vector<const v1::StreamAppend*> appends;
  absl::StatusOr<std::vector<v1::AppendResult>> result;
  bool done = false;
};

// Stages writes into one WriteBatch, tracking what the batch itself has
// changed (stream versions, event ids) so later writes in the same group see
// earlier ones. A write that fails leaves nothing behind.
class EventLog::BatchBuilder {
 public:
  BatchBuilder(const EventLog& log, uint64_t head_position,
               std::string head_hash, MerkleFrontier tree, absl::Time now)
      : log_(log),
        first_position_(head_position + 1),
        next_position_(head_position + 1),
        prev_hash_(std::move(head_hash)),
        tree_(std::move(tree)),
        now_(now) {
    SetTimestamp(now, &recorded_at_);
  }

  absl::StatusOr<std::vector<v1::AppendResult>> Stage(
      const PendingWrite& write) {
    Undo undo{next_position_, prev_hash_, staged_.size(), tree_, {}, {}};
    batch_.SetSavePoint();
    std::vector<v1::AppendResult> results;
    absl::Status status;
    for (const v1::StreamAppend* append : write.appends) {
      absl::StatusOr<v1::AppendResult> result = StageOne(*append, &undo);
      if (!result.ok()) {
        status = result.status();
        break;
      }
      results.push_back(*std::move(result));
    }
    if (!status.ok()) {
      Rollback(undo);
      return status;
    }
    batch_.PopSavePoint();
    return results;
  }

  // Adds the new head record; false when nothing was staged.
  bool Finish() {
    if (next_position_ == first_position_) return false;
    std::string head;
    AppendBigEndian64(next_position_ - 1, &head);
    head += prev_hash_;
    batch_.Put(log_.store_->cf(ColumnFamily::kMeta), ToSlice(std::string(kHeadKey)),
               head);
    return true;
  }

  rocksdb::WriteBatch* batch() { return &batch_; }
  uint64_t head_position() const { return next_position_ - 1; }
  const std::string& head_hash() const { return prev_hash_; }
  const MerkleFrontier& tree() const { return tree_; }
  // Stream versions this batch changed; the log caches them once written.
  const absl::flat_hash_map<std::string, uint64_t>& stream_versions() const {
    return stream_versions_;
  }

 private:
  struct StagedEvent {
    std::string stream_id;
    uint64_t stream_version;
    // What was sent; it outlives the group (the caller waits for it).
    const v1::ProposedEvent* proposed;
  };
  struct Undo {
    uint64_t next_position;
    std::string prev_hash;
    size_t staged_size;
    MerkleFrontier tree;
    std::vector<std::pair<std::string, std::optional<uint64_t>>> streams;
    std::vector<std::string> ids;
  };

  void Rollback(const Undo& undo) {
    batch_.RollbackToSavePoint();
    next_position_ = undo.next_position;
    prev_hash_ = undo.prev_hash;
    tree_ = undo.tree;
    staged_.resize(undo.staged_size);
    for (auto it = undo.streams.rbegin(); it != undo.streams.rend(); ++it) {
      if (it->second.has_value()) {
        stream_versions_[it->first] = *it->second;
      } else {
        stream_versions_.erase(it->first);
      }
    }
    for (const std::string& id : undo.ids) event_positions_.erase(id);
  }

  absl::StatusOr<uint64_t> StreamVersion(const std::string& stream_id) const {
    if (auto it = stream_versions_.find(stream_id);
        it != stream_versions_.end()) {
      return it->second;
    }
    if (auto it = log_.stream_heads_.find(stream_id);
        it != log_.stream_heads_.end()) {
      return it->second;
    }
    return log_.store_->LastStoredVersion(stream_id);
  }

  // Position of a stored or staged event id, or nullopt.
  absl::StatusOr<std::optional<uint64_t>> EventPosition(
      const std::string& id_key) const {
    if (auto it = event_positions_.find(id_key); it != event_positions_.end()) {
      return it->second;
    }
    return log_.store_->EventIdPosition(id_key);
  }

  // Where an id already is, and the field in which `sent` differs from what
  // is (or is about to be) stored there; nullptr when it is the same.
  struct Original {
    std::string stream_id;
    uint64_t stream_version;
    const char* difference;
  };
  absl::StatusOr<Original> OriginalAt(uint64_t position,
                                      const v1::ProposedEvent& sent) const {
    if (position >= first_position_) {
      const StagedEvent& staged = staged_[position - first_position_];
      return Original{staged.stream_id, staged.stream_version,
                      FirstRetryDifference(sent, *staged.proposed)};
    }
    ASSIGN_OR_RETURN(v1::Event event, log_.store_->ReadEvent(position));
    const char* difference = FirstRetryDifference(sent, event);
    return Original{std::move(*event.mutable_stream_id()), event.stream_version(),
                    difference};
  }

  // Returns the original result when every event id of `append` is stored
  // already as exactly this append (same stream, order and contents);
  // nullopt when none is stored. Appends without ids, or with new ones,
  // cost one index look-up per id (a bloom filter, mostly) and nothing else.
  absl::StatusOr<std::optional<v1::AppendResult>> FindRetry(
      const v1::StreamAppend& append,
      const std::vector<std::optional<UuidBytes>>& ids) const {
    std::vector<std::optional<uint64_t>> positions;
    size_t stored = 0;
    for (const auto& id : ids) {
      if (!id.has_value()) {
        positions.emplace_back();
        continue;
      }
      ASSIGN_OR_RETURN(std::optional<uint64_t> position,
                       EventPosition(UuidKey(*id)));
      if (position.has_value()) ++stored;
      positions.push_back(position);
    }
    if (stored == 0) return std::optional<v1::AppendResult>();
    v1::AppendResult result;
    result.set_stream_id(append.stream_id());
    result.set_duplicate(true);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!positions[i].has_value()) {
        return absl::AlreadyExistsError(absl::StrCat(
            "some event ids of this append to \"", append.stream_id(),
            "\" are stored already and others are not; a retry must resend "
            "exactly the original events (events[",
            i, "] is new)"));
      }
      ASSIGN_OR_RETURN(Original stored_event,
                       OriginalAt(*positions[i], append.events(static_cast<int>(i))));
      const bool in_sequence =
          stored_event.stream_id == append.stream_id() &&
          (i == 0 || *positions[i] == result.last_position() + 1);
      if (!in_sequence) {
        return absl::AlreadyExistsError(absl::StrCat(
            "event id ", FormatUuid(*ids[i]), " is stored already at position ", *positions[i],
            " in stream \"", stored_event.stream_id,
            "\"; it cannot be appended again as part of this append to \"",
            append.stream_id(), "\". A retry must resend exactly the original events; new "
            "events need new ids"));
      }
      if (stored_event.difference != nullptr) {
        return absl::AlreadyExistsError(absl::StrCat(
            "event id ", FormatUuid(*ids[i]), " is stored already at position ", *positions[i],
            " with another ", stored_event.difference, " than events[", i,
            "] of this append; a retry must resend exactly the original events, and new "
            "events need new ids. Nothing was stored"));
      }
      if (i == 0) {
        result.set_first_position(*positions[i]);
        result.set_first_version(stored_event.stream_version);
      }
      result.set_last_position(*positions[i]);
      result.set_last_version(stored_event.stream_version);
      result.add_event_ids(FormatUuid(*ids[i]));
    }
    return std::optional<v1::AppendResult>(std::move(result));
  }

  absl::StatusOr<v1::AppendResult> StageOne(const v1::StreamAppend& append,
                                            Undo* undo) {
    std::vector<std::optional<UuidBytes>> ids;
    ids.reserve(append.events_size());
    for (const v1::ProposedEvent& proposed : append.events()) {
      if (proposed.event_id().empty()) {
        ids.emplace_back();
      } else {
        ASSIGN_OR_RETURN(UuidBytes id, ParseUuid(proposed.event_id()));
        ids.emplace_back(id);
      }
    }
    ASSIGN_OR_RETURN(std::optional<v1::AppendResult> retry,
                     FindRetry(append, ids));
    if (retry.has_value()) return *std::move(retry);

    ASSIGN_OR_RETURN(const uint64_t current, StreamVersion(append.stream_id()));
    if (!ExpectedVersionHolds(append.expected_version(), current)) {
      absl::Status wrong = absl::FailedPreconditionError(absl::StrCat(
          "wrong expected version for stream \"", append.stream_id(),
          "\": expected ", DescribeExpected(append.expected_version()),
          ", actual version ", current));
      wrong.SetPayload(kWrongExpectedVersionPayload, absl::Cord());
      return wrong;
    }

    v1::AppendResult result;
    result.set_stream_id(append.stream_id());
    result.set_first_version(current + 1);
    result.set_first_position(next_position_);
    v1::Event event;
    std::string serialized;
    std::string canonical;
    uint64_t version = current;
    for (int i = 0; i < append.events_size(); ++i) {
      const v1::ProposedEvent& proposed = append.events(i);
      const UuidBytes id = ids[i].has_value() ? *ids[i] : NewTimeOrderedUuid(now_);
      const std::string id_key = UuidKey(id);
      const uint64_t position = next_position_++;
      ++version;
      event.Clear();
      event.set_event_id(FormatUuid(id));
      event.set_stream_id(append.stream_id());
      event.set_stream_version(version);
      event.set_global_position(position);
      event.set_event_type(proposed.event_type());
      *event.mutable_recorded_at() = recorded_at_;
      event.set_actor(proposed.actor());
      event.set_correlation_id(StoredUuidForm(proposed.correlation_id()));
      event.set_causation_id(StoredUuidForm(proposed.causation_id()));
      event.set_content_type(std::string(StoredContentType(proposed)));
      event.set_payload(proposed.payload());
      event.set_prev_hash(prev_hash_);
      event.set_hash(ComputeEventHash(event, &canonical));
      prev_hash_ = event.hash();
      tree_.Append(MerkleLeafHash(canonical),
                   [&](int level, uint64_t index, const std::string& hash) {
                     batch_.Put(log_.store_->cf(ColumnFamily::kMerkle),
                                MerkleNodeKey(level, index), hash);
                   });

      serialized.clear();
      event.SerializeToString(&serialized);
      std::string position_value;
      AppendBigEndian64(position, &position_value);
      batch_.Put(log_.store_->cf(ColumnFamily::kEvents), EventKey(position),
                 serialized);
      batch_.Put(log_.store_->cf(ColumnFamily::kStreamIndex),
                 StreamIndexKey(append.stream_id(), version), position_value);
      batch_.Put(log_.store_->cf(ColumnFamily::kEventIds), id_key, position_value);

      event_positions_[id_key] = position;
      undo->ids.push_back(id_key);
      staged_.push_back(StagedEvent{append.stream_id(), version, &proposed});
      result.add_event_ids(event.event_id());
    }
    auto previous = stream_versions_.find(append.stream_id());
    undo->streams.emplace_back(
        append.stream_id(), previous == stream_versions_.end()
                                ? std::nullopt
                                : std::optional<uint64_t>(previous->second));
    stream_versions_[append.stream_id()] = version;

    result.set_last_version(version);
    result.set_last_position(next_position_ - 1);
    return result;
  }

  const EventLog& log_;
  const uint64_t first_position_;
  uint64_t next_position_;
  std::string prev_hash_;
  MerkleFrontier tree_;
  const absl::Time now_;
  google::protobuf::Timestamp recorded_at_;
  rocksdb::WriteBatch batch_;
  absl::flat_hash_map<std::string, uint64_t> stream_versions_;
  absl::flat_hash_map<std::string, uint64_t> event_positions_;
  std::vector<StagedEvent> staged_;  // Indexed by position - first_position_.
};

absl::StatusOr<std::unique_ptr<EventLog>> EventLog::Open(
    const std::string& data_dir, EventLogOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store,
                   EventStore::Open(data_dir, options.read_only));
  std::unique_ptr<EventLog> log(new EventLog(std::move(store), options));
  RETURN_IF_ERROR(log->LoadHead());
  return log;
}

EventLog::EventLog(std::unique_ptr<EventStore> store, EventLogOptions options)
    : options_(std::move(options)),
      store_(std::move(store)),
      merkle_(*store_),
      written_hash_(GenesisHash()),
      durable_hash_(GenesisHash()) {}

EventLog::~EventLog() { Close(); }

absl::Status EventLog::LoadHead() {
  absl::StatusOr<v1::Head> stored = ReadStoredHead();
  if (!stored.ok()) return stored.status();
  std::optional<Damage> damage;
  if (!options_.read_only) head_check_ = CheckStoredHead(*store_, merkle_, *stored, &damage);
  absl::StatusOr<MerkleFrontier> tree = MerkleFrontier::Load(stored->position(), merkle_.Nodes());
  if (tree.ok()) {
    written_tree_ = *std::move(tree);
  } else if (!damage.has_value()) {
    // Still open, so that reads and `verify` can show what is there.
    damage = Damage{stored->position(), std::string(tree.status().message()),
                    "the start-up check"};
  }
  if (damage.has_value()) ReportDamage(*std::move(damage));
  absl::MutexLock lock(&head_mu_);
  written_position_ = durable_position_ = stored->position();
  written_hash_ = durable_hash_ = stored->hash();
  written_root_ = durable_root_ = written_tree_.Root();
  stats_.synced_position = stored->position();
  return absl::OkStatus();
}

absl::StatusOr<v1::Head> EventLog::ReadStoredHead() const { return store_->ReadHead(); }

void EventLog::ReportDamage(Damage damage) {
  absl::MutexLock lock(&head_mu_);
  if (damage_.has_value() && damage_->position <= damage.position) return;
  damage_ = std::move(damage);
}

std::optional<EventLog::Damage> EventLog::damage() const {
  absl::MutexLock lock(&head_mu_);
  return damage_;
}

absl::StatusOr<v1::AppendResult> EventLog::Append(
    const v1::StreamAppend& append) {
  ASSIGN_OR_RETURN(std::vector<v1::AppendResult> results,
                   AppendMulti({&append}));
  return std::move(results.front());
}

absl::StatusOr<std::vector<v1::AppendResult>> EventLog::AppendMulti(
    absl::Span<const v1::StreamAppend* const> appends) {
  if (appends.empty()) {
    return absl::InvalidArgumentError("an append names no streams");
  }
  if (appends.size() > options_.limits.max_streams_per_multi_append) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an append names ", appends.size(), " streams; the limit is ",
        options_.limits.max_streams_per_multi_append));
  }
  PendingWrite write;
  for (size_t i = 0; i < appends.size(); ++i) {
    absl::Status valid = ValidateStreamAppend(*appends[i], options_.limits);
    if (!valid.ok()) {
      if (appends.size() == 1) return valid;
      return absl::Status(valid.code(), absl::StrCat("appends[", i, "]: ",
                                                     valid.message()));
    }
    write.appends.push_back(appends[i]);
  }
  PendingWrite* writes[] = {&write};
  const uint64_t written = Commit(writes);
  RETURN_IF_ERROR(AwaitDurable(written));
  return std::move(write.result);
}

std::vector<absl::StatusOr<v1::AppendResult>> EventLog::AppendEach(
    absl::Span<const v1::StreamAppend* const> appends) {
  uint64_t durable_after = 0;
  std::vector<absl::StatusOr<v1::AppendResult>> results =
      WriteEach(appends, &durable_after);
  const absl::Status durable = AwaitDurable(durable_after);
  if (!durable.ok()) {
    for (auto& result : results) {
      if (result.ok()) result = durable;
    }
  }
  return results;
}

std::vector<absl::StatusOr<v1::AppendResult>> EventLog::WriteEach(
    absl::Span<const v1::StreamAppend* const> appends,
    uint64_t* durable_after) {
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

absl::Status EventLog::AwaitDurable(uint64_t position) {
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
    const absl::Status synced =
        options_.sync_writes ? FromRocksDb(store_->db()->SyncWAL(), "syncing the WAL")
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
          synced.code(),
          absl::StrCat("the ledger could not make writes durable and refuses "
                       "further appends until restarted: ",
                       synced.message()));
    }
    head_advanced_.SignalAll();
  }
  return absl::OkStatus();
}

EventLog::Stats EventLog::GetStats() const {
  absl::MutexLock lock(&head_mu_);
  return stats_;
}

absl::Status EventLog::CheckFreeSpace() const {
  if (options_.min_free_disk_bytes == 0) return absl::OkStatus();
  struct statvfs disk;
  if (statvfs(store_->db()->GetName().c_str(), &disk) != 0) return absl::OkStatus();
  const uint64_t free_bytes = static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize;
  if (free_bytes >= options_.min_free_disk_bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "the disk holding the ledger has ", free_bytes >> 20, " MiB free, less than the ",
      options_.min_free_disk_bytes >> 20,
      " MiB kept in reserve; nothing was written. Free some space and retry"));
}

uint64_t EventLog::Commit(absl::Span<PendingWrite* const> writes) {
  absl::MutexLock lock(&queue_mu_);
  queue_.insert(queue_.end(), writes.begin(), writes.end());
  auto all_done = [&] {
    return std::all_of(writes.begin(), writes.end(),
                       [](const PendingWrite* w) { return w->done; });
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

void EventLog::WriteGroup(const std::vector<PendingWrite*>& writes) {
  uint64_t head_position;
  std::string head_hash;
  {
    absl::MutexLock lock(&head_mu_);
    absl::Status refusal = sync_status_;
    if (damage_.has_value()) {
      refusal = absl::FailedPreconditionError(absl::StrCat(
          "the ledger refuses writes: ", damage_->found_by,
          " found stored data that does not match its hashes at position ", damage_->position,
          " (", damage_->problem,
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
  BatchBuilder builder(*this, head_position, std::move(head_hash),
                       written_tree_, options_.clock->Now());
  for (PendingWrite* write : writes) write->result = builder.Stage(*write);
  if (!builder.Finish()) return;  // Only retries and refusals.

  // Not synced here: AwaitDurable syncs once for many batches.
  absl::Status written = FromRocksDb(
      store_->db()->Write(rocksdb::WriteOptions(), builder.batch()), "writing events");
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

v1::Head EventLog::GetHead() const {
  absl::MutexLock lock(&head_mu_);
  v1::Head head;
  head.set_position(durable_position_);
  head.set_hash(durable_hash_);
  head.set_tree_root(durable_root_);
  return head;
}

uint64_t EventLog::WaitForPosition(uint64_t position,
                                   absl::Time deadline) const {
  absl::MutexLock lock(&head_mu_);
  while (durable_position_ < position && !closed_) {
    if (head_advanced_.WaitWithDeadline(&head_mu_, deadline)) break;
  }
  return durable_position_;
}

void EventLog::Close() {
  absl::MutexLock lock(&head_mu_);
  closed_ = true;
  head_advanced_.SignalAll();
}

absl::StatusOr<v1::Event> EventLog::ReadEvent(uint64_t position) const {
  if (position > GetHead().position()) {
    return absl::NotFoundError(
        absl::StrCat("no event at position ", position));
  }
  return store_->ReadEvent(position);
}

absl::Status EventLog::CheckTreeSize(uint64_t size) const {
  const uint64_t head = GetHead().position();
  if (size > head) {
    return absl::OutOfRangeError(absl::StrCat(
        "the tree has ", head, " leaves; size ", size, " is beyond it"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EventLog::TreeRoot(uint64_t size) const {
  RETURN_IF_ERROR(CheckTreeSize(size));
  return StoredTreeRoot(size);
}

absl::StatusOr<std::string> EventLog::StoredTreeRoot(uint64_t size) const {
  return merkle_.Root(size);
}

std::string EventLog::StoredLeafHash(uint64_t position) const {
  return merkle_.LeafHash(position);
}

std::optional<std::string> EventLog::StoredNode(int level, uint64_t index) const {
  return merkle_.Node(level, index);
}

absl::StatusOr<v1::Head> EventLog::Backup(const std::string& directory) const {
  return WriteBackup(*store_, directory, options_);
}

absl::StatusOr<EventLog::ProofBatch> EventLog::InclusionProofs(
    const std::vector<uint64_t>& leaf_indices, uint64_t size) const {
  RETURN_IF_ERROR(CheckTreeSize(size));
  return merkle_.InclusionProofs(leaf_indices, size);
}

absl::StatusOr<std::vector<std::string>> EventLog::ConsistencyProof(
    uint64_t old_size, uint64_t new_size) const {
  RETURN_IF_ERROR(CheckTreeSize(new_size));
  return merkle_.ConsistencyProof(old_size, new_size);
}

absl::StatusOr<std::vector<std::string>> EventLog::InclusionProof(
    uint64_t leaf_index, uint64_t size) const {
  ASSIGN_OR_RETURN(ProofBatch batch, InclusionProofs({leaf_index}, size));
  return batch.Hashes(0);
}

absl::StatusOr<StreamPage> EventLog::ReadStream(absl::string_view stream_id,
                                                uint64_t from_version,
                                                bool backward,
                                                size_t limit) const {
  RETURN_IF_ERROR(ValidateStreamId(stream_id, options_.limits));
  limit = limit == 0 ? kDefaultPageSize : std::min(limit, kMaxPageSize);
  StreamPage page;
  ASSIGN_OR_RETURN(page.stream_version, store_->LastStoredVersion(stream_id));
  // The stored stream head may include events written but not yet synced;
  // readers see only the durable ones.
  const uint64_t durable = GetHead().position();
  while (page.stream_version > 0) {
    ASSIGN_OR_RETURN(const uint64_t position,
                     store_->StreamPosition(stream_id, page.stream_version));
    if (position <= durable) break;
    --page.stream_version;
  }

  uint64_t first;
  uint64_t count;
  if (backward) {
    const uint64_t start =
        from_version == 0 ? page.stream_version
                          : std::min(from_version, page.stream_version);
    count = std::min<uint64_t>(limit, start);
    first = start;  // Versions first, first-1, ..., first-count+1.
    page.end_of_stream = start <= count;
    page.next_version = page.end_of_stream ? 0 : start - count;
  } else {
    first = std::max<uint64_t>(from_version, 1);
    count = first > page.stream_version
                ? 0
                : std::min<uint64_t>(limit, page.stream_version - first + 1);
    page.end_of_stream = first + count > page.stream_version;
    page.next_version = first + count;
  }

  page.events.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(
        const uint64_t position,
        store_->StreamPosition(stream_id, backward ? first - i : first + i));
    ASSIGN_OR_RETURN(v1::Event event, store_->ReadEvent(position));
    page.events.push_back(std::move(event));
  }
  return page;
}

absl::StatusOr<AllPage> EventLog::ReadAll(
    uint64_t from_position, size_t limit, const v1::EventFilter& filter,
    google::protobuf::RepeatedPtrField<v1::Event>* out) const {
  limit = limit == 0 ? kDefaultPageSize : std::min(limit, kMaxPageSize);
  AllPage page;
  page.head_position = GetHead().position();
  const uint64_t start = std::max<uint64_t>(from_position, 1);
  page.next_position = start;
  if (start > page.head_position) return page;

  const std::string upper = EventKey(page.head_position + 1);
  rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  read_options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(
      store_->db()->NewIterator(read_options, store_->cf(ColumnFamily::kEvents)));
  const bool filtered =
      !filter.stream_prefixes().empty() || !filter.event_types().empty();
  size_t count = 0;
  size_t bytes = 0;
  page.next_position = page.head_position + 1;
  for (it->Seek(EventKey(start)); it->Valid(); it->Next()) {
    const std::optional<uint64_t> position = DecodeEventKey(ToStringView(it->key()));
    if (!position.has_value()) {
      return absl::DataLossError("an events key is damaged");
    }
    if (count >= limit || bytes >= kMaxPageBytes) {
      page.next_position = *position;
      break;
    }
    v1::Event* event = out->Add();
    if (!event->ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat(
          "the event at position ", *position, " cannot be decoded"));
    }
    if (filtered && !MatchesFilter(*event, filter)) {
      out->RemoveLast();
      continue;
    }
    ++count;
    bytes += it->value().size();
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading events"));
  return page;
}

absl::Status EventLog::ScanStoredEvents(
    uint64_t from_position,
    absl::FunctionRef<bool(absl::string_view key, absl::string_view value)> visit) const {
  rocksdb::ReadOptions read_options;
  read_options.readahead_size = 2 << 20;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      store_->db()->NewIterator(read_options, store_->cf(ColumnFamily::kEvents)));
  for (it->Seek(EventKey(from_position)); it->Valid(); it->Next()) {
    if (!visit(ToStringView(it->key()), ToStringView(it->value()))) break;
  }
  return FromRocksDb(it->status(), "scanning events");
}

}  // namespace besluitlog::ledger
