// A fresh directory under $TMPDIR (or /tmp), removed with everything in it
// when the object goes away. For tests that need a real data dir.
#ifndef BESLUITLOG_TESTS_TESTING_TEMP_DIR_H_
#define BESLUITLOG_TESTS_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace besluitlog::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base ? base : "/tmp") + "/besluitlog_test_XXXXXX";
    char* made = mkdtemp(pattern.data());
    path_ = made != nullptr ? made : "";
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_TEMP_DIR_H_
