#include "tools/csv_writer.h"

#include <string>

namespace besluitlog::tools {

absl::Status CsvWriter::Begin(const v1::Checkpoint& /*checkpoint*/, bool /*complete*/) {
  out_ << kUtf8Bom << CsvLine(CsvHeader(), delimiter_);
  return absl::OkStatus();
}

absl::Status CsvWriter::Write(TrailPage page) {
  std::string lines;
  for (const ActRow& row : page.rows) AppendCsvRow(row, delimiter_, &lines);
  out_ << lines;
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
