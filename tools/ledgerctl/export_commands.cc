#include "tools/ledgerctl/export_commands.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "ledger/core/status_macros.h"
#include "tools/export_trail.h"
#include "tools/export_writer.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"
#include "tools/trail_export.h"

ABSL_FLAG(std::string, format, "csv", "export: csv or jsonl.");
ABSL_FLAG(std::string, delimiter, ";", "export csv: the cell delimiter.");
ABSL_FLAG(std::string, out, "", "export: write here instead of stdout.");
ABSL_FLAG(std::string, body, "", "export: only acts of this body.");
ABSL_FLAG(std::string, actor, "", "export: only acts of this actor.");
ABSL_FLAG(std::string, from_date, "", "export: only acts recorded on or after.");
ABSL_FLAG(std::string, to_date, "", "export: only acts recorded on or before.");

namespace besluitlog::tools::ledgerctl {
namespace {

absl::Status Export(const Operands&) {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "csv" && format != "jsonl" && format != "html" && format != "popolo") {
    return absl::InvalidArgumentError("--format is csv, jsonl, html or popolo");
  }
  const std::string delimiter = absl::GetFlag(FLAGS_delimiter);
  if (delimiter.size() != 1) {
    return absl::InvalidArgumentError("--delimiter is one character");
  }
  TrailFilter filter;
  filter.body = absl::GetFlag(FLAGS_body);
  filter.types = absl::GetFlag(FLAGS_type);
  filter.actor = absl::GetFlag(FLAGS_actor);
  filter.from_date = absl::GetFlag(FLAGS_from_date);
  filter.to_date = absl::GetFlag(FLAGS_to_date);
  if (absl::Status valid = filter.Validate(); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", valid.message()));
  }

  auto channel = Channel();
  auto ledger = v1::LedgerService::NewStub(channel);
  auto audit = v1::AuditService::NewStub(channel);
  const std::string out_path = absl::GetFlag(FLAGS_out);
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary);
    if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", out_path));
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  ASSIGN_OR_RETURN(std::unique_ptr<ExportWriter> writer,
                   MakeExportWriter(format, delimiter[0], audit.get(), &out));
  const bool progress = isatty(fileno(stderr)) && !out_path.empty();
  RETURN_IF_ERROR(ExportTrail(*ledger, *audit, filter, progress, *writer));
  out.flush();
  if (!out) return absl::UnavailableError("writing the export failed");
  return absl::OkStatus();
}

}  // namespace

const Command kExportCommand = {
    "export", 0,
    "  export --format csv|jsonl|html|popolo [--out F] [--delimiter ,] [--body B] [--type T]\n"
    "         [--actor A] [--from_date D] [--to_date D]\n",
    Export};

}  // namespace besluitlog::tools::ledgerctl
