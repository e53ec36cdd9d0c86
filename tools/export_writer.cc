#include "tools/export_writer.h"

#include "absl/strings/str_join.h"
#include "tools/csv_writer.h"
#include "tools/html_writer.h"
#include "tools/jsonl_writer.h"
#include "tools/popolo_writer.h"
#include "tools/votes_writer.h"

namespace besluitlog::tools {

absl::StatusOr<std::unique_ptr<ExportWriter>> MakeExportWriter(const std::string& format,
                                                               char delimiter,
                                                               v1::AuditService::Stub* audit,
                                                               std::ostream* out) {
  if (format == "csv") return std::make_unique<CsvWriter>(delimiter, out);
  if (format == "jsonl") return std::make_unique<JsonlWriter>(audit, out);
  if (format == "html") return std::make_unique<HtmlWriter>(out);
  if (format == "popolo") return std::make_unique<PopoloWriter>(out);
  if (format == "votes") return std::make_unique<VotesWriter>(delimiter, out);
  return absl::InvalidArgumentError(absl::StrCat(
      "--format is one of ", absl::StrJoin(kExportFormats, ", "), "; got \"", format, "\""));
}

}  // namespace besluitlog::tools
