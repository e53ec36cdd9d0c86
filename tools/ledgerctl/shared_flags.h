// The flags more than one ledgerctl group reads (defined once, in
// shared_flags.cc): --file (append, audit), --type (read, tail, export),
// --data_dir (verify, replay, restore, token/cert add), and the two kinds of
// time (docs/projections.md): --known_at, what the ledger knew at (show,
// replay), and --in_force_on, what was in force on a date (show agreements,
// roster, deadlines).
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"

ABSL_DECLARE_FLAG(std::string, file);
ABSL_DECLARE_FLAG(std::vector<std::string>, type);
ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(std::string, known_at);
ABSL_DECLARE_FLAG(std::string, in_force_on);
ABSL_DECLARE_FLAG(std::string, as_of);

namespace besluitlog::tools::ledgerctl {

// --known_at, or the deprecated --as_of (same values, kept for one release)
// with a note on stderr naming its replacement; INVALID_ARGUMENT when both
// are given and differ. Every command that reads --known_at reads it here.
[[nodiscard]] absl::StatusOr<std::string> KnownAtFromFlags();

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_
