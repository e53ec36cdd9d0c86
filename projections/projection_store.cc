#include "projections/projection_store.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/big_endian.h"
#include "ledger/core/status_macros.h"
#include "ledger/key_prefix.h"
#include "ledger/rocksdb_status.h"
#include "rocksdb/options.h"

namespace besluitlog::projections {
namespace {

using ::besluitlog::ledger::FromRocksDb;
using ::besluitlog::ledger::core::AppendBigEndian64;
using ::besluitlog::ledger::core::ReadBigEndian64;

const std::string& CheckpointKey() {
  static const std::string* const key = new std::string("\0checkpoint", 11);
  return *key;
}

const std::string& RebuildKey() {
  static const std::string* const key = new std::string("\0rebuild", 8);
  return *key;
}

const std::string& RebuildGenerationKey() {
  static const std::string* const key = new std::string("\0rebuild generation", 19);
  return *key;
}

// RebuildMarker value: u64 generation, u64 requested_at (microseconds since
// the Unix epoch), u64 target; big-endian.
std::string EncodeMarker(const RebuildMarker& marker) {
  std::string value;
  AppendBigEndian64(marker.generation, &value);
  AppendBigEndian64(static_cast<uint64_t>(absl::ToUnixMicros(marker.requested_at)), &value);
  AppendBigEndian64(marker.target, &value);
  return value;
}

std::string LatestKey(absl::string_view entity) { return absl::StrCat("L", entity); }

std::string VersionPrefix(absl::string_view entity) {
  std::string key = absl::StrCat("V", entity);
  key.push_back('\0');
  return key;
}

std::string VersionKey(absl::string_view entity, uint64_t position) {
  std::string key = VersionPrefix(entity);
  AppendBigEndian64(position, &key);
  return key;
}

rocksdb::ColumnFamilyOptions ProjectionOptions() {
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = 64 << 20;
  // The versions of one entity are written in position order: a memtable
  // insert hint per entity (everything up to the 0x00 after it).
  options.memtable_insert_with_hint_prefix_extractor =
      ledger::NewZeroTerminatedPrefix("besluitlog.EntityPrefix", 'V');
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectionStore>> ProjectionStore::Open(
    const std::string& dir, const std::vector<std::string>& projections) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}};
  for (const std::string& name : projections) {
    descriptors.emplace_back(name, ProjectionOptions());
  }
  // Column families of projections no longer registered must be opened too.
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(options, dir, &existing).ok()) {
    for (const std::string& name : existing) {
      bool known = false;
      for (const auto& d : descriptors) known = known || d.name == name;
      if (!known) descriptors.emplace_back(name, ProjectionOptions());
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::DB::Open(options, dir, descriptors, &handles, &raw),
                              absl::StrCat("opening the projection store in ", dir)));
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (size_t i = 0; i < handles.size(); ++i) {
    by_name[descriptors[i].name] = handles[i];
  }
  return std::unique_ptr<ProjectionStore>(
      new ProjectionStore(std::unique_ptr<rocksdb::DB>(raw), std::move(by_name), handles));
}

ProjectionStore::ProjectionStore(std::unique_ptr<rocksdb::DB> db,
                                 std::map<std::string, rocksdb::ColumnFamilyHandle*> handles,
                                 std::vector<rocksdb::ColumnFamilyHandle*> all_handles)
    : db_(std::move(db)), handles_(std::move(handles)), all_handles_(std::move(all_handles)) {}

ProjectionStore::~ProjectionStore() {
  for (rocksdb::ColumnFamilyHandle* handle : all_handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::StatusOr<rocksdb::ColumnFamilyHandle*> ProjectionStore::Family(
    absl::string_view projection) const {
  auto it = handles_.find(std::string(projection));
  if (it == handles_.end()) {
    return absl::NotFoundError(absl::StrCat("no projection named \"", projection, "\""));
  }
  return it->second;
}

absl::StatusOr<uint64_t> ProjectionStore::Checkpoint(absl::string_view projection) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  std::string value;
  ASSIGN_OR_RETURN(
      std::optional<std::string> stored,
      ledger::FromRocksDbGet(db_->Get(rocksdb::ReadOptions(), family, CheckpointKey(), &value),
                             &value, "reading a projection checkpoint"));
  if (!stored.has_value()) return 0;
  if (stored->size() != 8) return absl::DataLossError("damaged checkpoint");
  return ReadBigEndian64(stored->data());
}

absl::Status ProjectionStore::Commit(absl::string_view projection, rocksdb::WriteBatch* batch,
                                     uint64_t checkpoint) {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  std::string value;
  AppendBigEndian64(checkpoint, &value);
  RETURN_IF_ERROR(FromRocksDb(batch->Put(family, CheckpointKey(), value), "staging a checkpoint"));
  // No WAL: a projection's state and checkpoint share one column family,
  // so they reach disk together when its memtable is flushed (at the latest
  // on close); after a crash the projection resumes from the last flushed
  // checkpoint and re-applies the rest from the log.
  rocksdb::WriteOptions options;
  options.disableWAL = true;
  return FromRocksDb(db_->Write(options, batch), "writing a projection");
}

absl::StatusOr<std::optional<std::string>> ProjectionStore::GetAsOf(absl::string_view projection,
                                                                    absl::string_view entity,
                                                                    uint64_t position) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  if (position == 0) {
    std::string value;
    return ledger::FromRocksDbGet(
        db_->Get(rocksdb::ReadOptions(), family, LatestKey(entity), &value), &value,
        "reading a projection");
  }
  const std::string prefix = VersionPrefix(entity);
  const rocksdb::Slice lower(prefix);
  rocksdb::ReadOptions options;
  options.iterate_lower_bound = &lower;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, family));
  it->SeekForPrev(VersionKey(entity, position));
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading a projection"));
  if (!it->Valid() || !it->key().starts_with(prefix) || it->key().size() != prefix.size() + 8) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(it->value().ToString());
}

