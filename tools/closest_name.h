// ClosestName: for "did you mean …?" answers to a mistyped name (a command, a
// body, an act type). Pure; thread-safe.
#ifndef BESLUITLOG_TOOLS_CLOSEST_NAME_H_
#define BESLUITLOG_TOOLS_CLOSEST_NAME_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace besluitlog::tools {

// The known name nearest to `typed` by edit distance (insertions, deletions,
// substitutions of one byte each, case ignored), when it is near enough to
// be a typing mistake: within a third of the typed length in edits, but
// always 2 and never more than 3; nullopt otherwise. Ties go to the name
// listed first.
std::optional<std::string> ClosestName(absl::string_view typed,
                                       const std::vector<std::string>& known);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_CLOSEST_NAME_H_
