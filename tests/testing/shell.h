// Running a command line and reading a file whole, for tests that drive the
// real binaries (besluitlogd, ledgerctl, chromium) and look at what they wrote.
#ifndef BESLUITLOG_TESTS_TESTING_SHELL_H_
#define BESLUITLOG_TESTS_TESTING_SHELL_H_

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace besluitlog::testing {

// Runs `command` with /bin/sh and returns its stdout (stderr goes where the
// command line sends it); `*exit_code` is its exit code, or -1 if it did not
// exit normally or could not start.
inline std::string RunCommand(const std::string& command, int* exit_code) {
  *exit_code = -1;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

// The bytes of the file at `path`; "" if it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_SHELL_H_
