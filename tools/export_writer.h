// ExportWriter: one output format of the trail export (ExportTrail in
// tools/export_trail.h reads the trail; a writer only writes). One
// implementation per format: CsvWriter, VotesWriter, JsonlWriter, HtmlWriter,
// PopoloWriter.
// Each wraps the format's own functions (trail_export.h, popolo_export.h)
// without computing anything of its own.
//
// Call order: FirstPass() for every event up to the checkpoint when
// NeedsFirstPass(), then Begin() once, Write() per page in position order,
// End() once. A writer writes only to the stream it was made with (and, for
// Popolo, its own scratch file); errors come back as absl::Status and end
// the export.
#ifndef BESLUITLOG_TOOLS_EXPORT_WRITER_H_
#define BESLUITLOG_TOOLS_EXPORT_WRITER_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/ledger_service.pb.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {

// One page of the trail after filtering.
struct TrailPage {
  TrailPage() = default;
  TrailPage(TrailPage&&) = default;
  TrailPage& operator=(TrailPage&&) = default;
  ~TrailPage() {
    if (recycle != nullptr) recycle(*this);
  }

  std::unique_ptr<v1::ReadAllResponse> events;  // Owns what `selected` points to.
  std::vector<const v1::Event*> selected;       // The events that pass the filter.
  // Their rows, same order, when the export describes acts (a filter, or a
  // writer that NeedsRows()); otherwise empty.
  std::vector<ActRow> rows;
  // Takes the page's vectors when the page is dropped, for a later page to
  // reuse (ExportTrail's); null: freed.
  std::function<void(TrailPage&)> recycle;
};

class ExportWriter {
 public:
  virtual ~ExportWriter() = default;

  // Whether every row must be described even when no filter needs it.
  virtual bool NeedsRows() const = 0;
  // Whether the writer sees the whole trail once before Begin().
  virtual bool NeedsFirstPass() const { return false; }
  virtual void FirstPass(const v1::Event& /*event*/) {}

  // `complete`: no filter; the trail holds every event up to the checkpoint.
  virtual absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) = 0;
  virtual absl::Status Write(TrailPage page) = 0;
  virtual absl::Status End() = 0;

  // Who cosigned the checkpoint, a sentence in Dutch, for the writers that
  // show the checkpoint to a reader (HTML's Controle box); set before
  // Begin() by an export under a witness policy (witnessed_checkpoint.h).
  virtual void SetWitnesses(const std::string& /*sentence*/) {}

  // What was written once End() returned, for the closing line, given the
  // number of acts the export selected: "35 acts", "12 votes".
  virtual std::string Written(uint64_t acts) const { return absl::StrCat(acts, " acts"); }
};

// The export formats, as --format names them.
inline constexpr const char* kExportFormats[] = {"csv", "votes", "jsonl", "html", "popolo"};

// The writer for `format` (kExportFormats) writing to `out`.
// `delimiter` is CSV's cell delimiter; `audit` (JSONL's source of inclusion
// proofs) must outlive the writer. INVALID_ARGUMENT for another format.
// The writer formats on the caller's thread and writes to `out` from a
// thread of its own (AsyncOutput in async_output.h): `out` must not be used
// until End() returned or the writer is gone; End() fails (DATA_LOSS) when
// `out` did not take every byte.
absl::StatusOr<std::unique_ptr<ExportWriter>> MakeExportWriter(const std::string& format,
                                                               char delimiter,
                                                               v1::AuditService::Stub* audit,
                                                               std::ostream* out);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_EXPORT_WRITER_H_
