#include "tools/csv_writer.h"

namespace besluitlog::tools {

absl::Status CsvWriter::Begin(const v1::Checkpoint& /*checkpoint*/, bool /*complete*/) {
  out_ << kUtf8Bom << CsvLine(CsvHeader(), delimiter_);
  return absl::OkStatus();
}

absl::Status CsvWriter::Write(TrailPage page) {
  for (const ActRow& row : page.rows) out_ << CsvLine(CsvCells(row), delimiter_);
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
