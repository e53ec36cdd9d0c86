#include "tools/ledgerctl/admin_commands.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include "absl/flags/flag.h"
#include "besluitlog/v1/admin.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/status_macros.h"
#include "tools/datadir/data_dir_commands.h"
#include "tools/grpc_status.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"

ABSL_FLAG(std::string, role, "",
          "token add / cert add: admin, secretariaat, member, auditor or client.");
ABSL_FLAG(std::string, identities_file, "",
          "token add / cert add: the server's identities file (default "
          "$BESLUITLOG_IDENTITIES_FILE, else DATA_DIR/identities, DATA_DIR from "
          "--data_dir or ./data).");
ABSL_FLAG(std::string, from_backup, "", "restore: the backup directory to restore.");

namespace besluitlog::tools::ledgerctl {
namespace {

// `ledgerctl backup DIR`: the server writes a consistent copy of the ledger
// (with its signing key and identities) to DIR on its own machine.
absl::Status Backup(const Operands& operands) {
  v1::BackupRequest request;
  request.set_directory(std::filesystem::absolute(operands[0]).string());
  v1::BackupResponse response;
  grpc::ClientContext context;
  RETURN_IF_ERROR(
      FromGrpcStatus(v1::AdminService::NewStub(Channel())->Backup(&context, request, &response)));
  std::printf("backed up to %s: head position %llu hash %s\n", response.directory().c_str(),
              static_cast<unsigned long long>(response.head().position()),
              ledger::core::HashToHex(response.head().hash()).c_str());
  return absl::OkStatus();
}

// `ledgerctl replay --data_dir D --known_at X`: the state the ledger knew
// then (what had been recorded by then).
absl::Status Replay(const Operands&) {
  ASSIGN_OR_RETURN(const std::string known_at, KnownAtFromFlags());
  return datadir::PrintReplay(absl::GetFlag(FLAGS_data_dir), known_at);
}

// `ledgerctl restore --from_backup DIR --data_dir D`: into a new data dir
// (the server is not running there), verified before it says it is done.
absl::Status Restore(const Operands&) {
  return datadir::RestoreBackup(absl::GetFlag(FLAGS_from_backup), absl::GetFlag(FLAGS_data_dir));
}

// `ledgerctl token add NAME` / `ledgerctl cert add NAME`: registers an
// identity in the server's identities file (read again by the server on
// its next call). A token is printed once and stored only as a salted hash.
absl::Status AddToken(const Operands& operands) {
  return datadir::AddIdentity("token", operands[0], absl::GetFlag(FLAGS_role),
                              absl::GetFlag(FLAGS_identities_file), absl::GetFlag(FLAGS_data_dir));
}

absl::Status AddCertificate(const Operands& operands) {
  return datadir::AddIdentity("cert", operands[0], absl::GetFlag(FLAGS_role),
                              absl::GetFlag(FLAGS_identities_file), absl::GetFlag(FLAGS_data_dir));
}

}  // namespace

const Command kReplayCommand = {
    "replay", 0,
    "  replay --data_dir D [--known_at POSITION|INSTANT|YYYY-MM-DD]   what the ledger knew then\n"
    "    example: ledgerctl replay --data_dir /var/lib/besluitlog --known_at 2026-01-13\n",
    Replay};
const Command kBackupCommand = {
    "backup", 1,
    "  backup DIR          the server copies the ledger to DIR (absolute, on its machine)\n",
    Backup};
const Command kRestoreCommand = {
    "restore", 0, "  restore --from_backup DIR --data_dir D   into a new data dir, verified\n",
    Restore};
const Command kTokenAddCommand = {
    "token add", 1,
    "  token add NAME --role ROLE [--identities_file F | --data_dir D]   prints the token once\n",
    AddToken};
const Command kCertAddCommand = {
    "cert add", 1, "  cert add COMMON_NAME --role ROLE [--identities_file F | --data_dir D]\n",
    AddCertificate};

}  // namespace besluitlog::tools::ledgerctl
