// Reading and writing a whole (small) file: certificates, keys, tokens,
// seeds, JSON, pinned keys, the port file.
#ifndef BESLUITLOG_TOOLS_FILE_TEXT_H_
#define BESLUITLOG_TOOLS_FILE_TEXT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace besluitlog::tools {

// The bytes of `path`; NOT_FOUND "cannot read [the WHAT file ]PATH".
[[nodiscard]] absl::StatusOr<std::string> ReadFileText(const std::string& path,
                                                       absl::string_view what = "");

// Writes `text` to a temporary file beside `path` and renames it over
// `path`, so a reader or a crash sees the old file or the new one, never
// half; UNAVAILABLE "cannot write PATH".
[[nodiscard]] absl::Status WriteFileTextAtomically(const std::string& path, absl::string_view text);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_FILE_TEXT_H_
