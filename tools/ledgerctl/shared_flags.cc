#include "tools/ledgerctl/shared_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, file, "",
          "append: read the JSON from this file; audit: check this exported trail.");
ABSL_FLAG(std::vector<std::string>, type, {}, "read --all/tail: only these event types.");
ABSL_FLAG(std::string, data_dir, "",
          "verify, replay: check or replay this data dir offline instead of asking a server.");
ABSL_FLAG(std::string, known_at, "",
          "show, replay: what the ledger knew at: a position (1200), an instant "
          "(2026-01-13T17:00:00+01:00) or a date (2026-01-13 = the end of that day, "
          "Europe/Amsterdam); default: now.");
ABSL_FLAG(std::string, in_force_on, "",
          "show agreements/roster/deadlines: what was in force on this date (YYYY-MM-DD; "
          "default today, Europe/Amsterdam).");
