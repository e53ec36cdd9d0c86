// besluitlogd: the ledger server.
//
//   besluitlogd --listen 127.0.0.1:50051 --data_dir ./data
//
// Every call is authenticated (bearer token or TLS client certificate, see
// services/authenticator.h); on a fresh data dir the first admin's token is
// written to DATA_DIR/admin.token. Without --tls_cert/--tls_key it serves
// plaintext on loopback only.
//
// SIGTERM or SIGINT stops it gracefully: new appends are refused with
// UNAVAILABLE (nothing stored), subscriptions end with UNAVAILABLE, calls
// already received finish (appends written, fsync'd and answered; those still
// running after --shutdown_grace are cancelled, and counted on stderr), reads
// waiting for the projections to reach a position end at once with
// UNAVAILABLE, idle connections are closed at once, then it exits 0.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/signed_note.h"
#include "ledger/event_log.h"
#include "projections/governance_views.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"
#include "tools/file_text.h"
#include "tools/trusted_keys.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address to serve gRPC on (host:port; port 0 picks a free one).");
ABSL_FLAG(std::string, data_dir, "./data", "RocksDB data directory.");
ABSL_FLAG(uint64_t, max_event_bytes, 1 << 20, "Largest serialized event accepted, in bytes.");
ABSL_FLAG(uint64_t, max_events_per_append, 1000, "Most events accepted in one append.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound port is written to this file once serving "
          "(for scripts and tests that use port 0).");

ABSL_FLAG(int, max_subscriptions, 256,
          "Open subscriptions at once; more get RESOURCE_EXHAUSTED (each holds a thread).");
ABSL_FLAG(uint64_t, min_free_disk_mb, 256,
          "Refuse appends (RESOURCE_EXHAUSTED) while the data dir's disk has less "
          "free space than this; they resume when space returns.");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain of the server; TLS with --tls_key.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA of client certificates: enables mutual TLS (clients may then "
          "authenticate with a certificate whose common name is registered).");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGTERM/SIGINT, how long calls in flight may take to finish before "
          "they are cancelled; idle connections and subscriptions never wait for it.");
ABSL_FLAG(uint64_t, projection_page_events, 20000,
          "For tests only (to catch a rebuild under way): events per page the "
          "projection runner applies and commits at once.");
ABSL_FLAG(std::string, identities_file, "",
          "Who may call (default DATA_DIR/identities); see `ledgerctl token add`.");
ABSL_FLAG(uint64_t, scrub_events_per_second, 10000,
          "The background scrub re-verifies the whole stored chain and Merkle tree at "
          "most this fast (0: no scrub); damage found stops appends.");
ABSL_FLAG(absl::Duration, scrub_interval, absl::Hours(1),
          "From the start of one scrub pass to the start of the next.");
ABSL_FLAG(std::string, origin, "besluitlog.localhost/ledger",
          "The log's identity in its C2SP checkpoints (first line, and its key's name): a "
          "schema-less URL unique to this ledger, e.g. besluitlog.zhz.example/jeugdzorg. "
          "Witnesses and auditors pin it; do not change it once published.");
ABSL_FLAG(std::vector<std::string>, witness, {},
          "A witness (besluitlog-witness or any C2SP tlog-witness): "
          "name=<verifier key>@<url>; repeat the flag (or separate with commas) for more.");
ABSL_FLAG(int, witness_policy, 0,
          "Cosignatures a checkpoint needs to count as witnessed (k of the n --witness); "
          "0: all of them.");
ABSL_FLAG(absl::Duration, witness_batch_interval, absl::Seconds(2),
          "While acts arrive, ask the witnesses at most this often.");
ABSL_FLAG(std::string, witness_tls_ca, "",
          "PEM file of the CA(s) that signed the HTTPS certificates of https:// witnesses (a "
          "witness's own self-signed certificate will do); default: the system's CAs.");
ABSL_FLAG(absl::Duration, witness_timeout, absl::Seconds(5),
          "How long one witness may take to connect, or to answer, before it is skipped.");

