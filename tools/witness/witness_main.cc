// besluitlog-witness: a transparency-log witness (c2sp.org/tlog-witness)
// that a party of the governance structure runs beside its own systems.
//
//   besluitlog-witness --name witness.gemeente-a.nl/1 --data_dir ./witness
//       --log 'besluitlog.example/zhz+1a2b3c4d+AU...' --listen 127.0.0.1:7380
//
// Serves POST /add-checkpoint (plain HTTP, or HTTPS with --tls_cert and
// --tls_key); keeps its key and per-log state in --data_dir (see
// tools/witness/witness.h) and prints its verifier key, which the log's
// operator configures (besluitlogd --witness) and auditors pin (a policy
// file's `witness` line). SIGTERM or SIGINT stops it.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "httplib.h"
#include "ledger/core/durable_file.h"
#include "ledger/core/signed_note.h"
#include "tools/witness/witness.h"

ABSL_FLAG(std::string, name, "",
          "This witness's key name, a schema-less URL such as witness.gemeente-a.nl/1.");
ABSL_FLAG(std::string, data_dir, "./witness", "Where the key and the per-log state are kept.");
ABSL_FLAG(std::vector<std::string>, log, {},
          "Verifier key(s) of the log(s) to witness, comma-separated, as besluitlogd prints "
          "them (<origin>+<key ID>+<key>); the origin is the key's name.");
ABSL_FLAG(std::string, listen, "127.0.0.1:7380", "host:port to serve on (port 0: a free one).");
ABSL_FLAG(std::string, port_file, "", "If set, the bound port is written here once serving.");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate: serve HTTPS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "besluitlog-witness --name NAME --data_dir DIR --log VKEY[,VKEY...] [--listen HOST:PORT]\n"
      "A C2SP tlog-witness for besluitlog checkpoints.");
  // --help lists this file's flags: absl looks for a file named after the
  // binary (besluitlog-witness), which this one is not.
  absl::FlagsUsageConfig config;
  config.contains_help_flags = config.contains_helpshort_flags = [](absl::string_view file) {
    return absl::StrContains(file, "tools/witness/witness_main");
  };
  absl::SetFlagsUsageConfig(config);
  absl::ParseCommandLine(argc, argv);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  besluitlog::tools::witness::WitnessOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.name = absl::GetFlag(FLAGS_name);
  for (const std::string& text : absl::GetFlag(FLAGS_log)) {
    absl::StatusOr<besluitlog::ledger::core::VerifierKey> key =
        besluitlog::ledger::core::ParseVerifierKey(text);
    if (!key.ok()) {
      std::fprintf(stderr, "besluitlog-witness: --log: %s\n",
                   std::string(key.status().message()).c_str());
      return 2;
    }
    options.logs.push_back(*std::move(key));
  }
  if (options.logs.empty()) {
    std::fprintf(stderr, "besluitlog-witness: name the log(s) to witness with --log VKEY\n");
    return 2;
  }
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  auto witness = besluitlog::tools::witness::Witness::Open(std::move(options));
  if (!witness.ok()) {
    std::fprintf(stderr, "besluitlog-witness: %s\n", witness.status().ToString().c_str());
    return 1;
  }

  std::unique_ptr<httplib::Server> server;
  const std::string cert = absl::GetFlag(FLAGS_tls_cert);
  if (!cert.empty()) {
    server =
        std::make_unique<httplib::SSLServer>(cert.c_str(), absl::GetFlag(FLAGS_tls_key).c_str());
  } else {
    server = std::make_unique<httplib::Server>();
  }
  if (!server->is_valid()) {
    std::fprintf(stderr, "besluitlog-witness: cannot set up the server (TLS files?)\n");
    return 1;
  }
  server->set_payload_max_length(1 << 20);
  server->Post("/add-checkpoint", [&](const httplib::Request& request,
                                      httplib::Response& response) {
    const besluitlog::tools::witness::HttpAnswer answer = (*witness)->AddCheckpoint(request.body);
    response.status = answer.status;
    response.set_content(answer.body, answer.content_type.c_str());
  });

  const std::string listen = absl::GetFlag(FLAGS_listen);
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    std::fprintf(stderr, "besluitlog-witness: --listen is host:port\n");
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  if (port == 0) {
    port = server->bind_to_any_port(host);
  } else if (!server->bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::fprintf(stderr, "besluitlog-witness: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  std::thread serving([&] { server->listen_after_bind(); });
  const std::string vkey = besluitlog::ledger::core::FormatVerifierKey((*witness)->verifier_key());
  std::fprintf(stderr, "besluitlog-witness: serving %s://%s:%d/add-checkpoint; verifier key %s\n",
               cert.empty() ? "http" : "https", host.c_str(), port, vkey.c_str());
  std::printf("%s\n", vkey.c_str());
  std::fflush(stdout);
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    if (!besluitlog::ledger::core::WriteFileDurably(port_file, absl::StrCat(port, "\n")).ok()) {
      std::fprintf(stderr, "besluitlog-witness: cannot write %s\n", port_file.c_str());
      return 1;
    }
  }
  int received = 0;
  sigwait(&signals, &received);
  server->stop();
  serving.join();
  std::fprintf(stderr, "besluitlog-witness: stopped\n");
  return 0;
}
