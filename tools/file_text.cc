#include "tools/file_text.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace besluitlog::tools {

absl::StatusOr<std::string> ReadFileText(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", what.empty() ? "" : "the ", what,
                                            what.empty() ? "" : " file ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace besluitlog::tools
