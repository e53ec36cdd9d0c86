// HtmlTrail: the besluitenlijst page (tools/besluitenlijst_html.h) with the
// audit trail as its appendix, in two passes over the events: Observe()
// every event first (it folds them into the besluitenlijst model and learns
// who is who), then Begin() writes the besluitenlijst and the appendix's
// head, Row() streams the trail one act at a time, End() closes the page.
//
// The appendix names people, bodies and proposals rather than ids (as known
// after the first pass), shows hashes in lower-case hex that wrap, and folds
// each run of structure acts (bodies established, members appointed: see
// IsStructureAct) into one <details> with a summary, so that they do not
// fill the first screens. Memory: the model (meetings, items, members), and
// one run of structure rows at a time.
#ifndef BESLUITLOG_TOOLS_HTML_TRAIL_H_
#define BESLUITLOG_TOOLS_HTML_TRAIL_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>

#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/event.pb.h"
#include "projections/acts/besluitenlijst.h"
#include "tools/scratch_act.h"

namespace besluitlog::tools {

class HtmlTrail {
 public:
  void Observe(const v1::Event& event) {
    if (const v1::GovernanceEvent* act = scratch_.Decode(event); act != nullptr) {
      builder_.Add(event, *act);
    }
  }
  // `verified`/`problem`: the checkpoint's signature as this client checked
  // it; the page shows the key's fingerprint and how a reader checks it.
  // `witnesses`: who cosigned the checkpoint (a Dutch sentence), if asked.
  void Begin(const v1::Checkpoint& checkpoint, bool verified, const std::string& problem,
             std::ostream& out, const std::string& witnesses = "");
  void Row(const v1::Event& event, std::ostream& out);
  void End(std::ostream& out);

 private:
  void FlushStructure(std::ostream& out);
  void WriteRow(const v1::Event& event, const std::string& type, const std::string& description,
                std::string* out);
  // The event's recording time to the minute, in Amsterdam.
  const std::string& RecordedMinute(const v1::Event& event);
  // Writes the rows not written yet.
  void Flush(std::ostream& out);

  projections::acts::BesluitenlijstBuilder builder_;
  ScratchAct scratch_;  // Each event's act, decoded once per pass.
  // The run of structure acts not written yet.
  std::string structure_rows_;
  std::map<std::string, uint64_t> structure_counts_;  // Dutch act type -> count.
  uint64_t structure_first_ = 0;
  uint64_t structure_last_ = 0;
  bool table_open_ = false;  // A table of (unfolded) rows is open.
  std::string rows_;         // Table rows not written yet.
  // The last RecordedMinute(), for the second it was asked for.
  bool recorded_valid_ = false;
  int64_t recorded_seconds_ = 0;
  std::string recorded_text_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_HTML_TRAIL_H_
