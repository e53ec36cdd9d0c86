// BesluitenlijstPages: the site's PageRenderer (page_renderer.h) — a thin
// adapter. The pages are the besluitenlijst of issue #12: the model is
// projections::acts::BesluitenlijstBuilder's, laid out by the same functions
// as `ledgerctl export --format html` (tools/besluitenlijst_html.h), so a
// meeting reads and looks the same in both and every Dutch wording comes
// from projections/acts/act_labels.h. This adapter adds only what the site
// needs: each decision element carries data-event/data-leaf and the line
// verify.js fills, proposal titles link to their pages, and headings.
//
// Pages: a meeting (its besluitenlijst section), a proposal (its text,
// decision points, documents by hash, then every item it was on, with the
// escalation chain both ways and the Colleges' decisions), and per
// municipality the College decisions in force on a day, those ratified to
// take effect later, and those not ratified.
//
// The model is built once, on the first page asked after new events.
// Memory as the builder's (besluitenlijst.h) plus one leaf hash per
// decision. Not thread-safe.
#ifndef BESLUITLOG_TOOLS_PUBLISH_BESLUITENLIJST_PAGES_H_
#define BESLUITLOG_TOOLS_PUBLISH_BESLUITENLIJST_PAGES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "projections/acts/besluitenlijst.h"
#include "tools/besluitenlijst_html.h"
#include "tools/publish/page_renderer.h"

namespace besluitlog::tools::publish {

class BesluitenlijstPages : public PageRenderer {
 public:
  void Observe(const v1::Event& event, const v1::GovernanceEvent& act) override;
  PageFragment Meeting(const std::string& meeting_id) const override;
  PageFragment Proposal(const std::string& proposal_id) const override;
  PageFragment Municipality(const std::string& municipality, absl::CivilDay today) const override;

 private:
  struct Model {
    projections::acts::Besluitenlijst list;
    absl::flat_hash_map<std::string, size_t> meetings;   // Id -> index.
    absl::flat_hash_map<std::string, size_t> proposals;  // Id -> index.
  };
  const Model& Built() const;
  // The options of a page one folder below the root, with its meeting
  // heading at `level`; decisions shown are added to `page`.
  BesluitHtmlOptions Options(int level, PageFragment& page) const;

  projections::acts::BesluitenlijstBuilder builder_;
  // Position -> DecisionAttributes, for every decision observed.
  absl::flat_hash_map<uint64_t, std::string> decisions_;
  mutable std::optional<Model> model_;
};

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_BESLUITENLIJST_PAGES_H_
