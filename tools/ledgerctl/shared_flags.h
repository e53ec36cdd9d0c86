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

ABSL_DECLARE_FLAG(std::string, file);
ABSL_DECLARE_FLAG(std::vector<std::string>, type);
ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(std::string, known_at);
ABSL_DECLARE_FLAG(std::string, in_force_on);

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_
