// CsvWriter: the trail as CSV for Dutch spreadsheets (UTF-8 byte order
// mark, a header, one line per act; cells as CsvLine in trail_export.h
// writes them). See export_writer.h for the call order.
#ifndef BESLUITLOG_TOOLS_CSV_WRITER_H_
#define BESLUITLOG_TOOLS_CSV_WRITER_H_

#include <ostream>
#include <string>

#include "tools/export_writer.h"

namespace besluitlog::tools {

class CsvWriter : public ExportWriter {
 public:
  CsvWriter(char delimiter, std::ostream* out) : delimiter_(delimiter), out_(*out) {}

  bool NeedsRows() const override { return true; }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override;
  absl::Status Write(TrailPage page) override;
  absl::Status End() override { return absl::OkStatus(); }

 private:
  const char delimiter_;
  std::ostream& out_;
  std::string buffer_;  // A page's lines.
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_CSV_WRITER_H_
