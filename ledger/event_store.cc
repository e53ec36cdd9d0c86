#include "ledger/event_store.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/status_macros.h"
#include "ledger/key_prefix.h"
#include "ledger/rocksdb_status.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"

namespace besluitlog::ledger {
namespace {

rocksdb::ColumnFamilyOptions MakeColumnFamilyOptions(ColumnFamily family,
                                                     const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  if (family == ColumnFamily::kEvents) {
    // Read mostly in position order: bigger blocks, no bloom filter.
    table.block_size = 32 * 1024;
    options.write_buffer_size = 64 << 20;
  } else {
    // Point look-ups by stream head, stream version and event id.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    options.write_buffer_size = 32 << 20;
  }
  if (family == ColumnFamily::kMerkle) {
    // Each level's nodes are written in index order.
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  }
  if (family == ColumnFamily::kStreamIndex) {
    // Stream index keys are `stream_id 0x00 version`, each stream's
    // versions inserted in order.
    options.memtable_insert_with_hint_prefix_extractor =
        NewZeroTerminatedPrefix("besluitlog.StreamPrefix");
  }
  if (family == ColumnFamily::kEvents || family == ColumnFamily::kEventIds) {
    // Positions only grow, and server-assigned ids are time-ordered:
    // remembering where the last insert went saves most of the skip-list
    // search on each memtable insert.
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventStore>> EventStore::Open(const std::string& data_dir,
                                                             bool read_only) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !read_only;
  db_options.create_missing_column_families = !read_only;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;

  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(64 << 20);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kColumnFamilyCount; ++i) {
    const auto family = static_cast<ColumnFamily>(i);
    descriptors.emplace_back(ColumnFamilyName(family), MakeColumnFamilyOptions(family, cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status s =
      read_only ? rocksdb::DB::OpenForReadOnly(db_options, data_dir, descriptors, &handles, &raw_db)
                : rocksdb::DB::Open(db_options, data_dir, descriptors, &handles, &raw_db);
  RETURN_IF_ERROR(FromRocksDb(s, absl::StrCat("opening the ledger in ", data_dir)));
  std::unique_ptr<EventStore> store(
      new EventStore(std::unique_ptr<rocksdb::DB>(raw_db), std::move(handles)));
  RETURN_IF_ERROR(store->CheckFormat(read_only));
  return store;
}

EventStore::EventStore(std::unique_ptr<rocksdb::DB> db,
                       std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : db_(std::move(db)), handles_(std::move(handles)) {}

EventStore::~EventStore() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::Status EventStore::CheckFormat(bool read_only) {
  std::string format;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kMeta), std::string(kFormatKey), &format);
  if (s.IsNotFound()) {
    if (!read_only) {
      rocksdb::WriteOptions write_options;
      write_options.sync = true;
      RETURN_IF_ERROR(FromRocksDb(db_->Put(write_options, cf(ColumnFamily::kMeta),
                                           std::string(kFormatKey), std::string(kFormatValue)),
                                  "writing the format marker"));
    }
  } else {
    RETURN_IF_ERROR(FromRocksDb(s, "reading the format marker"));
    if (format != kFormatValue) {
      return absl::FailedPreconditionError(absl::StrCat(
          "data dir holds format \"", format, "\"; this build reads \"", kFormatValue, "\""));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Head> EventStore::ReadHead() const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kMeta), std::string(kHeadKey), &value);
  v1::Head head;
  if (s.IsNotFound()) {
    head.set_hash(core::GenesisHash());
    return head;
  }
  RETURN_IF_ERROR(FromRocksDb(s, "reading the head record"));
  if (value.size() != 8 + core::kHashSize) {
    return absl::DataLossError("the head record is damaged");
  }
  head.set_position(core::ReadBigEndian64(value.data()));
  head.set_hash(value.substr(8));
  return head;
}

absl::StatusOr<v1::Event> EventStore::ReadEvent(uint64_t position) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kEvents), EventKey(position), &value);
  if (s.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("no event at position ", position));
  }
  RETURN_IF_ERROR(FromRocksDb(s, "reading an event"));
  v1::Event event;
  if (!event.ParseFromString(value)) {
    return absl::DataLossError(
        absl::StrCat("the event at position ", position, " cannot be decoded"));
  }
  return event;
}

absl::StatusOr<uint64_t> EventStore::LastStoredVersion(absl::string_view stream_id) const {
  const std::string lower = StreamIndexKey(stream_id, 0);
  const rocksdb::Slice lower_bound(lower);
  rocksdb::ReadOptions read_options;
  read_options.iterate_lower_bound = &lower_bound;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(read_options, cf(ColumnFamily::kStreamIndex)));
  it->SeekForPrev(StreamIndexKey(stream_id, UINT64_MAX));
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading the stream index"));
  if (!it->Valid() || it->key().size() != lower.size() ||
      !it->key().starts_with(rocksdb::Slice(lower.data(), stream_id.size() + 1))) {
    return 0;
  }
  return core::ReadBigEndian64(it->key().data() + stream_id.size() + 1);
}

absl::StatusOr<uint64_t> EventStore::StreamPosition(absl::string_view stream_id,
                                                    uint64_t version) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kStreamIndex),
                               StreamIndexKey(stream_id, version), &value);
  RETURN_IF_ERROR(FromRocksDb(s, "reading the stream index"));
  if (value.size() != 8) {
    return absl::DataLossError("stream index entry is damaged");
  }
  return core::ReadBigEndian64(value.data());
}

absl::StatusOr<std::optional<uint64_t>> EventStore::EventIdPosition(
    const std::string& id_key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kEventIds), id_key, &value);
  if (s.IsNotFound()) return std::optional<uint64_t>();
  RETURN_IF_ERROR(FromRocksDb(s, "reading event id index"));
  if (value.size() != 8) {
    return absl::DataLossError("event id index entry is damaged");
  }
  return std::optional<uint64_t>(core::ReadBigEndian64(value.data()));
}

}  // namespace besluitlog::ledger
