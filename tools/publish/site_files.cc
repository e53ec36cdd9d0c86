#include "tools/publish/site_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/file_text.h"

namespace besluitlog::tools::publish {
namespace {

absl::Status MakeParent(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create the folder of ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

bool SameBytes(const std::string& a, const std::string& b) {
  std::ifstream x(a, std::ios::binary), y(b, std::ios::binary);
  if (!x || !y) return false;
  std::error_code error;
  if (std::filesystem::file_size(a, error) != std::filesystem::file_size(b, error)) return false;
  std::string bx(1 << 20, '\0'), by(1 << 20, '\0');
  while (x && y) {
    x.read(bx.data(), bx.size());
    y.read(by.data(), by.size());
    if (x.gcount() != y.gcount() || bx.compare(0, x.gcount(), by, 0, y.gcount()) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string SiteFiles::Absolute(absl::string_view path) const {
  return absl::StrCat(root_, "/", path);
}

std::string SiteFiles::Existing(const std::string& path) const {
  std::ifstream in(Absolute(path), std::ios::binary);
  if (!in) return "";
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

absl::Status SiteFiles::Put(const std::string& path, absl::string_view bytes) {
  produced_.insert(path);
  const std::string target = Absolute(path);
  std::error_code error;
  if (std::filesystem::exists(target, error) &&
      std::filesystem::file_size(target, error) == bytes.size() && Existing(path) == bytes) {
    unchanged_.push_back(path);
    return absl::OkStatus();
  }
  if (absl::Status made = MakeParent(target); !made.ok()) return made;
  if (absl::Status written = WriteFileTextAtomically(target, bytes); !written.ok()) return written;
  written_.push_back(path);
  return absl::OkStatus();
}

void SiteFiles::Keep(const std::string& path) {
  produced_.insert(path);
  unchanged_.push_back(path);
}

absl::Status SiteFiles::Stage(const std::string& path, std::string* staging) {
  const std::string target = Absolute(path);
  if (absl::Status made = MakeParent(target); !made.ok()) return made;
  *staging = absl::StrCat(target, ".publishing");
  return absl::OkStatus();
}

absl::Status SiteFiles::Commit(const std::string& path, const std::string& staging) {
  produced_.insert(path);
  const std::string target = Absolute(path);
  if (SameBytes(staging, target)) {
    std::remove(staging.c_str());
    unchanged_.push_back(path);
    return absl::OkStatus();
  }
  if (std::rename(staging.c_str(), target.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot write ", target));
  }
  written_.push_back(path);
  return absl::OkStatus();
}

absl::Status SiteFiles::Sweep(const std::vector<std::string>& folders,
                              const std::vector<std::string>& root_prefixes) {
  std::error_code error;
  std::vector<std::string> stale;
  for (const std::string& folder : folders) {
    const std::string dir = Absolute(folder);
    if (!std::filesystem::is_directory(dir, error)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
      const std::string path = absl::StrCat(folder, "/", entry.path().filename().string());
      if (entry.is_regular_file() && !produced_.contains(path)) stale.push_back(path);
    }
  }
  for (const auto& entry : std::filesystem::directory_iterator(root_, error)) {
    const std::string name = entry.path().filename().string();
    for (const std::string& prefix : root_prefixes) {
      if (entry.is_regular_file() && absl::StartsWith(name, prefix) && !produced_.contains(name)) {
        stale.push_back(name);
      }
    }
  }
  for (const std::string& path : stale) {
    if (!std::filesystem::remove(Absolute(path), error) && error) {
      return absl::UnavailableError(absl::StrCat("cannot remove ", Absolute(path)));
    }
    removed_.push_back(path);
  }
  return absl::OkStatus();
}

}  // namespace besluitlog::tools::publish