namespace {

// Without TLS nobody else may listen in: bind to loopback whatever was asked.
std::string LoopbackOnly(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  if (host == "127.0.0.1" || host == "localhost" || host == "[::1]") return listen;
  std::fprintf(stderr,
               "besluitlogd: no TLS (--tls_cert/--tls_key): listening on loopback only, "
               "not on %s\n",
               host.c_str());
  return "127.0.0.1" + listen.substr(colon);
}

// On a fresh data dir, the first admin's token is written beside the data
// (0600), so that whoever owns the machine can set up the others.
bool BootstrapAdmin(const std::string& identities, const std::string& data_dir) {
  std::error_code error;
  if (std::filesystem::exists(identities, error) &&
      std::filesystem::file_size(identities, error) > 0) {
    return true;
  }
  auto token = besluitlog::services::IdentityFile::AddToken(identities, "admin",
                                                            besluitlog::ledger::Role::kAdmin);
  if (!token.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", token.status().ToString().c_str());
    return false;
  }
  const std::string path = data_dir + "/admin.token";
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const std::string text = *token + "\n";
  if (fd < 0 || write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      fsync(fd) != 0) {
    std::fprintf(stderr, "besluitlogd: cannot write %s\n", path.c_str());
    if (fd >= 0) close(fd);
    return false;
  }
  close(fd);
  std::fprintf(stderr,
               "besluitlogd: created identity \"admin\"; its token is in %s "
               "(export BESLUITLOG_TOKEN_FILE=%s)\n",
               path.c_str(), path.c_str());
  return true;
}

// Every --witness value: absl keeps only a flag's last occurrence, so the
// command line is read here too, to make the flag repeatable.
std::vector<std::string> WitnessFlags(int argc, char** argv) {
  std::vector<std::string> values;
  const std::string flag = "--witness";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.rfind("-witness", 0) == 0) arg = "-" + arg;  // -witness, as absl allows.
    std::string value;
    if (arg.rfind(flag + "=", 0) == 0) {
      value = arg.substr(flag.size() + 1);
    } else if (arg == flag && i + 1 < argc) {
      value = argv[++i];
    } else {
      continue;
    }
    for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipEmpty())) {
      values.emplace_back(part);
    }
  }
  return values;
}

int WaitForStopSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "besluitlogd --listen HOST:PORT --data_dir DIR\n"
      "Serves the besluitlog event ledger over gRPC.");
  absl::ParseCommandLine(argc, argv);
  // Debian builds abseil with deadlock detection on, which costs every lock;
  // the tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Block the stop signals before any thread starts, so only sigwait sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // TLS files are read before anything is opened or created: a wrong flag
  // leaves no trace.
  besluitlog::services::ServerOptions server_options;
  const std::string tls_cert = absl::GetFlag(FLAGS_tls_cert);
  const std::string tls_key = absl::GetFlag(FLAGS_tls_key);
  const std::string tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  for (const auto& [path, pem] : {std::pair{tls_cert, &server_options.tls_certificate_chain},
                                  std::pair{tls_key, &server_options.tls_private_key},
                                  std::pair{tls_client_ca, &server_options.tls_client_ca}}) {
    if (path.empty()) continue;
    absl::StatusOr<std::string> text = besluitlog::tools::ReadFileText(path);
    if (!text.ok()) {
      std::fprintf(stderr, "besluitlogd: %s\n", std::string(text.status().message()).c_str());
      return 1;
    }
    *pem = *std::move(text);
  }

  besluitlog::ledger::EventLogOptions log_options;
  log_options.limits.max_event_bytes = absl::GetFlag(FLAGS_max_event_bytes);
  log_options.limits.max_events_per_append = absl::GetFlag(FLAGS_max_events_per_append);
  log_options.min_free_disk_bytes = absl::GetFlag(FLAGS_min_free_disk_mb) << 20;
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  auto log = besluitlog::ledger::EventLog::Open(data_dir, log_options);
  if (!log.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", log.status().ToString().c_str());
    return 1;
  }
  // Open checked the head; damage keeps the server up for reads only.
  const besluitlog::ledger::EventLog::HeadCheck& head_check = (*log)->head_check();
  if (const auto damage = (*log)->damage()) {
    std::fprintf(stderr,
                 "besluitlogd: DAMAGED: %s found stored data that does not match its hashes "
                 "at position %llu: %s. Serving reads only; appends are refused. Run "
                 "`ledgerctl verify` and restore the data dir from a backup.\n",
                 damage->found_by.c_str(), static_cast<unsigned long long>(damage->position),
                 damage->problem.c_str());
  } else {
    std::fprintf(stderr,
                 "besluitlogd: start-up check: the last %llu events and %llu Merkle nodes at "
                 "head %llu verify (%s)\n",
                 static_cast<unsigned long long>(head_check.events_checked),
                 static_cast<unsigned long long>(head_check.nodes_checked),
                 static_cast<unsigned long long>(head_check.head_position),
                 absl::FormatDuration(head_check.took).c_str());
  }
  // Projections live beside the events, in their own RocksDB: they can
  // always be rebuilt from the log.
  std::vector<std::string> projection_names;
  auto projections = besluitlog::projections::GovernanceProjections();
  for (const auto& p : projections) projection_names.push_back(p->name());
  auto store =
      besluitlog::projections::ProjectionStore::Open(data_dir + "/projections", projection_names);
  if (!store.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", store.status().ToString().c_str());
    return 1;
  }
  besluitlog::projections::RunnerOptions runner_options;
  runner_options.page_events = std::max<uint64_t>(1, absl::GetFlag(FLAGS_projection_page_events));
  besluitlog::projections::ProjectionRunner runner(log->get(), store->get(), std::move(projections),
                                                   runner_options);
  if (absl::Status started = runner.Start(); !started.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", started.ToString().c_str());
    return 1;
  }

  // Checkpoints are signed with a key kept beside the data.
  auto signer =
      besluitlog::ledger::core::CheckpointSigner::LoadOrCreate(data_dir + "/checkpoint_key.pem");
  if (!signer.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", signer.status().ToString().c_str());
    return 1;
  }

  std::string identities_path = absl::GetFlag(FLAGS_identities_file);
  if (identities_path.empty()) identities_path = data_dir + "/identities";
  if (!BootstrapAdmin(identities_path, data_dir)) return 1;
  auto identities = besluitlog::services::IdentityFile::Open(identities_path);
  if (!identities.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", identities.status().ToString().c_str());
    return 1;
  }

  // Witnesses: asked on their own thread, never in an append's way.
  std::unique_ptr<besluitlog::services::WitnessCollector> witnesses;
  if (const std::vector<std::string> witness_flags = WitnessFlags(argc, argv);
      !witness_flags.empty()) {
    besluitlog::services::WitnessCollectorOptions witness_options;
    witness_options.origin = absl::GetFlag(FLAGS_origin);
    for (const std::string& text : witness_flags) {
      auto endpoint = besluitlog::services::ParseWitnessFlag(text);
      if (!endpoint.ok()) {
        std::fprintf(stderr, "besluitlogd: %s\n", std::string(endpoint.status().message()).c_str());
        return 1;
      }
      witness_options.witnesses.push_back(*std::move(endpoint));
    }
    const int policy = absl::GetFlag(FLAGS_witness_policy);
    witness_options.policy =
        policy == 0 ? static_cast<int>(witness_options.witnesses.size()) : policy;
    witness_options.batch_interval = absl::GetFlag(FLAGS_witness_batch_interval);
    witness_options.timeout = absl::GetFlag(FLAGS_witness_timeout);
    witness_options.state_file = data_dir + "/witnessed_checkpoint";
    witness_options.tls_ca = absl::GetFlag(FLAGS_witness_tls_ca);
    witness_options.log = [](const std::string& line) {
      std::fprintf(stderr, "besluitlogd: %s\n", line.c_str());
    };
    auto collector = besluitlog::services::WitnessCollector::Start(log->get(), signer->get(),
                                                                   std::move(witness_options));
    if (!collector.ok()) {
      std::fprintf(stderr, "besluitlogd: %s\n", collector.status().ToString().c_str());
      return 1;
    }
    witnesses = *std::move(collector);
  }
  server_options.origin = absl::GetFlag(FLAGS_origin);
  server_options.witnesses = witnesses.get();
  server_options.identities = identities->get();
  server_options.max_subscriptions = absl::GetFlag(FLAGS_max_subscriptions);
  server_options.files_to_back_up = {data_dir + "/checkpoint_key.pem", identities_path};
  server_options.scrub.events_per_second = absl::GetFlag(FLAGS_scrub_events_per_second);
  server_options.scrub.interval = absl::GetFlag(FLAGS_scrub_interval);
  server_options.scrub.log = [](const std::string& line) {
    std::fprintf(stderr, "besluitlogd: %s\n", line.c_str());
  };
  server_options.listen_address = server_options.tls_certificate_chain.empty()
                                      ? LoopbackOnly(absl::GetFlag(FLAGS_listen))
                                      : absl::GetFlag(FLAGS_listen);
  server_options.max_receive_message_bytes =
      static_cast<int>(std::max<uint64_t>(64 << 20, 4 * log_options.limits.max_event_bytes));
  auto server = besluitlog::services::LedgerServer::Start(log->get(), server_options, store->get(),
                                                          &runner, signer->get());
  if (!server.ok()) {
    std::fprintf(stderr, "besluitlogd: %s\n", server.status().ToString().c_str());
    return 1;
  }
  const besluitlog::v1::Head head = (*log)->GetHead();
  std::fprintf(stderr,
               "besluitlogd: serving on %s, data dir %s, head position %llu "
               "hash %s\n",
               (*server)->address().c_str(), data_dir.c_str(),
               static_cast<unsigned long long>(head.position()),
               besluitlog::ledger::core::HashToHex(head.hash()).c_str());
  std::fprintf(
      stderr, "besluitlogd: %s; identities from %s\n",
      server_options.tls_certificate_chain.empty()
          ? "plaintext on loopback"
          : (server_options.tls_client_ca.empty() ? "TLS" : "TLS, client certificates accepted"),
      identities_path.c_str());
  // The fingerprint in the form ledgerctl prints and pins (tools/trusted_keys.h).
  const std::string fingerprint = besluitlog::tools::KeyFingerprint((*signer)->public_key());
  std::fprintf(stderr,
               "besluitlogd: checkpoints are signed with Ed25519 key %s, fingerprint %s; "
               "auditors pin it with: ledgerctl audit --trust_key %s\n",
               besluitlog::ledger::core::HashToHex((*signer)->public_key()).c_str(),
               fingerprint.c_str(), fingerprint.c_str());
  std::fprintf(stderr,
               "besluitlogd: C2SP checkpoints of origin %s; log verifier key (for witnesses "
               "and policy files) %s\n",
               absl::GetFlag(FLAGS_origin).c_str(),
               besluitlog::ledger::core::FormatVerifierKey(
                   besluitlog::ledger::core::MakeVerifierKey(absl::GetFlag(FLAGS_origin),
                                                             besluitlog::ledger::core::kNoteEd25519,
                                                             (*signer)->public_key()))
                   .c_str());
  const std::string port_file = absl::GetFlag(FLAGS_port_file);
  if (!port_file.empty()) {
    // Whole or not at all, so a reader never sees a half-written port.
    if (absl::Status written = besluitlog::tools::WriteFileTextAtomically(
            port_file, absl::StrCat((*server)->port(), "\n"));
        !written.ok()) {
      std::fprintf(stderr, "besluitlogd: %s\n", std::string(written.message()).c_str());
      return 1;
    }
  }

  const int signal_number = WaitForStopSignal();
  std::fprintf(stderr, "besluitlogd: signal %d, finishing in-flight calls\n", signal_number);
  const absl::Duration grace = absl::GetFlag(FLAGS_shutdown_grace);
  if (const int64_t cancelled = (*server)->Shutdown(grace); cancelled > 0) {
    std::fprintf(stderr,
                 "besluitlogd: --shutdown_grace (%s) ran out with %lld calls still in flight; "
                 "they were cancelled (an append among them may or may not be stored)\n",
                 absl::FormatDuration(grace).c_str(), static_cast<long long>(cancelled));
  }
  server->reset();
  witnesses.reset();
  runner.Stop();
  log->reset();
  std::fprintf(stderr, "besluitlogd: stopped cleanly\n");
  return 0;
}
