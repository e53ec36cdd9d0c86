#include "tools/publish/simple_page_renderer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/publish/dutch.h"
#include "tools/trail_export.h"

namespace besluitlog::tools::publish {
namespace {

// Every fragment page lives one folder below the site's root.
std::string Up(const std::string& path) { return "../" + path; }

std::string Link(const std::string& href, const std::string& text) {
  return absl::StrCat("<a href=\"", HtmlEscape(href), "\">", HtmlEscape(text), "</a>");
}

// The element verify.js fills with the outcome of the check.
constexpr char kProofLine[] = "<p class=\"bewijs\" aria-live=\"polite\">wordt gecontroleerd…</p>";

std::string Points(const std::vector<uint32_t>& points) {
  return absl::StrCat(points.size() == 1 ? "punt " : "punten ", absl::StrJoin(points, ", "));
}

}  // namespace

void SimplePageRenderer::Observe(const v1::Event& event, const v1::GovernanceEvent& act) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
      body_names_[act.body_established().body_id()] = act.body_established().config().name();
      break;
    case v1::GovernanceEvent::kBodyChanged:
      body_names_[act.body_changed().body_id()] = act.body_changed().config().name();
      break;
    case v1::GovernanceEvent::kMemberAppointed:
      member_names_[act.member_appointed().member_id()] = act.member_appointed().name();
      break;
    case v1::GovernanceEvent::kMeetingScheduled: {
      MeetingState& meeting = meetings_[act.meeting_scheduled().meeting_id()];
      meeting.body = act.meeting_scheduled().body_id();
      meeting.date = act.meeting_scheduled().date();
      break;
    }
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const auto& a = act.attendance_recorded();
      MeetingState& meeting = meetings_[a.meeting_id()];
      if (!meeting.present.contains(a.member_id()))
        meeting.attendance_order.push_back(a.member_id());
      meeting.present[a.member_id()] = a.present();
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const auto& s = act.substitute_named();
      MeetingState& meeting = meetings_[s.meeting_id()];
      if (!meeting.present.contains(s.member_id())) {
        meeting.attendance_order.push_back(s.member_id());
        meeting.present[s.member_id()] = false;
      }
      meeting.substitute[s.member_id()] = s.substitute_name();
      member_names_.try_emplace(s.substitute_id(), s.substitute_name());
      break;
    }
    case v1::GovernanceEvent::kAgendaItemAdded: {
      const auto& a = act.agenda_item_added();
      Item item;
      item.id = a.item_id();
      item.proposal = a.proposal_id();
      meetings_[a.meeting_id()].items.push_back(std::move(item));
      break;
    }
    case v1::GovernanceEvent::kProposalSubmitted: {
      const auto& p = act.proposal_submitted();
      ProposalState& proposal = proposals_[p.proposal_id()];
      proposal.body = p.body_id();
      proposal.title = p.title();
      proposal.text = p.text();
      proposal.points.assign(p.decision_points().begin(), p.decision_points().end());
      proposal.documents.assign(p.documents().begin(), p.documents().end());
      break;
    }
    case v1::GovernanceEvent::kProposalAmended: {
      const auto& p = act.proposal_amended();
      ProposalState& proposal = proposals_[p.proposal_id()];
      if (!p.title().empty()) proposal.title = p.title();
      if (!p.text().empty()) proposal.text = p.text();
      if (!p.decision_points().empty()) {
        proposal.points.assign(p.decision_points().begin(), p.decision_points().end());
      }
      if (!p.documents().empty()) {
        proposal.documents.assign(p.documents().begin(), p.documents().end());
      }
      break;
    }
    case v1::GovernanceEvent::kProposalWithdrawn:
      proposals_[act.proposal_withdrawn().proposal_id()].withdrawn =
          act.proposal_withdrawn().reason().empty() ? "ingetrokken"
                                                    : act.proposal_withdrawn().reason();
      break;
    case v1::GovernanceEvent::kDecisionTaken: {
      const auto& d = act.decision_taken();
      Decision decision;
      decision.position = event.global_position();
      decision.attributes = DecisionAttributes(event);
      decision.outcomes.assign(d.outcomes().begin(), d.outcomes().end());
      if (Item* item = FindItem(d.meeting_id(), d.item_id()); item != nullptr) {
        item->decisions.push_back(std::move(decision));
      }
      auto& treated = proposals_[d.proposal_id()].treated;
      const std::pair<std::string, std::string> key{d.meeting_id(), d.item_id()};
      if (std::find(treated.begin(), treated.end(), key) == treated.end()) treated.push_back(key);
      break;
    }
    case v1::GovernanceEvent::kEscalationRaised: {
      const auto& e = act.escalation_raised();
      Escalation escalation{
          e.from_body_id(), e.from_meeting_id(), e.to_body_id(), e.to_meeting_id(),
          std::vector<uint32_t>(e.decision_points().begin(), e.decision_points().end())};
      if (Item* from = FindItem(e.from_meeting_id(), e.from_item_id()); from != nullptr) {
        from->onward.push_back(escalation);
      }
      if (Item* to = FindItem(e.to_meeting_id(), e.to_item_id()); to != nullptr) {
        to->arrived.push_back(escalation);
      }
      proposals_[e.proposal_id()].escalations.push_back(std::move(escalation));
      break;
    }
    case v1::GovernanceEvent::kRatificationRequested: {
      const auto& r = act.ratification_requested();
      auto& requested = proposals_[r.proposal_id()].requested;
      requested.insert(requested.end(), r.municipalities().begin(), r.municipalities().end());
      break;
    }
    case v1::GovernanceEvent::kCollegeDecisionRecorded: {
      const auto& c = act.college_decision_recorded();
      ProposalState& proposal = proposals_[c.proposal_id()];
      CollegeDecision decision;
      decision.position = event.global_position();
      decision.attributes = DecisionAttributes(event);
      decision.municipality = c.municipality();
      decision.date = c.decision_date();
      decision.effective = c.effective_date();
      decision.decision = c.decision();
      proposal.college.push_back(std::move(decision));
      municipalities_[c.municipality()].emplace_back(c.proposal_id(), proposal.college.size() - 1);
      break;
    }
    default:
      break;
  }
}

