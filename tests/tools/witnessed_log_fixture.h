// Witnessed logs in tests, every party a real process (witnessed_log_test.cc,
// witnessed_export_test.cc): besluitlog-witness processes, besluitlogd
// asking them, a policy file naming them, and ledgerctl run against the log
// with its own configuration directory. Needs BESLUITLOGD_PATH, WITNESS_PATH
// and LEDGERCTL_PATH.
#ifndef BESLUITLOG_TESTS_TOOLS_WITNESSED_LOG_FIXTURE_H_
#define BESLUITLOG_TESTS_TOOLS_WITNESSED_LOG_FIXTURE_H_

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/signed_note.h"
#include "ledger/uuid.h"
#include "tests/testing/child_process.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"
#include "tools/client_channel.h"

namespace besluitlog::tools {

inline constexpr char kOrigin[] = "besluitlog.test/zhz";

using Process = testing::ChildProcess;

inline std::string ReadWord(const std::string& path) {
  std::ifstream in(path);
  std::string word;
  in >> word;
  return word;
}

// A witness process for the log with verifier key `log_key`.
struct RunningWitness {
  std::shared_ptr<Process> process;
  std::string name;
  std::string vkey;
  int port = 0;
};
inline RunningWitness StartWitness(const testing::TempDir& dir, const std::string& name,
                                   const std::string& log_key,
                                   const std::vector<std::string>& more_args = {}) {
  const std::string data = dir.Sub(name);
  std::filesystem::create_directories(data);
  RunningWitness witness;
  witness.name = "witness.test/" + name;
  std::vector<std::string> args = {"--name=" + witness.name, "--data_dir=" + data,
                                   "--log=" + log_key, "--listen=127.0.0.1:0"};
  args.insert(args.end(), more_args.begin(), more_args.end());
  witness.process = std::make_shared<Process>(WITNESS_PATH, args, data + ".port");
  witness.port = witness.process->WaitForPort();
  witness.vkey = ReadWord(data + "/witness.vkey");
  return witness;
}

// besluitlogd on `data_dir` (whose key is already there) with witnesses.
struct RunningLog {
  std::unique_ptr<Process> process;
  std::string address;
  std::string token_file;
};
inline RunningLog StartLog(const std::string& data_dir,
                           const std::vector<RunningWitness>& witnesses, int policy,
                           const std::string& timeout = "3s", const std::string& scheme = "http",
                           const std::vector<std::string>& more_args = {}) {
  std::vector<std::string> args = {
      "--data_dir=" + data_dir,           "--listen=127.0.0.1:0",
      absl::StrCat("--origin=", kOrigin), absl::StrCat("--witness_policy=", policy),
      "--witness_batch_interval=200ms",   "--witness_timeout=" + timeout,
      "--scrub_events_per_second=0"};
  for (const RunningWitness& witness : witnesses) {
    args.push_back(absl::StrCat("--witness=", witness.name, "=", witness.vkey, "@", scheme,
                                "://127.0.0.1:", witness.port));
  }
  args.insert(args.end(), more_args.begin(), more_args.end());
  RunningLog log;
  log.process = std::make_unique<Process>(BESLUITLOGD_PATH, args, data_dir + ".port");
  const int port = log.process->WaitForPort();
  log.address = port > 0 ? absl::StrCat("127.0.0.1:", port) : "";
  log.token_file = data_dir + "/admin.token";
  return log;
}

// A fresh data dir whose checkpoint key is `key_pem` (copied) or new; the
// log's verifier key.
inline std::string PrepareDataDir(const std::string& data_dir, const std::string& key_pem = "") {
  std::filesystem::create_directories(data_dir);
  const std::string key_file = data_dir + "/checkpoint_key.pem";
  if (!key_pem.empty()) std::filesystem::copy_file(key_pem, key_file);
  absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> signer =
      ledger::core::CheckpointSigner::LoadOrCreate(key_file);
  EXPECT_TRUE(signer.ok()) << signer.status();
  return ledger::core::FormatVerifierKey(
      ledger::core::MakeVerifierKey(kOrigin, ledger::core::kNoteEd25519, (*signer)->public_key()));
}

inline std::shared_ptr<grpc::Channel> Connect(const RunningLog& log) {
  return OpenChannel({.server = log.address, .token = ReadWord(log.token_file)});
}

// Appends `count` events with payloads marked by `flavour`; OK or not.
inline grpc::Status Append(const RunningLog& log, const std::string& flavour, int count) {
  auto stub = v1::LedgerService::NewStub(Connect(log));
  v1::AppendRequest request;
  request.mutable_append()->set_stream_id("attendance-" + flavour);
  for (int i = 0; i < count; ++i) {
    v1::ProposedEvent* event = request.mutable_append()->add_events();
    event->set_event_id(ledger::FormatUuid(ledger::NewRandomUuid()));
    event->set_event_type("AttendanceRecorded");
    event->set_payload(absl::StrCat(flavour, " ", i));
  }
  v1::AppendResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return stub->Append(&context, request, &response);
}

inline v1::Checkpoint Collect(const RunningLog& log) {
  auto stub = v1::AuditService::NewStub(Connect(log));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::Checkpoint checkpoint;
  grpc::Status status =
      stub->CollectCosignatures(&context, v1::CollectCosignaturesRequest(), &checkpoint);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return checkpoint;
}

inline v1::Checkpoint Get(const RunningLog& log) {
  auto stub = v1::AuditService::NewStub(Connect(log));
  grpc::ClientContext context;
  v1::Checkpoint checkpoint;
  grpc::Status status = stub->GetCheckpoint(&context, v1::GetCheckpointRequest(), &checkpoint);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return checkpoint;
}

inline std::string WritePolicy(const testing::TempDir& dir, const std::string& log_key,
                               const std::vector<RunningWitness>& witnesses,
                               const std::string& quorum) {
  std::string text = absl::StrCat("# test policy\nlog ", log_key, "\n");
  std::string members;
  for (size_t i = 0; i < witnesses.size(); ++i) {
    absl::StrAppend(&text, "witness w", i, " ", witnesses[i].vkey, "\n");
    absl::StrAppend(&members, " w", i);
  }
  absl::StrAppend(&text, "group parties ", quorum, members, "\nquorum parties\n");
  const std::string path = dir.Sub("policy");
  std::ofstream(path) << text;
  return path;
}

// ledgerctl with `args` against `log`, with its own config dir.
inline std::string Ledgerctl(const testing::TempDir& dir, const RunningLog& log,
                             const std::string& args, int* exit_code) {
  const std::string command =
      absl::StrCat("XDG_CONFIG_HOME=", dir.Sub("config"), " ", LEDGERCTL_PATH, " ", args,
                   " --server=", log.address, " --token_file=", log.token_file, " 2>&1");
  return testing::RunCommand(command, exit_code);
}

inline std::string AuditWithPolicy(const testing::TempDir& dir, const RunningLog& log,
                                   const std::string& policy, int* exit_code) {
  return Ledgerctl(dir, log, "audit --policy=" + policy, exit_code);
}

// Exports the JSONL trail and audits the file against `policy`.
inline std::string AuditExportWithPolicy(const testing::TempDir& dir, const RunningLog& log,
                                         const std::string& policy, int* exit_code) {
  const std::string trail = dir.Sub("trail.jsonl");
  std::string output = Ledgerctl(dir, log, "export --format=jsonl --out=" + trail, exit_code);
  if (*exit_code != 0) return output;
  return Ledgerctl(dir, log, absl::StrCat("audit --file=", trail, " --policy=", policy), exit_code);
}

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TESTS_TOOLS_WITNESSED_LOG_FIXTURE_H_
