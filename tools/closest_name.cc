#include "tools/closest_name.h"

#include <algorithm>
#include <cstddef>

#include "absl/strings/ascii.h"

namespace besluitlog::tools {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> ClosestName(absl::string_view typed,
                                       const std::vector<std::string>& known) {
  const std::string lower = absl::AsciiStrToLower(typed);
  const size_t allowed = std::min<size_t>(3, std::max<size_t>(2, lower.size() / 3));
  std::optional<std::string> best;
  size_t best_distance = allowed + 1;
  for (const std::string& name : known) {
    const size_t distance = EditDistance(lower, absl::AsciiStrToLower(name));
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
    }
  }
  return best;
}

}  // namespace besluitlog::tools
