// mixed_load: starts besluitlogd on a scratch data dir and runs
// bench::RunMixedLoad against it — 64 clients for 60 s by default, mixing
// appends (with provoked conflicts), reads, queries and subscriptions — then
// prints the counts and the server's peak and final RSS. Exits 1 when any
// call failed other than a provoked conflict.
//
//   build/bench/mixed_load [--clients 64] [--seconds 60]
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "bench/mixed_load.h"

ABSL_FLAG(int, clients, 64, "Concurrent clients (of which --subscribers subscribe).");
ABSL_FLAG(int, subscribers, 8, "Clients that only follow the log.");
ABSL_FLAG(double, seconds, 60, "How long the load runs.");
ABSL_FLAG(std::string, besluitlogd, BESLUITLOGD_PATH, "The server binary.");

extern char** environ;

namespace {

// "VmHWM" (peak) or "VmRSS" (now) of a process, in MiB.
double MemoryMiB(pid_t pid, const std::string& field) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("besluitlog-load-", getpid()))
          .string();
  std::filesystem::create_directories(dir);
  const std::string port_file = dir + "/port";
  std::vector<std::string> args = {absl::GetFlag(FLAGS_besluitlogd), "--listen=127.0.0.1:0",
                                   "--data_dir=" + dir + "/data", "--port_file=" + port_file};
  std::vector<char*> argv_server;
  for (std::string& arg : args) argv_server.push_back(arg.data());
  argv_server.push_back(nullptr);
  pid_t server = -1;
  if (posix_spawn(&server, args[0].c_str(), nullptr, nullptr, argv_server.data(), environ) != 0) {
    std::fprintf(stderr, "cannot start %s\n", args[0].c_str());
    return 2;
  }
  int port = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (port == 0 && absl::Now() < deadline) {
    std::ifstream in(port_file);
    if (!(in >> port)) absl::SleepFor(absl::Milliseconds(20));  // Polling a file.
  }
  std::string token;
  std::ifstream(dir + "/data/admin.token") >> token;
  besluitlog::bench::MixedLoadOptions options;
  options.clients = absl::GetFlag(FLAGS_clients);
  options.subscribers = absl::GetFlag(FLAGS_subscribers);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  options.identities_file = dir + "/data/identities";
  besluitlog::tools::ClientOptions client;
  client.server = absl::StrCat("127.0.0.1:", port);
  client.token = token;
  const besluitlog::bench::MixedLoadReport report =
      besluitlog::bench::RunMixedLoad(client, options);
  const double peak = MemoryMiB(server, "VmHWM");
  const double now = MemoryMiB(server, "VmRSS");
  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);
  std::filesystem::remove_all(dir);

  const double s = report.seconds;
  std::printf("mixed load: %d clients (%d subscribers), %.1f s\n", options.clients,
              options.subscribers, s);
  std::printf("  appends    %10llu  (%.0f/s)\n", static_cast<unsigned long long>(report.appends),
              report.appends / s);
  std::printf("  conflicts  %10llu  (provoked: stale expected versions)\n",
              static_cast<unsigned long long>(report.conflicts));
  std::printf("  reads      %10llu  (%.0f/s)\n", static_cast<unsigned long long>(report.reads),
              report.reads / s);
  std::printf("  queries    %10llu  (%.0f/s)\n", static_cast<unsigned long long>(report.queries),
              report.queries / s);
  std::printf("  delivered  %10llu  events to subscribers (%.0f/s)\n",
              static_cast<unsigned long long>(report.delivered), report.delivered / s);
  std::printf("  errors     %10llu\n", static_cast<unsigned long long>(report.errors));
  for (const std::string& error : report.first_errors) std::printf("    %s\n", error.c_str());
  std::printf("  server RSS peak %.0f MiB, at the end %.0f MiB; clean exit: %s\n", peak, now,
              WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
  return report.errors == 0 ? 0 : 1;
}
