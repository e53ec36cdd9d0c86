// Backups of a live event log: a RocksDB checkpoint (hard links to the
// immutable SST files plus a copy of the rest) taken while appends go on.
//
// Guarantees: the copy is consistent (a prefix of the log that a log opened
// there holds, with its head record); nothing is written outside
// `directory`, and a `directory` that exists is refused, never written
// into. Restoring is `ledgerctl restore`, which verifies what it copies.
//
// Thread-safety: safe beside appends and reads (RocksDB's checkpoint is).
#ifndef BESLUITLOG_LEDGER_EVENT_LOG_BACKUP_H_
#define BESLUITLOG_LEDGER_EVENT_LOG_BACKUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "besluitlog/v1/event.pb.h"
#include "ledger/event_log_options.h"

namespace besluitlog::ledger {

class EventStore;

// Writes a copy of `store` to `directory` (which must not exist) and
// returns the head of the copy, as a log opened there with `options`
// (read-only) reports it. ALREADY_EXISTS when `directory` exists.
[[nodiscard]] absl::StatusOr<v1::Head> WriteBackup(const EventStore& store,
                                                   const std::string& directory,
                                                   const EventLogOptions& options);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_LOG_BACKUP_H_
