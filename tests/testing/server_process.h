// A besluitlogd child process on a port it picks itself, for tests that run
// the real binaries (besluitlogd, ledgerctl) against each other.
#ifndef BESLUITLOG_TESTS_TESTING_SERVER_PROCESS_H_
#define BESLUITLOG_TESTS_TESTING_SERVER_PROCESS_H_

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "ledger/access_policy.h"
#include "services/identity_file.h"
#include "tests/testing/child_process.h"

namespace besluitlog::testing {

class ServerProcess {
 public:
  // Runs `binary` with `flags` on `data_dir`, writing its port to
  // `scratch`/port.
  ServerProcess(const std::string& binary, const std::string& data_dir, const std::string& scratch,
                std::vector<std::string> flags = {"--listen=127.0.0.1:0"})
      : data_dir_(data_dir),
        process_(binary, WithDataDir(std::move(flags), data_dir), scratch + "/port") {}

  // Waits (bounded) until the server has written its port; "" on failure.
  std::string WaitForAddress() {
    const int port = process_.WaitForPort();
    return port > 0 ? absl::StrCat("127.0.0.1:", port) : "";
  }

  const std::string& data_dir() const { return data_dir_; }

  // The first admin's token, written by the server on a data dir without
  // identities.
  std::string admin_token_file() const { return data_dir_ + "/admin.token"; }
  std::string AdminToken() const {
    std::ifstream in(admin_token_file());
    std::string token;
    in >> token;
    return token;
  }
  // Adds an identity to the server's identities file; returns its token.
  std::string AddToken(const std::string& name, ledger::Role role) const {
    absl::StatusOr<std::string> token =
        services::IdentityFile::AddToken(data_dir_ + "/identities", name, role);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }
  // "--server=... --token_file=..." for ledgerctl, as the first admin.
  std::string AdminFlags(const std::string& address) const {
    return absl::StrCat("--server=", address, " --token_file=", admin_token_file());
  }

  // Sends `signal` without waiting for the process.
  void Signal(int signal) { process_.Signal(signal); }
  // The exit status once the process has ended, or nullopt if it still runs
  // at `deadline`.
  std::optional<int> WaitForExit(absl::Time deadline) { return process_.WaitForExit(deadline); }
  // Sends `signal` and returns the exit status.
  int Kill(int signal) { return process_.Kill(signal); }

 private:
  static std::vector<std::string> WithDataDir(std::vector<std::string> flags,
                                              const std::string& data_dir) {
    flags.push_back("--data_dir=" + data_dir);
    return flags;
  }

  std::string data_dir_;
  ChildProcess process_;
};

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_SERVER_PROCESS_H_
