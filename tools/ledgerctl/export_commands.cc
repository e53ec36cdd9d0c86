#include "tools/ledgerctl/export_commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_filter.h"
#include "tools/export_trail.h"
#include "tools/export_writer.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"
#include "tools/progress.h"
#include "tools/trail_export.h"
#include "tools/witnessed_checkpoint.h"

ABSL_FLAG(std::string, format, "csv",
          "export: csv (one row per act), votes (one row per vote), jsonl (verifiable, "
          "each event with its proof), html (printable) or popolo (Popolo JSON).");
ABSL_FLAG(std::string, delimiter, ";", "export csv and votes: the cell delimiter.");
ABSL_FLAG(std::string, out, "", "export: write here instead of stdout.");
ABSL_FLAG(std::string, body, "", "export: only acts of this body (its id or name, in any case).");
ABSL_FLAG(std::string, actor, "", "export: only acts of this actor.");
ABSL_FLAG(std::string, from_date, "", "export: only acts recorded on or after (YYYY-MM-DD).");
// --policy is audit's flag (audit_commands.cc): the same witness policy file.
ABSL_DECLARE_FLAG(std::string, policy);
ABSL_FLAG(std::string, to_date, "", "export: only acts recorded on or before (YYYY-MM-DD).");

namespace besluitlog::tools::ledgerctl {
namespace {

// Whether two descriptors lead to the same file, pipe or terminal (as after
// `2>&1`).
bool SameDestination(int a, int b) {
  struct stat first, second;
  return fstat(a, &first) == 0 && fstat(b, &second) == 0 && first.st_dev == second.st_dev &&
         first.st_ino == second.st_ino;
}

absl::Status Export(const Operands&) {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (std::find(std::begin(kExportFormats), std::end(kExportFormats), format) ==
      std::end(kExportFormats)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format is one of ", absl::StrJoin(kExportFormats, ", "), "; got \"", format, "\""));
  }
  const std::string delimiter = absl::GetFlag(FLAGS_delimiter);
  if (delimiter.size() != 1) {
    return absl::InvalidArgumentError("--delimiter is one character");
  }
  TrailFilter filter;
  for (const std::string& type : absl::GetFlag(FLAGS_type)) {
    absl::StatusOr<std::string> known = projections::acts::ActTypeNamed(type);
    if (!known.ok())
      return absl::InvalidArgumentError(absl::StrCat("--", known.status().message()));
    filter.types.push_back(*std::move(known));
  }
  filter.actor = absl::GetFlag(FLAGS_actor);
  filter.from_date = absl::GetFlag(FLAGS_from_date);
  filter.to_date = absl::GetFlag(FLAGS_to_date);
  if (absl::Status valid = filter.Validate(); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", valid.message()));
  }

  auto channel = Channel();
  auto ledger = v1::LedgerService::NewStub(channel);
  auto audit = v1::AuditService::NewStub(channel);
  // Resolved before anything is written: an unknown body is a mistake, not
  // an empty export.
  if (const std::string body = absl::GetFlag(FLAGS_body); !body.empty()) {
    ASSIGN_OR_RETURN(filter.body, ResolveBody(*ledger, body));
  }
  // Under a witness policy, the checkpoint to export up to is chosen (or
  // refused) before anything is written: a refused export leaves no file.
  std::optional<WitnessedCheckpoint> witnessed;
  std::string witnessed_line;
  std::string quorum_dutch;
  if (const std::string policy_file = absl::GetFlag(FLAGS_policy); !policy_file.empty()) {
    ASSIGN_OR_RETURN(const WitnessPolicy policy, LoadWitnessPolicy(policy_file));
    ASSIGN_OR_RETURN(witnessed, FetchWitnessedCheckpoint(*audit, policy));
    quorum_dutch = QuorumInDutch(policy);
    witnessed_line =
        absl::StrCat("; checkpoint ", witnessed->checkpoint.tree_size(), " cosigned by ",
                     CosignerNames(witnessed->cosigners, "no witness"),
                     " (policy: ", QuorumInEnglish(policy), ")");
    if (!witnessed->is_head()) {
      absl::StrAppend(&witnessed_line, "; events ", witnessed->checkpoint.tree_size() + 1, " to ",
                      witnessed->head_size,
                      " are left out: not yet witnessed (the newest checkpoint is cosigned by ",
                      CosignerNames(witnessed->head_cosigners, "no witness of the policy"), ")");
    }
  }
  const std::string out_path = absl::GetFlag(FLAGS_out);
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary);
    if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", out_path));
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  ASSIGN_OR_RETURN(std::unique_ptr<ExportWriter> writer,
                   MakeExportWriter(format, delimiter[0], audit.get(), &out));
  if (witnessed.has_value()) {
    writer->SetWitnesses(
        absl::StrCat("Medeondertekend door getuigen: ", CosignerNames(witnessed->cosigners, "geen"),
                     " (beleid: ", quorum_dutch, ")"));
  }
  // The bar and the closing line go to stderr. When stderr is where the
  // export itself goes, a bar would land between its lines, and off a
  // terminal the closing line would end up inside the document (a pipe
  // after 2>&1), so it is left out there.
  const bool into_export = out_path.empty() && SameDestination(STDOUT_FILENO, STDERR_FILENO);
  const bool on_terminal = isatty(STDERR_FILENO) != 0;
  Progress progress("exporting", 0, stderr, on_terminal && !into_export);
  ExportSummary summary;
  RETURN_IF_ERROR(ExportTrail(*ledger, *audit, filter, &progress, *writer, &summary,
                              witnessed.has_value() ? &witnessed->checkpoint : nullptr));
  out.flush();
  if (!out) return absl::UnavailableError("writing the export failed");
  if (into_export && !on_terminal) return absl::OkStatus();
  progress.Finish(absl::StrFormat("wrote %s of %d events to %s (%s, in %.1f s)%s",
                                  writer->Written(summary.acts), summary.tree_size,
                                  out_path.empty() ? "standard output" : out_path, format,
                                  progress.ElapsedSeconds(), witnessed_line));
  return absl::OkStatus();
}

}  // namespace

const Command kExportCommand = {
    "export", 0,
    "  export --format csv|votes|jsonl|html|popolo [--out F] [--delimiter ,] [--body B]\n"
    "         [--type T] [--actor A] [--from_date YYYY-MM-DD] [--to_date YYYY-MM-DD]\n"
    "         [--policy FILE]   only up to a checkpoint the policy's witnesses cosigned\n",
    Export};

}  // namespace besluitlog::tools::ledgerctl
