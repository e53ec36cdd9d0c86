#include "ledger/core/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace besluitlog::ledger::core {
namespace {

absl::Status Failed(const std::string& path, const char* step) {
  return absl::UnavailableError(
      absl::StrCat("cannot write ", path, ": ", step, ": ", std::strerror(errno)));
}

}  // namespace

absl::Status WriteFileDurably(const std::string& path, absl::string_view contents) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Failed(path, "open");
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Failed(path, "write");
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return Failed(path, "fsync");
  }
  if (::close(fd) != 0) return Failed(path, "close");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Failed(path, "rename");
  // The rename itself is durable only once the directory is.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Failed(path, "open directory");
  const int synced = ::fsync(dir_fd);
  ::close(dir_fd);
  if (synced != 0) return Failed(path, "fsync directory");
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::core