void ProjectionStore::PutVersion(absl::string_view projection, absl::string_view entity,
                                 uint64_t position, const std::string& state,
                                 rocksdb::WriteBatch* batch) const {
  auto family = Family(projection);
  if (family.ok()) {
    batch->Put(*family, VersionKey(entity, position), state).PermitUncheckedError();
  }
}

void ProjectionStore::PutLatest(absl::string_view projection, absl::string_view entity,
                                const std::string& state, rocksdb::WriteBatch* batch) const {
  auto family = Family(projection);
  if (family.ok()) {
    batch->Put(*family, LatestKey(entity), state).PermitUncheckedError();
  }
}

absl::Status ProjectionStore::ScanVersions(
    absl::string_view projection, absl::string_view entity, uint64_t from, uint64_t to,
    const std::function<bool(uint64_t, const rocksdb::Slice&)>& visit) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  const std::string prefix = VersionPrefix(entity);
  const std::string upper =
      to == UINT64_MAX ? prefix + std::string(9, '\xff') : VersionKey(entity, to + 1);
  const rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, family));
  for (it->Seek(VersionKey(entity, from)); it->Valid(); it->Next()) {
    if (!it->key().starts_with(prefix) || it->key().size() != prefix.size() + 8) {
      break;
    }
    if (!visit(ReadBigEndian64(it->key().data() + prefix.size()), it->value())) {
      break;
    }
  }
  return FromRocksDb(it->status(), "scanning a projection");
}

absl::Status ProjectionStore::CommitEndOfRebuild(absl::string_view projection,
                                                 rocksdb::WriteBatch* batch, uint64_t checkpoint) {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  RETURN_IF_ERROR(FromRocksDb(batch->Delete(family, RebuildKey()), "ending a rebuild"));
  return Commit(projection, batch, checkpoint);
}

absl::StatusOr<RebuildMarker> ProjectionStore::StartRebuild(absl::string_view projection,
                                                            absl::Time requested_at,
                                                            uint64_t target) {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  std::string value;
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   ledger::FromRocksDbGet(
                       db_->Get(rocksdb::ReadOptions(), family, RebuildGenerationKey(), &value),
                       &value, "reading the rebuild generation"));
  uint64_t generation = 0;
  if (stored.has_value()) {
    if (stored->size() != 8) return absl::DataLossError("damaged rebuild generation");
    generation = ReadBigEndian64(stored->data());
  }
  RebuildMarker marker{
      .generation = generation + 1, .requested_at = requested_at, .target = target};
  rocksdb::WriteBatch batch;
  // Every key sorts below 0xff..., and DeleteRange removes them in one
  // tombstone, checkpoint included; what follows in the batch comes after
  // the tombstone and stays.
  RETURN_IF_ERROR(FromRocksDb(batch.DeleteRange(family, std::string(), std::string(64, '\xff')),
                              "clearing a projection"));
  std::string generation_value;
  AppendBigEndian64(marker.generation, &generation_value);
  RETURN_IF_ERROR(FromRocksDb(batch.Put(family, RebuildGenerationKey(), generation_value),
                              "recording a rebuild"));
  if (target > 0) {
    RETURN_IF_ERROR(
        FromRocksDb(batch.Put(family, RebuildKey(), EncodeMarker(marker)), "recording a rebuild"));
  } else {
    marker.generation = 0;  // Nothing to rebuild: cleared is done.
  }
  // Synced: once the request is acknowledged, no crash undoes it.
  rocksdb::WriteOptions options;
  options.sync = true;
  RETURN_IF_ERROR(FromRocksDb(db_->Write(options, &batch), "starting a rebuild"));
  return marker;
}

absl::StatusOr<std::optional<RebuildMarker>> ProjectionStore::PendingRebuild(
    absl::string_view projection) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  std::string value;
  ASSIGN_OR_RETURN(
      std::optional<std::string> stored,
      ledger::FromRocksDbGet(db_->Get(rocksdb::ReadOptions(), family, RebuildKey(), &value), &value,
                             "reading a rebuild marker"));
  if (!stored.has_value()) return std::optional<RebuildMarker>();
  if (stored->size() != 24) return absl::DataLossError("damaged rebuild marker");
  RebuildMarker marker;
  marker.generation = ReadBigEndian64(stored->data());
  marker.requested_at =
      absl::FromUnixMicros(static_cast<int64_t>(ReadBigEndian64(stored->data() + 8)));
  marker.target = ReadBigEndian64(stored->data() + 16);
  return std::optional<RebuildMarker>(marker);
}

absl::StatusOr<std::map<std::string, std::string>> ProjectionStore::Dump(
    absl::string_view projection) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * family, Family(projection));
  std::map<std::string, std::string> all;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), family));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key() == RebuildKey() || it->key() == RebuildGenerationKey()) continue;
    all[it->key().ToString()] = it->value().ToString();
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "dumping a projection"));
  return all;
}

}  // namespace besluitlog::projections