SimplePageRenderer::Item* SimplePageRenderer::FindItem(const std::string& meeting_id,
                                                       const std::string& item_id) {
  auto meeting = meetings_.find(meeting_id);
  if (meeting == meetings_.end()) return nullptr;
  for (Item& item : meeting->second.items) {
    if (item.id == item_id) return &item;
  }
  return nullptr;
}

std::string SimplePageRenderer::BodyName(const std::string& body_id) const {
  auto it = body_names_.find(body_id);
  // A body not published (excluded) is not named.
  if (it == body_names_.end()) return "een niet-openbaar overleg";
  return it->second.empty() ? body_id : it->second;
}

std::string SimplePageRenderer::MemberName(const std::string& member_id) const {
  auto it = member_names_.find(member_id);
  return it == member_names_.end() || it->second.empty() ? member_id : it->second;
}

std::string SimplePageRenderer::ProposalTitle(const std::string& proposal_id) const {
  auto it = proposals_.find(proposal_id);
  return it == proposals_.end() || it->second.title.empty() ? proposal_id : it->second.title;
}

std::string SimplePageRenderer::ProposalLink(const std::string& proposal_id) const {
  auto it = proposals_.find(proposal_id);
  // Submitted to a body that is not published: named, without its text.
  if (it == proposals_.end() || it->second.body.empty()) {
    return HtmlEscape(absl::StrCat("voorstel ", proposal_id));
  }
  return Link(Up(SitePaths::Proposal(proposal_id)), ProposalTitle(proposal_id));
}

