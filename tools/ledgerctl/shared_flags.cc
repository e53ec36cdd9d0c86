#include "tools/ledgerctl/shared_flags.h"

#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/status/status.h"

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
ABSL_FLAG(std::string, as_of, "",
          "show, replay: deprecated, use --known_at (kept for one release; same values).");

namespace besluitlog::tools::ledgerctl {

absl::StatusOr<std::string> KnownAtFromFlags() {
  std::string known_at = absl::GetFlag(FLAGS_known_at);
  if (const std::string old = absl::GetFlag(FLAGS_as_of); !old.empty()) {
    std::fprintf(stderr, "ledgerctl: --as_of is deprecated; use --known_at %s\n", old.c_str());
    if (!known_at.empty() && known_at != old) {
      return absl::InvalidArgumentError("give --known_at or --as_of, not both");
    }
    known_at = old;
  }
  return known_at;
}

}  // namespace besluitlog::tools::ledgerctl
