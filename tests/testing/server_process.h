// A besluitlogd child process on a port it picks itself, for tests that run
// the real binaries (besluitlogd, ledgerctl) against each other.
#ifndef BESLUITLOG_TESTS_TESTING_SERVER_PROCESS_H_
#define BESLUITLOG_TESTS_TESTING_SERVER_PROCESS_H_

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace besluitlog::testing {

class ServerProcess {
 public:
  // Runs `binary` on `data_dir`, writing its port to `scratch`/port.
  ServerProcess(const std::string& binary, const std::string& data_dir, const std::string& scratch)
      : data_dir_(data_dir), port_file_(scratch + "/port") {
    std::remove(port_file_.c_str());
    std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--data_dir=" + data_dir,
                                      "--port_file=" + port_file_};
    std::vector<char*> argv = {const_cast<char*>(binary.c_str())};
    for (std::string& flag : flags) argv.push_back(flag.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status;
      waitpid(pid_, &status, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Waits (bounded) until the server has written its port; "" on failure.
  std::string WaitForAddress() {
    const absl::Time deadline = absl::Now() + absl::Seconds(120);
    while (absl::Now() < deadline) {
      std::ifstream in(port_file_);
      int port = 0;
      if (in >> port && port > 0) return absl::StrCat("127.0.0.1:", port);
      int status;
      if (pid_ <= 0 || waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return "";
      }
      absl::SleepFor(absl::Milliseconds(20));  // Polling a file, not syncing.
    }
    return "";
  }

  // "--server=... --token_file=..." for ledgerctl, as the first admin
  // (whose token the server writes on a data dir without identities).
  std::string AdminFlags(const std::string& address) const {
    return absl::StrCat("--server=", address, " --token_file=", data_dir_, "/admin.token");
  }

 private:
  std::string data_dir_;
  std::string port_file_;
  pid_t pid_ = -1;
};

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_SERVER_PROCESS_H_
