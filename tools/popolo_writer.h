// PopoloWriter: the trail as one Popolo JSON document (PopoloExport in
// popolo_export.h). Finished vote events wait in a scratch file in the
// temporary directory until End() writes the document and removes the file.
// See export_writer.h for the call order.
#ifndef BESLUITLOG_TOOLS_POPOLO_WRITER_H_
#define BESLUITLOG_TOOLS_POPOLO_WRITER_H_

#include <fstream>
#include <ostream>
#include <string>

#include "tools/export_writer.h"
#include "tools/popolo_export.h"

namespace besluitlog::tools {

class PopoloWriter : public ExportWriter {
 public:
  explicit PopoloWriter(std::ostream* out);

  bool NeedsRows() const override { return false; }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override;
  absl::Status Write(TrailPage page) override;
  absl::Status End() override;

 private:
  std::ostream& out_;
  const std::string spool_path_;
  std::fstream spool_;
  PopoloExport popolo_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_POPOLO_WRITER_H_
