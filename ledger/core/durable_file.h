// A small file replaced so that it survives a crash or kill -9 the moment
// the call returns: written to a temporary file beside it, fsync'd, renamed
// over it, and the directory fsync'd. A reader (or a restart) sees the old
// contents or the new, never half, and never the old after OK.
//
// Thread-safety: callers serialise writes to one path.
#ifndef BESLUITLOG_LEDGER_CORE_DURABLE_FILE_H_
#define BESLUITLOG_LEDGER_CORE_DURABLE_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace besluitlog::ledger::core {

// UNAVAILABLE "cannot write PATH: <reason>" when any step fails (then the
// old contents may remain; the caller must not act as if it was written).
[[nodiscard]] absl::Status WriteFileDurably(const std::string& path, absl::string_view contents);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_DURABLE_FILE_H_