std::string SimplePageRenderer::MeetingLink(const std::string& meeting_id) const {
  auto it = meetings_.find(meeting_id);
  if (it == meetings_.end()) return "een niet-openbare vergadering";
  return Link(Up(SitePaths::Meeting(meeting_id)),
              absl::StrCat(BodyName(it->second.body), ", ", DutchDate(it->second.date)));
}

std::string SimplePageRenderer::DecisionHtml(const Decision& decision,
                                             const std::string& proposal_id,
                                             const std::vector<Escalation>& onward) const {
  std::string html =
      absl::StrCat("<div class=\"besluit\"", decision.attributes, "><p>Besluit:</p><ul>");
  auto proposal = proposals_.find(proposal_id);
  for (const v1::PointOutcome& outcome : decision.outcomes) {
    std::string text;
    if (proposal != proposals_.end()) {
      for (const v1::DecisionPoint& point : proposal->second.points) {
        if (point.number() == outcome.decision_point()) text = point.text();
      }
    }
    std::string word = OutcomeWord(outcome.outcome());
    for (const Escalation& escalation : onward) {
      if (std::find(escalation.points.begin(), escalation.points.end(), outcome.decision_point()) !=
          escalation.points.end()) {
        absl::StrAppend(&word, "; doorgeleid naar ", HtmlEscape(BodyName(escalation.to_body)));
      }
    }
    if (outcome.awaiting_ratification())
      absl::StrAppend(&word, "; ter bekrachtiging naar de colleges");
    absl::StrAppend(&html, "<li>Punt ", outcome.decision_point(),
                    text.empty() ? "" : absl::StrCat(" (", HtmlEscape(text), ")"), ": <strong>",
                    word, "</strong> — ", outcome.votes_for(), " voor, ", outcome.votes_against(),
                    " tegen, ", outcome.abstentions(), " onthouding",
                    outcome.abstentions() == 1 ? "" : "en", "</li>");
  }
  absl::StrAppend(&html, "</ul>", kProofLine, "</div>");
  return html;
}

std::string SimplePageRenderer::CollegeHtml(const CollegeDecision& decision,
                                            const std::string& proposal_id,
                                            bool link_proposal) const {
  std::string what = link_proposal
                         ? ProposalLink(proposal_id)
                         : absl::StrCat("College van ", HtmlEscape(decision.municipality));
  std::string html = absl::StrCat("<div class=\"besluit\"", decision.attributes, "><p>", what, ": ",
                                  "<strong>", CollegeDecisionWord(decision.decision),
                                  "</strong> op ", DutchDate(decision.date));
  if (decision.decision == v1::RATIFIED && !decision.effective.empty()) {
    absl::StrAppend(&html, ", in werking per ", DutchDate(decision.effective));
  }
  absl::StrAppend(&html, "</p>", kProofLine, "</div>");
  return html;
}

