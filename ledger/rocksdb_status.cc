#include "ledger/rocksdb_status.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace besluitlog::ledger {

absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (status.IsIOError()) return absl::UnavailableError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsNotFound()) return absl::NotFoundError(message);
  return absl::InternalError(message);
}

absl::StatusOr<std::optional<std::string>> FromRocksDbGet(const rocksdb::Status& status,
                                                          std::string* value,
                                                          absl::string_view context) {
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocksDb(status, context);
  return std::optional<std::string>(std::move(*value));
}

}  // namespace besluitlog::ledger
