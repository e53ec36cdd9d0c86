// HtmlWriter: the printable HTML trail (HtmlTrail in trail_export.h) with the
// checkpoint's signature checked client-side and shown as verified or not.
// Reads the trail twice: the first pass collects meetings, agendas and
// decisions for the head of the page. See export_writer.h for the call order.
#ifndef BESLUITLOG_TOOLS_HTML_WRITER_H_
#define BESLUITLOG_TOOLS_HTML_WRITER_H_

#include <ostream>

#include "tools/export_writer.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {

class HtmlWriter : public ExportWriter {
 public:
  explicit HtmlWriter(std::ostream* out) : out_(*out) {}

  bool NeedsRows() const override { return true; }
  bool NeedsFirstPass() const override { return true; }
  void FirstPass(const v1::Event& event) override { html_.Observe(event); }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override;
  absl::Status Write(TrailPage page) override;
  absl::Status End() override;

 private:
  HtmlTrail html_;
  std::ostream& out_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_HTML_WRITER_H_
