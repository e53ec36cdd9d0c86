// HtmlWriter: the besluitenlijst with the audit trail as its appendix
// (HtmlTrail in html_trail.h), with the checkpoint's signature checked here,
// client-side, and shown as verified or not. Reads the trail twice: the
// first pass folds every event into the besluitenlijst. See export_writer.h
// for the call order.
#ifndef BESLUITLOG_TOOLS_HTML_WRITER_H_
#define BESLUITLOG_TOOLS_HTML_WRITER_H_

#include <ostream>
#include <string>

#include "tools/export_writer.h"
#include "tools/html_trail.h"

namespace besluitlog::tools {

class HtmlWriter : public ExportWriter {
 public:
  explicit HtmlWriter(std::ostream* out) : out_(*out) {}

  // The appendix describes acts itself, from the events.
  bool NeedsRows() const override { return false; }
  bool NeedsFirstPass() const override { return true; }
  void FirstPass(const v1::Event& event) override { html_.Observe(event); }
  void SetWitnesses(const std::string& sentence) override { witnesses_ = sentence; }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override;
  absl::Status Write(TrailPage page) override;
  absl::Status End() override;

 private:
  HtmlTrail html_;
  std::ostream& out_;
  std::string witnesses_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_HTML_WRITER_H_