PageFragment SimplePageRenderer::Meeting(const std::string& meeting_id) const {
  PageFragment page;
  auto it = meetings_.find(meeting_id);
  if (it == meetings_.end()) return page;
  const MeetingState& meeting = it->second;
  page.title =
      absl::StrCat("Besluitenlijst ", BodyName(meeting.body), " ", DutchDate(meeting.date));
  std::string& html = page.html;
  absl::StrAppend(&html, "<p class=\"meta\">", HtmlEscape(BodyName(meeting.body)),
                  " · vergadering van ", DutchDate(meeting.date), "</p>");
  std::vector<std::string> present, absent;
  for (const std::string& member : meeting.attendance_order) {
    if (meeting.present.at(member)) {
      present.push_back(HtmlEscape(MemberName(member)));
    } else {
      auto substitute = meeting.substitute.find(member);
      absent.push_back(substitute == meeting.substitute.end()
                           ? HtmlEscape(MemberName(member))
                           : absl::StrCat(HtmlEscape(MemberName(member)),
                                          " (vervanger: ", HtmlEscape(substitute->second), ")"));
    }
  }
  absl::StrAppend(&html, "<h2>Aanwezig</h2><p>",
                  present.empty() ? "Niet vastgelegd." : absl::StrJoin(present, ", "), "</p>");
  if (!absent.empty()) {
    absl::StrAppend(&html, "<h2>Afwezig</h2><p>", absl::StrJoin(absent, ", "), "</p>");
  }
  absl::StrAppend(&html, "<h2>Agenda en besluiten</h2>");
  if (meeting.items.empty()) absl::StrAppend(&html, "<p>Geen agendapunten.</p>");
  absl::StrAppend(&html, "<ol class=\"agenda\">");
  for (const Item& item : meeting.items) {
    absl::StrAppend(&html, "<li><h3>Agendapunt ", HtmlEscape(item.id), ": ",
                    ProposalLink(item.proposal), "</h3>");
    for (const Escalation& escalation : item.arrived) {
      absl::StrAppend(&html, "<p>Doorgeleid uit ", MeetingLink(escalation.from_meeting), " (",
                      Points(escalation.points), ").</p>");
    }
    if (item.decisions.empty()) absl::StrAppend(&html, "<p>Nog geen besluit.</p>");
    for (const Decision& decision : item.decisions) {
      absl::StrAppend(&html, DecisionHtml(decision, item.proposal, item.onward));
      page.decisions.push_back(decision.position);
    }
    for (const Escalation& escalation : item.onward) {
      absl::StrAppend(&html, "<p>Doorgeleid naar ", MeetingLink(escalation.to_meeting), ".</p>");
    }
    absl::StrAppend(&html, "</li>");
  }
  absl::StrAppend(&html, "</ol>");
  return page;
}

PageFragment SimplePageRenderer::Proposal(const std::string& proposal_id) const {
  PageFragment page;
  auto it = proposals_.find(proposal_id);
  if (it == proposals_.end()) return page;
  const ProposalState& proposal = it->second;
  page.title = ProposalTitle(proposal_id);
  std::string& html = page.html;
  absl::StrAppend(&html, "<p class=\"meta\">Voorstel aan ", HtmlEscape(BodyName(proposal.body)),
                  proposal.withdrawn.empty()
                      ? ""
                      : absl::StrCat(" · ingetrokken: ", HtmlEscape(proposal.withdrawn)),
                  "</p>");
  if (!proposal.text.empty()) {
    absl::StrAppend(&html, "<div class=\"tekst\"><p>", HtmlEscape(proposal.text), "</p></div>");
  }
  if (!proposal.points.empty()) {
    absl::StrAppend(&html, "<h2>Beslispunten</h2><ol>");
    for (const v1::DecisionPoint& point : proposal.points) {
      absl::StrAppend(&html, "<li value=\"", point.number(), "\">", HtmlEscape(point.text()),
                      point.changes_agreement() ? " <em>(wijzigt de afspraken)</em>" : "", "</li>");
    }
    absl::StrAppend(&html, "</ol>");
  }
  if (!proposal.documents.empty()) {
    absl::StrAppend(&html, "<h2>Documenten</h2><ul class=\"documenten\">");
    for (const v1::DocumentRef& document : proposal.documents) {
      absl::StrAppend(&html, "<li>", HtmlEscape(document.name()), " (",
                      HtmlEscape(document.media_type()), ", ", document.size_bytes(),
                      " bytes)<br>SHA-256 <code class=\"hash\">", HtmlEscape(document.sha256()),
                      "</code></li>");
    }
    absl::StrAppend(&html, "</ul>");
  }
  if (!proposal.escalations.empty()) {
    absl::StrAppend(&html, "<h2>Doorgeleid</h2><ol class=\"keten\">");
    for (const Escalation& escalation : proposal.escalations) {
      absl::StrAppend(&html, "<li>Van ", MeetingLink(escalation.from_meeting), " naar ",
                      MeetingLink(escalation.to_meeting), " (", Points(escalation.points),
                      ")</li>");
    }
    absl::StrAppend(&html, "</ol>");
  }
  absl::StrAppend(&html, "<h2>Besluiten</h2>");
  if (proposal.treated.empty()) absl::StrAppend(&html, "<p>Nog niet behandeld.</p>");
  for (const auto& [meeting_id, item_id] : proposal.treated) {
    auto meeting = meetings_.find(meeting_id);
    if (meeting == meetings_.end()) continue;
    for (const Item& item : meeting->second.items) {
      if (item.id != item_id) continue;
      absl::StrAppend(&html, "<h3>", MeetingLink(meeting_id), ", agendapunt ", HtmlEscape(item_id),
                      "</h3>");
      for (const Decision& decision : item.decisions) {
        absl::StrAppend(&html, DecisionHtml(decision, proposal_id, item.onward));
        page.decisions.push_back(decision.position);
      }
    }
  }
  if (!proposal.requested.empty() || !proposal.college.empty()) {
    absl::StrAppend(&html, "<h2>Besluiten van de colleges</h2>");
    for (const CollegeDecision& decision : proposal.college) {
      absl::StrAppend(&html, CollegeHtml(decision, proposal_id, /*link_proposal=*/false));
      page.decisions.push_back(decision.position);
    }
    std::vector<std::string> waiting;
    for (const std::string& municipality : proposal.requested) {
      const bool decided =
          std::any_of(proposal.college.begin(), proposal.college.end(),
                      [&](const CollegeDecision& d) { return d.municipality == municipality; });
      if (!decided) waiting.push_back(HtmlEscape(municipality));
    }
    if (!waiting.empty()) {
      absl::StrAppend(&html, "<p>Nog geen besluit van: ", absl::StrJoin(waiting, ", "), ".</p>");
    }
  }
  return page;
}

