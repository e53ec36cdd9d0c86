// PageRenderer: the bodies of the site's meeting, proposal and municipality
// pages, made from the published events. The publisher (publisher.h) owns
// everything around them — the page frame, the index, the verification
// bundles, the downloads and the Woo sitemaps — so a renderer only says
// what a page shows. BesluitenlijstPages (besluitenlijst_pages.h) is the
// implementation: the besluitenlijst of issue #12.
//
// Contract of a fragment: every decision shown is one element with
//   data-event="<global position>" data-leaf="<hex of its Merkle leaf hash>"
// (DecisionAttributes makes them) and the position is listed in
// PageFragment::decisions; the page's script (verify_script.h) finds these
// elements, checks each against bewijs/<position>.json and sets
// data-verified="true"/"false" on it. Links between pages are relative to
// the page (SitePaths). Text is HTML-escaped by the renderer.
#ifndef BESLUITLOG_TOOLS_PUBLISH_PAGE_RENDERER_H_
#define BESLUITLOG_TOOLS_PUBLISH_PAGE_RENDERER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::tools::publish {

struct PageFragment {
  std::string title;  // Plain text: the page's <title>, and its <h1> unless
  std::string html;   // the html (inside <main>) begins with its own.
  bool heading_in_html = false;
  // Global positions of the decisions shown, each once.
  std::vector<uint64_t> decisions;
};

class PageRenderer {
 public:
  virtual ~PageRenderer() = default;
  // Every published governance event, in position order. Of an excluded
  // body only what is public arrives (publisher.cc Exclusion): its name,
  // and the acts of its proposals that reached a public body; never its
  // meetings.
  virtual void Observe(const v1::Event& event, const v1::GovernanceEvent& act) = 0;
  // Pages of what was observed; an unknown id gives an empty fragment.
  virtual PageFragment Meeting(const std::string& meeting_id) const = 0;
  virtual PageFragment Proposal(const std::string& proposal_id) const = 0;
  // "In werking": the agreements in force in `municipality` on `today`.
  virtual PageFragment Municipality(const std::string& municipality,
                                    absl::CivilDay today) const = 0;
};

// Where pages live in the site, relative to its root; ids are made safe for
// file names and URLs by Slug.
struct SitePaths {
  static std::string Slug(absl::string_view id);
  static std::string Meeting(absl::string_view meeting_id);    // "vergadering/<slug>.html"
  static std::string Proposal(absl::string_view proposal_id);  // "voorstel/<slug>.html"
  static std::string Municipality(absl::string_view name);     // "gemeente/<slug>.html"
  static std::string Bundle(uint64_t position);                // "bewijs/<position>.json"
};

// ` data-event="N" data-leaf="HEX"` for the element of the decision `event`.
std::string DecisionAttributes(const v1::Event& event);

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_PAGE_RENDERER_H_
