// Turns rocksdb::Status into absl::Status so that RocksDB's status type never
// leaves ledger/. Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_ROCKSDB_STATUS_H_
#define BESLUITLOG_LEDGER_ROCKSDB_STATUS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace besluitlog::ledger {

// Maps a full disk to RESOURCE_EXHAUSTED, I/O errors to UNAVAILABLE,
// corruption to DATA_LOSS, not-found to NOT_FOUND and the rest to INTERNAL.
// `context` says what was being done, e.g. "writing events".
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context);

// The outcome of a point read (DB::Get) into `value`: the value, nullopt
// when the key is absent, or the error as above.
absl::StatusOr<std::optional<std::string>> FromRocksDbGet(const rocksdb::Status& status,
                                                          std::string* value,
                                                          absl::string_view context);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_ROCKSDB_STATUS_H_
