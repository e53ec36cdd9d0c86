// SiteFiles: writes the site's files so that a publish changes only what
// changed. Each file is compared byte for byte with the one in the site and
// written (temp file + rename, so a web server never serves half a file)
// only when it differs; big files (the downloads) are written to a staging
// file first and compared in chunks. Sweep removes the files of the site's
// own folders that this publish did not produce. Paths are relative to the
// site's root. Not thread-safe.
#ifndef BESLUITLOG_TOOLS_PUBLISH_SITE_FILES_H_
#define BESLUITLOG_TOOLS_PUBLISH_SITE_FILES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace besluitlog::tools::publish {

class SiteFiles {
 public:
  explicit SiteFiles(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string Absolute(absl::string_view path) const;

  // Writes `bytes` to `path` unless the file holds exactly them.
  [[nodiscard]] absl::Status Put(const std::string& path, absl::string_view bytes);
  // Keeps the file at `path` as it is (produced, unchanged).
  void Keep(const std::string& path);
  // The bytes at `path`, or "" when there is no such file.
  std::string Existing(const std::string& path) const;

  // Where to write a big file for `path` before Commit.
  [[nodiscard]] absl::Status Stage(const std::string& path, std::string* staging);
  // Moves the staged file over `path` when their bytes differ, else drops it.
  [[nodiscard]] absl::Status Commit(const std::string& path, const std::string& staging);

  // Removes the files under `folders` (and the root files whose name starts
  // with one of `root_prefixes`) that were neither put nor kept.
  [[nodiscard]] absl::Status Sweep(const std::vector<std::string>& folders,
                                   const std::vector<std::string>& root_prefixes);

  const std::vector<std::string>& written() const { return written_; }
  const std::vector<std::string>& unchanged() const { return unchanged_; }
  const std::vector<std::string>& removed() const { return removed_; }

 private:
  std::string root_;
  absl::flat_hash_set<std::string> produced_;
  std::vector<std::string> written_, unchanged_, removed_;
};

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_SITE_FILES_H_