PageFragment SimplePageRenderer::Municipality(const std::string& municipality,
                                              absl::CivilDay today) const {
  PageFragment page;
  auto it = municipalities_.find(municipality);
  if (it == municipalities_.end()) return page;
  page.title = absl::StrCat("Gemeente ", municipality, ": afspraken in werking");
  std::string in_force, coming, rejected;
  const std::string today_text = absl::FormatCivilTime(today);
  for (const auto& [proposal_id, index] : it->second) {
    const CollegeDecision& decision = proposals_.at(proposal_id).college[index];
    const std::string html = CollegeHtml(decision, proposal_id, /*link_proposal=*/true);
    page.decisions.push_back(decision.position);
    if (decision.decision != v1::RATIFIED) {
      absl::StrAppend(&rejected, "<li>", html, "</li>");
    } else if (!decision.effective.empty() && decision.effective <= today_text) {
      absl::StrAppend(&in_force, "<li><p>In werking sinds ", DutchDate(decision.effective), "</p>",
                      html, "</li>");
    } else {
      absl::StrAppend(&coming, "<li><p>In werking vanaf ", DutchDate(decision.effective), "</p>",
                      html, "</li>");
    }
  }
  // The words "sinds"/"vanaf" only where an agreement is listed.
  std::string& html = page.html;
  absl::StrAppend(&html, "<h2>In werking op ", DutchDate(today), "</h2>",
                  in_force.empty() ? "<p>Geen afspraken in werking.</p>"
                                   : absl::StrCat("<ul class=\"afspraken\">", in_force, "</ul>"));
  if (!coming.empty()) {
    absl::StrAppend(&html, "<h2>Bekrachtigd, nog niet in werking</h2><ul class=\"afspraken\">",
                    coming, "</ul>");
  }
  if (!rejected.empty()) {
    absl::StrAppend(&html, "<h2>Afgewezen</h2><ul class=\"afspraken\">", rejected, "</ul>");
  }
  return page;
}

}  // namespace besluitlog::tools::publish
