#include "ledger/event_log_backup.h"

#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_log.h"
#include "ledger/event_store.h"
#include "ledger/rocksdb_status.h"
#include "rocksdb/utilities/checkpoint.h"

namespace besluitlog::ledger {

absl::StatusOr<v1::Head> WriteBackup(const EventStore& store, const std::string& directory,
                                     const EventLogOptions& options) {
  std::error_code error;
  if (std::filesystem::exists(directory, error)) {
    return absl::AlreadyExistsError(
        absl::StrCat("the backup directory ", directory, " exists already; name a new one"));
  }
  rocksdb::Checkpoint* raw = nullptr;
  RETURN_IF_ERROR(FromRocksDb(rocksdb::Checkpoint::Create(store.db(), &raw), "backup"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // Flushing first (log_size_for_flush 0) leaves no write only in a WAL.
  RETURN_IF_ERROR(FromRocksDb(checkpoint->CreateCheckpoint(directory, 0), "backup"));
  EventLogOptions read_only = options;
  read_only.read_only = true;
  ASSIGN_OR_RETURN(std::unique_ptr<EventLog> copy, EventLog::Open(directory, read_only));
  return copy->GetHead();
}

}  // namespace besluitlog::ledger
