// The one RocksDB prefix extractor for keys shaped `name 0x00 u64`: the event
// log's stream index (`stream_id 0x00 version`) and the projection store's
// versions (`"V" entity 0x00 position`). Each name's keys are inserted in
// order, so with this as memtable_insert_with_hint_prefix_extractor RocksDB
// remembers where that name's last insert went and each insert is O(1)
// instead of a skip-list search. Only memtable hints: nothing on disk
// depends on it. Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_KEY_PREFIX_H_
#define BESLUITLOG_LEDGER_KEY_PREFIX_H_

#include <memory>

#include "rocksdb/slice_transform.h"

namespace besluitlog::ledger {

// Keys up to and including their first 0x00 byte. Keys without one, and
// with a `lead` byte other than 0 keys that do not start with it, are
// outside its domain (no hint). `name` is RocksDB's name for it.
std::shared_ptr<const rocksdb::SliceTransform> NewZeroTerminatedPrefix(const char* name,
                                                                       char lead = '\0');

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_KEY_PREFIX_H_
