#include "tools/datadir/data_dir_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/access_policy.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_log.h"
#include "projections/view_dates.h"
#include "services/identity_file.h"
#include "tools/datadir/replay.h"
#include "tools/progress.h"

namespace besluitlog::tools::datadir {

absl::Status FinishChainReport(const ledger::ChainReport& report, const std::string& where,
                               Progress& progress) {
  progress.Finish(absl::StrCat("verified ", where, ": ", report.Summary()));
  return report.ok() ? absl::OkStatus() : absl::DataLossError("the chain does not verify");
}

absl::Status VerifyDataDir(const std::string& data_dir) {
  ledger::EventLogOptions options;
  options.read_only = true;
  absl::StatusOr<std::unique_ptr<ledger::EventLog>> log = ledger::EventLog::Open(data_dir, options);
  if (!log.ok()) return log.status();
  Progress progress("verifying", (*log)->GetHead().position());
  progress.Update(0);
  ledger::VerifyWatch watch;
  watch.on_verified = [&progress](uint64_t verified) { progress.Update(verified); };
  absl::StatusOr<ledger::ChainReport> report = ledger::VerifyStoredChain(**log, watch);
  if (!report.ok()) return report.status();
  return FinishChainReport(*report, absl::StrCat("data dir ", data_dir), progress);
}

absl::Status PrintReplay(const std::string& data_dir, const std::string& known_at) {
  if (data_dir.empty()) return absl::InvalidArgumentError("replay needs --data_dir");
  ASSIGN_OR_RETURN(projections::KnownAt known, projections::ParseKnownAt("--known_at", known_at));
  ledger::EventLogOptions options;
  options.read_only = true;
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::EventLog> log,
                   ledger::EventLog::Open(data_dir, options));
  uint64_t position = log->GetHead().position();
  if (known.time.has_value()) {
    ASSIGN_OR_RETURN(position, LastPositionAt(*log, *known.time));
  } else if (known.position != 0) {
    position = std::min(position, known.position);
  }
  const std::string scratch =
      (std::filesystem::temp_directory_path() / absl::StrCat("besluitlog-replay-", getpid()))
          .string();
  Progress progress("replaying", position);
  ASSIGN_OR_RETURN(ReplayState state, Replay(*log, position, scratch,
                                             [&](uint64_t applied) { progress.Update(applied); }));
  std::printf("%s", ReplayStateToJson(state).c_str());
  std::fflush(stdout);
  progress.Finish(absl::StrCat("replayed ", position, " events of ", data_dir,
                               known_at.empty() ? "" : absl::StrCat(" (known at ", known_at, ")"),
                               ": ", state.proposals.size(), " proposals, ",
                               state.agreements.size(), " municipalities with agreements, ",
                               state.bodies.size(), " bodies"));
  return absl::OkStatus();
}

absl::Status RestoreBackup(const std::string& from, const std::string& data_dir) {
  if (from.empty() || data_dir.empty()) {
    return absl::InvalidArgumentError("restore needs --from_backup DIR and --data_dir D");
  }
  std::error_code error;
  if (!std::filesystem::is_directory(from, error)) {
    return absl::NotFoundError(absl::StrCat("no backup in ", from));
  }
  if (std::filesystem::exists(data_dir, error) && !std::filesystem::is_empty(data_dir, error)) {
    return absl::AlreadyExistsError(
        absl::StrCat(data_dir, " is not empty; restore into a new directory, never over a ledger"));
  }
  std::filesystem::copy(from, data_dir, std::filesystem::copy_options::recursive, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("copying ", from, " to ", data_dir, ": ", error.message()));
  }
  RETURN_IF_ERROR(VerifyDataDir(data_dir));
  std::printf("restored %s into %s\n", from.c_str(), data_dir.c_str());
  return absl::OkStatus();
}

absl::Status AddIdentity(const std::string& kind, const std::string& name,
                         const std::string& role_name, std::string path,
                         const std::string& data_dir) {
  ASSIGN_OR_RETURN(ledger::Role role, ledger::ParseRole(role_name));
  if (const char* env = std::getenv("BESLUITLOG_IDENTITIES_FILE"); path.empty() && env != nullptr) {
    path = env;
  }
  if (path.empty()) {
    path = (data_dir.empty() ? std::string("./data") : data_dir) + "/identities";
  }
  if (!std::filesystem::exists(std::filesystem::path(path).parent_path())) {
    return absl::NotFoundError(
        absl::StrCat("no data dir for ", path,
                     "; name the server's identities with --identities_file or "
                     "--data_dir"));
  }
  if (kind == "cert") {
    RETURN_IF_ERROR(services::IdentityFile::AddCertificate(path, name, role));
    std::printf("certificate name %s added as %s\n", name.c_str(),
                std::string(ledger::RoleName(role)).c_str());
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string token, services::IdentityFile::AddToken(path, name, role));
  std::printf("%s\n", token.c_str());
  std::fprintf(stderr, "token for %s (%s) added to %s; it is shown only now\n", name.c_str(),
               std::string(ledger::RoleName(role)).c_str(), path.c_str());
  return absl::OkStatus();
}

}  // namespace besluitlog::tools::datadir
