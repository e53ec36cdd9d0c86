// The flags more than one ledgerctl group reads (defined once, in
// shared_flags.cc): --file (append, audit), --type (read, tail, export) and
// --data_dir (verify, replay, restore, token/cert add).
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_

#include <string>
#include <vector>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, file);
ABSL_DECLARE_FLAG(std::vector<std::string>, type);
ABSL_DECLARE_FLAG(std::string, data_dir);

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_SHARED_FLAGS_H_
