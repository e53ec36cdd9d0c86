// A program of this build run as a child process that writes the port it
// bound to a file, for tests that run the real binaries (besluitlogd,
// besluitlog-witness, ledgerctl) against each other. The child is killed
// (SIGKILL) when the object goes, unless it has already been waited for.
#ifndef BESLUITLOG_TESTS_TESTING_CHILD_PROCESS_H_
#define BESLUITLOG_TESTS_TESTING_CHILD_PROCESS_H_

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace besluitlog::testing {

class ChildProcess {
 public:
  // Runs `path` with `args` and "--port_file=`port_file`" (removed first, so
  // a port is only read once this child wrote it).
  ChildProcess(const std::string& path, std::vector<std::string> args, const std::string& port_file)
      : port_file_(port_file) {
    std::remove(port_file_.c_str());
    args.insert(args.begin(), path);
    args.push_back("--port_file=" + port_file_);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, path.c_str(), nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  }
  ~ChildProcess() { Kill(SIGKILL); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The port once the child has written it (bounded wait), or 0 if it ended
  // or did not start first.
  int WaitForPort() {
    const absl::Time deadline = absl::Now() + absl::Seconds(120);
    while (absl::Now() < deadline && pid_ > 0) {
      std::ifstream in(port_file_);
      int port = 0;
      if (in >> port && port > 0) return port;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return 0;
      }
      absl::SleepFor(absl::Milliseconds(20));  // Polling a file, not syncing.
    }
    return 0;
  }

  // Sends `signal` without waiting for the child.
  void Signal(int signal) {
    if (pid_ > 0) kill(pid_, signal);
  }
  // The exit status once the child has ended, or nullopt if it still runs
  // at `deadline`.
  std::optional<int> WaitForExit(absl::Time deadline) {
    while (pid_ > 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return status;
      }
      if (absl::Now() >= deadline) return std::nullopt;
      absl::SleepFor(absl::Milliseconds(10));  // Polling a process, not syncing.
    }
    return std::nullopt;
  }
  // Sends `signal` and returns the exit status; -1 if there is no child
  // (it did not start, or has already been waited for).
  int Kill(int signal = SIGKILL) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  std::string port_file_;
  pid_t pid_ = -1;
};

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_CHILD_PROCESS_H_
