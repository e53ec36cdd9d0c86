// The besluitenlijst as an HTML page for the screen and for print (A4): the
// head of the page (an index per body and year, the checkpoint with its key
// fingerprint and how to check it) and one section per meeting, each
// starting a printed page. It lays out projections::acts::Besluitenlijst;
// every wording of a domain fact comes from the model (act_labels.h), only
// headings are written here. Self-contained: inline CSS, no scripts, every
// text escaped. Nothing is wider than the page: long words and hashes wrap.
#ifndef BESLUITLOG_TOOLS_BESLUITENLIJST_HTML_H_
#define BESLUITLOG_TOOLS_BESLUITENLIJST_HTML_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "besluitlog/v1/audit.pb.h"
#include "projections/acts/besluitenlijst.h"

namespace besluitlog::tools {

// The page's <head> (with its CSS) and the opening of <body>.
void WritePageStart(std::ostream& out);
// The title, the index and the checkpoint. `verified` and `problem`: the
// signature as checked by this client (the problem shown when it fails).
// `witnesses`: who cosigned the checkpoint under the reader's policy (a
// Dutch sentence), shown in the Controle box when not empty.
void WriteFrontMatter(const projections::acts::Besluitenlijst& list,
                      const v1::Checkpoint& checkpoint, bool verified, const std::string& problem,
                      std::ostream& out, const std::string& witnesses = "");
// One section per meeting, in the model's order.
void WriteMeetings(const projections::acts::Besluitenlijst& list, std::ostream& out);

// What a page around the besluitenlijst adds to its markup (the published
// site, tools/publish): the defaults give the export's page.
struct BesluitHtmlOptions {
  // The level of a meeting's heading (h2 in the export); its parts'
  // headings follow one and two below it.
  int level = 2;
  // Given: each decision (an item's decided points, a College decision) is
  // one element carrying these attributes of the decision's position, and
  // `decision_note` is written inside it, last.
  std::function<std::string(uint64_t position)> decision_attributes;
  std::string decision_note;
  // Given and not empty: a proposal's title links there.
  std::function<std::string(const std::string& proposal_id)> proposal_href;
};
// One meeting's section; `options` as above.
void WriteMeeting(const projections::acts::BesluitMeeting& meeting,
                  const BesluitHtmlOptions& options, std::ostream& out);
// One agenda item (its heading at options.level + 2).
void WriteItem(const projections::acts::BesluitItem& item, const BesluitHtmlOptions& options,
               std::ostream& out);
// The stylesheet the page's <head> carries, for a page that links it.
std::string BesluitenlijstCss();
// The id a meeting's section has (the index links to "#" + it).
std::string MeetingAnchor(const std::string& meeting_id);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_BESLUITENLIJST_HTML_H_
