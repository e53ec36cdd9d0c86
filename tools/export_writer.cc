#include "tools/export_writer.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_join.h"
#include "ledger/core/status_macros.h"
#include "tools/async_output.h"
#include "tools/csv_writer.h"
#include "tools/html_writer.h"
#include "tools/jsonl_writer.h"
#include "tools/popolo_writer.h"
#include "tools/votes_writer.h"

namespace besluitlog::tools {
namespace {

// A format's writer whose output reaches `out` from a thread of its own
// (AsyncOutput): the export formats the next page while the kernel copies
// the last one into the file. End() returns once every byte was handed to
// `out`, and fails when `out` did not take them all.
class AsyncWriter : public ExportWriter {
 public:
  explicit AsyncWriter(std::ostream* out) : output_(out) {}
  std::ostream* stream() { return &output_.stream(); }
  void Wrap(std::unique_ptr<ExportWriter> format) { format_ = std::move(format); }

  bool NeedsRows() const override { return format_->NeedsRows(); }
  bool NeedsFirstPass() const override { return format_->NeedsFirstPass(); }
  void FirstPass(const v1::Event& event) override { format_->FirstPass(event); }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override {
    return format_->Begin(checkpoint, complete);
  }
  absl::Status Write(TrailPage page) override { return format_->Write(std::move(page)); }
  absl::Status End() override {
    const absl::Status ended = format_->End();
    const absl::Status written = output_.Finish();
    return ended.ok() ? written : ended;
  }
  std::string Written(uint64_t acts) const override { return format_->Written(acts); }
  void SetWitnesses(const std::string& sentence) override { format_->SetWitnesses(sentence); }

 private:
  // Declared first, so destroyed last: the format's writer may still write
  // while it goes (what was written so far stays written).
  AsyncOutput output_;
  std::unique_ptr<ExportWriter> format_;
};

absl::StatusOr<std::unique_ptr<ExportWriter>> MakeFormatWriter(const std::string& format,
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

}  // namespace

absl::StatusOr<std::unique_ptr<ExportWriter>> MakeExportWriter(const std::string& format,
                                                               char delimiter,
                                                               v1::AuditService::Stub* audit,
                                                               std::ostream* out) {
  // Checked before a thread starts for it.
  if (std::find(std::begin(kExportFormats), std::end(kExportFormats), format) ==
      std::end(kExportFormats)) {
    return MakeFormatWriter(format, delimiter, audit, out).status();
  }
  auto writer = std::make_unique<AsyncWriter>(out);
  ASSIGN_OR_RETURN(std::unique_ptr<ExportWriter> format_writer,
                   MakeFormatWriter(format, delimiter, audit, writer->stream()));
  writer->Wrap(std::move(format_writer));
  return writer;
}

}  // namespace besluitlog::tools
