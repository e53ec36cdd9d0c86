// Reading a whole (small) file: certificates, keys, tokens, seeds, JSON.
#ifndef BESLUITLOG_TOOLS_FILE_TEXT_H_
#define BESLUITLOG_TOOLS_FILE_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace besluitlog::tools {

// The bytes of `path`; NOT_FOUND "cannot read [the WHAT file ]PATH".
[[nodiscard]] absl::StatusOr<std::string> ReadFileText(const std::string& path,
                                                       absl::string_view what = "");

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_FILE_TEXT_H_
