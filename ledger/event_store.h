// EventStore: the RocksDB database under one event log: its column families
// (laid out as storage_layout.h describes), their tuning, and the typed
// point reads that the write path, the read path and the checks share.
//
// INTERNAL to ledger/, like leveldb's write_batch_internal.h: only
// ledger/*.cc and the test peer (event_log_test_peer.h) include it, so that
// RocksDB's types stay out of every public header. EventLog holds its store
// behind a pointer.
//
// Guarantees:
//  - Reads return what is stored, durable or not: which part readers may see
//    is the event log's decision (the durable head), not the store's.
//  - Every rocksdb::Status becomes an absl::Status here or in the ledger/*.cc
//    that uses db() directly (rocksdb_status.h); none leaves ledger/.
//  - The store writes nothing itself except the format marker at Open.
//
// Thread-safety: all methods are thread-safe (a rocksdb::DB is); the store
// is immutable after Open. It must outlive everything that uses it.
#ifndef BESLUITLOG_LEDGER_EVENT_STORE_H_
#define BESLUITLOG_LEDGER_EVENT_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "ledger/storage_layout.h"
#include "rocksdb/db.h"

namespace besluitlog::ledger {

class EventStore {
 public:
  // Opens (with `read_only` false: creating if missing, with the format
  // marker) the database in `data_dir`. FAILED_PRECONDITION when it holds
  // another format.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<EventStore>> Open(const std::string& data_dir,
                                                                        bool read_only);

  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;
  ~EventStore();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* cf(ColumnFamily family) const {
    return handles_[static_cast<int>(family)];
  }

  // The head as recorded in the meta column family; position 0 and the
  // genesis hash when none is recorded.
  [[nodiscard]] absl::StatusOr<v1::Head> ReadHead() const;
  // Any stored event, durable or not. NOT_FOUND when none is stored there.
  [[nodiscard]] absl::StatusOr<v1::Event> ReadEvent(uint64_t position) const;
  // The highest version in the stream index (durable or not); 0 if none.
  [[nodiscard]] absl::StatusOr<uint64_t> LastStoredVersion(absl::string_view stream_id) const;
  // The position of one version of a stream, from the stream index.
  [[nodiscard]] absl::StatusOr<uint64_t> StreamPosition(absl::string_view stream_id,
                                                        uint64_t version) const;
  // The position of a stored event id (its 16 bytes), or nullopt.
  [[nodiscard]] absl::StatusOr<std::optional<uint64_t>> EventIdPosition(
      const std::string& id_key) const;

 private:
  EventStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles);

  // Writes the format marker into a new database, or checks it.
  absl::Status CheckFormat(bool read_only);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // By ColumnFamily.
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_STORE_H_
