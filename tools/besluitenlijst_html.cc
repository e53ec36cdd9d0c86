#include "tools/besluitenlijst_html.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "ledger/core/event_hash.h"
#include "projections/acts/act_labels.h"
#include "tools/trail_export.h"
#include "tools/trusted_keys.h"

namespace besluitlog::tools {
namespace {

using projections::acts::Besluitenlijst;
using projections::acts::BesluitItem;
using projections::acts::BesluitMeeting;
using projections::acts::BesluitPoint;

// One stylesheet for screen and print. Every box may shrink: text wraps
// anywhere rather than push the page wider (hashes, long names), tables are
// laid out to the page's width. Each meeting, and the appendix, starts a
// printed page; a decision point is not split over two pages.
constexpr char kStyle[] = R"css(
*{box-sizing:border-box}
@page{size:A4;margin:18mm 16mm}
html{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.4;color:#1b1b1b}
body{margin:0 auto;padding:1.5em 2em;max-width:58em}
h1,h2,h3,h4,p,li,dd,dt,td,th,summary{overflow-wrap:anywhere}
h1{font-size:1.9em;margin:0 0 .2em}
h2{font-size:1.35em;margin:0 0 .4em}
h3{font-size:1.1em;margin:1.2em 0 .4em;border-bottom:1px solid #bbb}
h4{font-size:1em;margin:1em 0 .3em}
code,.hash{font-family:"DejaVu Sans Mono",monospace;font-size:.85em;word-break:break-all;overflow-wrap:anywhere}
.sub{color:#555;margin:0 0 1em}
nav.index ul{list-style:none;padding:0;margin:0 0 .6em}
nav.index li{margin:.15em 0}
nav.index a{margin-right:.8em;white-space:nowrap}
.controle{border:1px solid #999;padding:.6em 1em;margin:1.5em 0;background:#f6f6f6}
.ok{color:#0a5c1f;font-weight:bold}.fout{color:#a00000;font-weight:bold}
section.vergadering{break-before:page;page-break-before:always}
@media screen{section.vergadering{border-top:3px solid #333;margin-top:3em;padding-top:1em}}
.gremium{display:block;font-size:.8em;font-weight:normal;color:#444}
dl.aanwezig{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.5em 0 1em}
dl.aanwezig dt{font-weight:bold}dl.aanwezig dd{margin:0}
article.agendapunt{margin:0 0 1.2em}
ol.punten{list-style:none;padding:0;margin:0}
ol.punten li{border-left:3px solid #888;padding:.2em .8em;margin:.5em 0;break-inside:avoid}
.uitkomst{font-weight:bold}
.aangenomen{border-left-color:#1d7a34!important}.verworpen{border-left-color:#a00000!important}
.open{border-left-color:#bbb!important}
.stemmen,.herkomst{color:#444;font-size:.92em;margin:.2em 0}
p{margin:.25em 0}
ul.lijst{margin:.2em 0 .6em;padding-left:1.3em}
section.bijlage{break-before:page;page-break-before:always;margin-top:3em}
table.trail{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.8em}
table.trail th,table.trail td{border:1px solid #bbb;padding:2px 4px;text-align:left;vertical-align:top}
table.trail col.pos{width:3.5em}table.trail col.tijd{width:7.5em}table.trail col.soort{width:9em}
table.trail col.door{width:6.5em}
table.trail .hash{font-size:.78em;color:#555}
table.trail tr{break-inside:avoid}
details.structuur{margin:.3em 0}
details.structuur summary{cursor:pointer;padding:.2em 0}
@media print{details.structuur::details-content{content-visibility:visible;display:block}}
pre.notitie{font-family:"DejaVu Sans Mono",monospace;font-size:.8em;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #ccc;padding:.4em .6em;margin:.3em 0}
)css";

std::string Hex(const std::string& bytes) { return ledger::core::HashToHex(bytes); }

void WriteNames(const char* label, const std::vector<std::string>& names, std::ostream& out) {
  if (names.empty()) return;
  out << "<dt>" << label << "</dt><dd>" << HtmlEscape(absl::StrJoin(names, ", ")) << "</dd>";
}

void WriteVoters(const BesluitPoint& point, std::ostream& out) {
  std::vector<std::string> parts;
  for (const auto& [choice, names] :
       {std::pair{v1::FOR, &point.voted_for}, std::pair{v1::AGAINST, &point.voted_against},
        std::pair{v1::ABSTAIN, &point.abstained}}) {
    if (names->empty()) continue;
    parts.push_back(
        absl::StrCat(projections::acts::VoteChoiceNl(choice), ": ", absl::StrJoin(*names, ", ")));
  }
  if (parts.empty()) return;
  out << "<p class=\"stemmen\">" << HtmlEscape(absl::StrJoin(parts, " · ")) << "</p>";
}

std::string Open(const char* tag, int level) { return absl::StrCat("<", tag, level, ">"); }
std::string Close(const char* tag, int level) { return absl::StrCat("</", tag, level, ">"); }

// The attributes of the decision at `position`, when the page marks them.
std::string Marked(const BesluitHtmlOptions& options, uint64_t position) {
  if (position == 0 || !options.decision_attributes) return "";
  return options.decision_attributes(position);
}

// `events`, when not empty, names the decision of each line (0: none).
void WriteList(const char* heading, int level, const std::vector<std::string>& lines,
               const std::vector<uint64_t>& events, const BesluitHtmlOptions& options,
               std::ostream& out) {
  if (lines.empty()) return;
  out << Open("h", level) << heading << Close("h", level) << "<ul class=\"lijst\">";
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string marked = i < events.size() ? Marked(options, events[i]) : "";
    out << "<li" << marked << ">" << HtmlEscape(lines[i])
        << (marked.empty() ? "" : options.decision_note) << "</li>";
  }
  out << "</ul>";
}

const char* OutcomeClass(const BesluitPoint& point) {
  if (!point.decided) return "open";
  if (point.result == v1::ADOPTED) return "aangenomen";
  if (point.result == v1::REJECTED) return "verworpen";
  return "";
}

}  // namespace

std::string MeetingAnchor(const std::string& meeting_id) {
  std::string anchor = "vergadering-";
  for (unsigned char c : meeting_id) {
    if (std::isalnum(c) || c == '-') {
      anchor.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&anchor, "_%02x", c);
    }
  }
  return anchor;
}

void WritePageStart(std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>Besluitenlijst</title><style>"
      << kStyle << "</style></head><body>\n";
}

void WriteFrontMatter(const Besluitenlijst& list, const v1::Checkpoint& checkpoint, bool verified,
                      const std::string& problem, std::ostream& out, const std::string& witnesses) {
  out << "<header><h1>Besluitenlijst</h1><p class=\"sub\">" << list.meetings.size()
      << (list.meetings.size() == 1 ? " vergadering" : " vergaderingen")
      << ", opgemaakt uit het besluitlog tot en met handeling " << checkpoint.tree_size()
      << ".</p></header>\n<nav class=\"index\"><h2>Vergaderingen per gremium en jaar</h2>";
  for (const auto& body : list.index) {
    out << "<h3>" << HtmlEscape(body.body_name) << "</h3><ul>";
    for (const auto& year : body.years) {
      out << "<li><strong>" << year.year << "</strong>: ";
      for (size_t at : year.meetings) {
        const BesluitMeeting& m = list.meetings[at];
        out << "<a href=\"#" << MeetingAnchor(m.meeting_id) << "\">" << HtmlEscape(m.date_label)
            << "</a> ";
      }
      out << "</li>";
    }
    out << "</ul>";
  }
  const std::string fingerprint = HtmlEscape(KeyFingerprint(checkpoint.public_key()));
  out << "</nav>\n<section class=\"controle\"><h2>Controle</h2><p>Deze besluitenlijst volgt uit "
         "de eerste "
      << checkpoint.tree_size() << " handelingen van het besluitlog, met Merkle-root <code>"
      << Hex(checkpoint.root_hash())
      << "</code>, ondertekend met de sleutel met vingerafdruk <code>" << fingerprint
      << "</code>. Handtekening: "
      << (verified ? "<span class=\"ok\">geverifieerd</span>"
                   : absl::StrCat("<span class=\"fout\">NIET geverifieerd</span> (",
                                  HtmlEscape(problem), ")"))
      << ".</p>"
      << (witnesses.empty()
              ? ""
              : absl::StrCat("<p class=\"getuigen\">", HtmlEscape(witnesses), ".</p>"))
      // A signature proves only who holds the key, so the page says how a
      // reader finds out whose key it is.
      << "<p>Een handtekening bewijst alleen dat de houder van deze sleutel tekende. Vergelijk "
         "de vingerafdruk met die welke de beheerder van het besluitlog publiceert (besluitlogd "
         "toont hem bij het starten), via een ander kanaal dan deze pagina. Leg de sleutel dan "
         "vast en controleer zelf een JSONL-export van hetzelfde log:<br><code>ledgerctl audit "
         "--trust_key "
      << fingerprint
      << "</code><br><code>ledgerctl export --format jsonl --out besluitlog.jsonl</code><br>"
         "<code>ledgerctl audit --file besluitlog.jsonl</code></p>"
      // The same tree head in the format transparency-log tools share
      // (c2sp.org/tlog-checkpoint): a reader can hand it to any verifier.
      << (checkpoint.note().empty()
              ? ""
              : absl::StrCat("<p>Het checkpoint als C2SP-notitie (c2sp.org/tlog-checkpoint), met "
                             "de handtekening van het log",
                             witnesses.empty() ? "" : " en die van de getuigen", ":</p>",
                             "<pre class=\"notitie\">", HtmlEscape(checkpoint.note()), "</pre>"))
      << "</section>\n";
}

void WriteItem(const BesluitItem& item, const BesluitHtmlOptions& options, std::ostream& out) {
  const int level = options.level + 2;
  std::string title = HtmlEscape(item.title);
  const std::string href = options.proposal_href ? options.proposal_href(item.proposal_id) : "";
  if (!href.empty()) title = absl::StrCat("<a href=\"", HtmlEscape(href), "\">", title, "</a>");
  out << "<article class=\"agendapunt\">" << Open("h", level) << "Agendapunt "
      << HtmlEscape(item.item_id) << ". " << title << Close("h", level);
  if (!item.came_from.empty()) {
    out << "<p class=\"herkomst\">" << HtmlEscape(item.came_from) << "</p>";
  }
  const std::string marked = Marked(options, item.decision_event);
  if (!marked.empty()) out << "<div class=\"besluit\"" << marked << ">";
  out << "<ol class=\"punten\">";
  for (const BesluitPoint& point : item.points) {
    out << "<li class=\"" << OutcomeClass(point) << "\"><p>Besluitpunt " << point.number << ": "
        << HtmlEscape(point.text) << "</p><p><span class=\"uitkomst\">" << HtmlEscape(point.outcome)
        << "</span>";
    if (!point.tally.empty()) out << " (" << HtmlEscape(point.tally) << ")";
    out << "</p>";
    WriteVoters(point, out);
    out << "</li>";
  }
  out << "</ol>";
  if (!marked.empty()) out << options.decision_note << "</div>";
  if (!item.went_to.empty()) {
    out << "<p class=\"herkomst\">" << HtmlEscape(item.went_to) << "</p>";
  }
  WriteList("Bekrachtiging door de colleges", level, item.college_decisions, item.college_events,
            options, out);
  WriteList("Zienswijzen", level, item.zienswijzen, {}, options, out);
  out << "</article>\n";
}

void WriteMeeting(const BesluitMeeting& m, const BesluitHtmlOptions& options, std::ostream& out) {
  const int level = options.level;
  out << "<section class=\"vergadering\" id=\"" << MeetingAnchor(m.meeting_id) << "\">"
      << Open("h", level) << "<span class=\"gremium\">" << HtmlEscape(m.body_name)
      << "</span>Vergadering van " << HtmlEscape(m.date_label) << Close("h", level);
  if (!m.present.empty() || !m.absent.empty() || !m.substituted.empty()) {
    out << "<dl class=\"aanwezig\">";
    WriteNames("Aanwezig", m.present, out);
    WriteNames("Afwezig", m.absent, out);
    WriteNames("Vervangen", m.substituted, out);
    out << "</dl>";
  }
  if (!m.own_minutes.empty()) out << "<p>" << HtmlEscape(m.own_minutes) << "</p>";
  WriteList("Vastgestelde verslagen", level + 2, m.minutes_adopted_here, {}, options, out);
  out << Open("h", level + 1) << "Besluiten" << Close("h", level + 1) << "\n";
  if (m.items.empty()) out << "<p>Geen agendapunten.</p>";
  for (const BesluitItem& item : m.items) WriteItem(item, options, out);
  out << "</section>\n";
}

std::string BesluitenlijstCss() { return kStyle; }

void WriteMeetings(const Besluitenlijst& list, std::ostream& out) {
  for (const BesluitMeeting& m : list.meetings) WriteMeeting(m, BesluitHtmlOptions(), out);
}

}  // namespace besluitlog::tools
