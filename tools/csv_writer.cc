#include "tools/csv_writer.h"

#include <string>

namespace besluitlog::tools {

absl::Status CsvWriter::Begin(const v1::Checkpoint& /*checkpoint*/, bool /*complete*/) {
  out_ << kUtf8Bom << CsvLine(CsvHeader(), delimiter_);
  return absl::OkStatus();
}

absl::Status CsvWriter::Write(TrailPage page) {
  // One buffer for all pages: growing a fresh one per page kept the
  // allocator busy consolidating.
  buffer_.clear();
  for (const ActRow& row : page.rows) AppendCsvRow(row, delimiter_, &buffer_);
  out_ << buffer_;
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
