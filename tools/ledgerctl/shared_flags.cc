#include "tools/ledgerctl/shared_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, file, "",
          "append: read the JSON from this file; audit: check this exported trail.");
ABSL_FLAG(std::vector<std::string>, type, {}, "read --all/tail: only these event types.");
ABSL_FLAG(std::string, data_dir, "",
          "verify: check this data dir offline instead of asking a server.");
