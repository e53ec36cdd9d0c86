#include "tools/publish/besluitenlijst_pages.h"

#include <algorithm>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "projections/acts/act_labels.h"
#include "tools/trail_export.h"

namespace besluitlog::tools::publish {
namespace {

using projections::acts::BesluitCollegeDecision;
using projections::acts::BesluitItem;
using projections::acts::BesluitMeeting;
using projections::acts::BesluitProposal;

// The element verify.js fills with the outcome of the check.
constexpr char kProofLine[] = "<p class=\"bewijs\" aria-live=\"polite\">wordt gecontroleerd…</p>";

// Every page lives one folder below the site's root.
std::string Up(const std::string& path) { return "../" + path; }

std::string Link(const std::string& href, const std::string& text) {
  return absl::StrCat("<a href=\"", HtmlEscape(href), "\">", HtmlEscape(text), "</a>");
}

}  // namespace

void BesluitenlijstPages::Observe(const v1::Event& event, const v1::GovernanceEvent& act) {
  builder_.Add(event, act);
  if (act.has_decision_taken() || act.has_college_decision_recorded()) {
    decisions_[event.global_position()] = DecisionAttributes(event);
  }
  model_.reset();
}

const BesluitenlijstPages::Model& BesluitenlijstPages::Built() const {
  if (model_.has_value()) return *model_;
  Model& model = model_.emplace();
  model.list = builder_.Build();
  for (size_t i = 0; i < model.list.meetings.size(); ++i) {
    model.meetings[model.list.meetings[i].meeting_id] = i;
  }
  for (size_t i = 0; i < model.list.proposals.size(); ++i) {
    model.proposals[model.list.proposals[i].proposal_id] = i;
  }
  return model;
}

BesluitHtmlOptions BesluitenlijstPages::Options(int level, PageFragment& page) const {
  BesluitHtmlOptions options;
  options.level = level;
  options.decision_attributes = [this, &page](uint64_t position) -> std::string {
    auto it = decisions_.find(position);
    if (it == decisions_.end()) return "";
    if (std::find(page.decisions.begin(), page.decisions.end(), position) == page.decisions.end()) {
      page.decisions.push_back(position);
    }
    return it->second;
  };
  options.decision_note = kProofLine;
  // Only proposals submitted to a published body have a page.
  options.proposal_href = [this](const std::string& proposal_id) -> std::string {
    return Built().proposals.contains(proposal_id) ? Up(SitePaths::Proposal(proposal_id)) : "";
  };
  return options;
}

PageFragment BesluitenlijstPages::Meeting(const std::string& meeting_id) const {
  PageFragment page;
  const Model& model = Built();
  auto it = model.meetings.find(meeting_id);
  if (it == model.meetings.end()) return page;
  const BesluitMeeting& meeting = model.list.meetings[it->second];
  page.title = absl::StrCat("Besluitenlijst ", meeting.body_name, " ", meeting.date_label);
  page.heading_in_html = true;
  std::ostringstream html;
  WriteMeeting(meeting, Options(/*level=*/1, page), html);
  page.html = html.str();
  return page;
}

PageFragment BesluitenlijstPages::Proposal(const std::string& proposal_id) const {
  PageFragment page;
  const Model& model = Built();
  auto it = model.proposals.find(proposal_id);
  if (it == model.proposals.end()) return page;
  const BesluitProposal& proposal = model.list.proposals[it->second];
  page.title = proposal.title;
  std::ostringstream html;
  html << "<p class=\"meta\">Voorstel aan " << HtmlEscape(proposal.body_name)
       << (proposal.withdrawn.empty() ? "" : " · ") << HtmlEscape(proposal.withdrawn) << "</p>";
  if (!proposal.text.empty()) {
    html << "<div class=\"tekst\"><p>" << HtmlEscape(proposal.text) << "</p></div>";
  }
  if (!proposal.points.empty()) {
    html << "<h2>Besluitpunten</h2><ul class=\"lijst\">";
    for (const BesluitProposal::Point& point : proposal.points) {
      html << "<li>Besluitpunt " << point.number << ": " << HtmlEscape(point.text)
           << (point.changes_agreement
                   ? absl::StrCat(" <em>(", projections::acts::kChangesAgreementNl, ")</em>")
                   : "")
           << "</li>";
    }
    html << "</ul>";
  }
  if (!proposal.documents.empty()) {
    html << "<h2>Documenten</h2><ul class=\"lijst documenten\">";
    for (const std::string& document : proposal.documents) {
      html << "<li>" << HtmlEscape(document) << "</li>";
    }
    html << "</ul>";
  }
  // Every item the proposal was on, in the order of the meetings: where it
  // came from and went to is in each item.
  html << "<h2>Besluiten</h2>";
  const BesluitHtmlOptions options = Options(/*level=*/1, page);
  bool treated = false;
  for (const BesluitMeeting& meeting : model.list.meetings) {
    for (const BesluitItem& item : meeting.items) {
      if (item.proposal_id != proposal_id) continue;
      treated = true;
      html << "<section class=\"behandeling\"><h3 class=\"vergadering-kop\">"
           << Link(Up(SitePaths::Meeting(meeting.meeting_id)),
                   projections::acts::MeetingLabelNl(meeting.body_name, meeting.date))
           << "</h3>";
      WriteItem(item, options, html);
      html << "</section>";
    }
  }
  if (!treated) html << "<p>" << projections::acts::kNoDecisionYetNl << "</p>";
  page.html = html.str();
  return page;
}

PageFragment BesluitenlijstPages::Municipality(const std::string& municipality,
                                               absl::CivilDay today) const {
  PageFragment page;
  const Model& model = Built();
  const std::string today_text = absl::FormatCivilTime(today);
  const BesluitHtmlOptions options = Options(/*level=*/1, page);
  std::string in_force, coming, rejected;
  for (const BesluitCollegeDecision& decision : model.list.college_decisions) {
    if (decision.municipality != municipality) continue;
    const bool has_page = model.proposals.contains(decision.proposal_id);
    std::string html =
        absl::StrCat("<p>",
                     has_page ? Link(Up(SitePaths::Proposal(decision.proposal_id)), decision.title)
                              : HtmlEscape(decision.title),
                     "</p><p>", HtmlEscape(decision.text), "</p>", options.decision_note, "</li>");
    const std::string open = absl::StrCat("<li", options.decision_attributes(decision.event), ">");
    if (!decision.ratified) {
      absl::StrAppend(&rejected, open, html);
    } else if (decision.effective_date <= today_text) {
      absl::StrAppend(
          &in_force, open,
          decision.effective_date.empty()
              ? ""
              : absl::StrCat("<p class=\"uitkomst\">",
                             projections::acts::InForceSinceNl(decision.effective_date), "</p>"),
          html);
    } else {
      absl::StrAppend(&coming, open, "<p class=\"uitkomst\">",
                      projections::acts::InForceFromNl(decision.effective_date), "</p>", html);
    }
  }
  if (page.decisions.empty()) return page;
  page.title = absl::StrCat("Gemeente ", municipality, ": afspraken in werking");
  page.html = absl::StrCat(
      "<h2>In werking op ", projections::acts::DutchDate(today), "</h2>",
      in_force.empty() ? absl::StrCat("<p>", projections::acts::kNoAgreementInForceNl, "</p>")
                       : absl::StrCat("<ul class=\"afspraken\">", in_force, "</ul>"));
  if (!coming.empty()) {
    absl::StrAppend(&page.html, "<h2>Bekrachtigd, nog niet in werking</h2>",
                    "<ul class=\"afspraken\">", coming, "</ul>");
  }
  if (!rejected.empty()) {
    absl::StrAppend(&page.html, "<h2>Niet bekrachtigd</h2><ul class=\"afspraken\">", rejected,
                    "</ul>");
  }
  return page;
}

}  // namespace besluitlog::tools::publish
