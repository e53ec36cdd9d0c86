// EventLogTestPeer: for tests only (never compiled into besluitlog_ledger).
// The way tests reach an EventLog's RocksDB database, to damage stored data
// on purpose as a failing disk or someone with `ldb` would; production code
// has no such access. Like event_store.h, which it includes, it names
// RocksDB types: only tests include it.
//
// Thread-safety: as RocksDB's DB; the log must outlive what this returns.
#ifndef BESLUITLOG_LEDGER_EVENT_LOG_TEST_PEER_H_
#define BESLUITLOG_LEDGER_EVENT_LOG_TEST_PEER_H_

#include "ledger/event_log.h"
#include "ledger/event_store.h"
#include "ledger/storage_layout.h"
#include "rocksdb/db.h"

namespace besluitlog::ledger {

class EventLogTestPeer {
 public:
  static rocksdb::DB* db(EventLog& log) { return log.store_->db(); }
  static rocksdb::ColumnFamilyHandle* column_family(EventLog& log, ColumnFamily family) {
    return log.store_->cf(family);
  }
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_LOG_TEST_PEER_H_
