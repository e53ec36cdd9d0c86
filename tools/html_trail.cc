#include "tools/html_trail.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "projections/acts/act_labels.h"
#include "projections/acts/act_sentence.h"
#include "tools/besluitenlijst_html.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {
namespace {

// Rows are for people to read: without tzdata they show UTC rather than
// nothing.
absl::TimeZone Amsterdam() {
  absl::StatusOr<absl::TimeZone> zone = ledger::core::AmsterdamTimeZone();
  return zone.ok() ? *zone : absl::UTCTimeZone();
}

// The hash goes under the description, in the widest column, where it
// mostly fits on one line and otherwise wraps.
constexpr char kTableHead[] =
    "<table class=\"trail\"><colgroup><col class=\"pos\"><col class=\"tijd\"><col "
    "class=\"soort\"><col><col class=\"door\"></colgroup><thead><tr>"
    "<th>Nr.</th><th>Vastgelegd</th><th>Handeling</th><th>Omschrijving en hash</th>"
    "<th>Door</th></tr></thead><tbody>\n";
constexpr char kTableEnd[] = "</tbody></table>\n";

}  // namespace

void HtmlTrail::Begin(const v1::Checkpoint& checkpoint, bool verified, const std::string& problem,
                      std::ostream& out, const std::string& witnesses) {
  const projections::acts::Besluitenlijst list = builder_.TakeBesluitenlijst();
  WritePageStart(out);
  WriteFrontMatter(list, checkpoint, verified, problem, out, witnesses);
  out << "<main>\n";
  WriteMeetings(list, out);
  out << "</main>\n<section class=\"bijlage\"><h2>Bijlage: audit trail</h2><p>Elke handeling in "
         "het besluitlog, in de volgorde waarin ze is vastgelegd, met de hash die de keten en "
         "de handtekening dekken (SHA-256, hexadecimaal).</p>\n";
}

const std::string& HtmlTrail::RecordedMinute(const v1::Event& event) {
  // Acts come many to the second: formatted once per second.
  const int64_t seconds = event.recorded_at().seconds();
  if (recorded_valid_ && seconds == recorded_seconds_) return recorded_text_;
  recorded_text_ =
      absl::FormatTime("%Y-%m-%d %H:%M", ledger::core::RecordedTime(event), Amsterdam());
  recorded_seconds_ = seconds;
  recorded_valid_ = true;
  return recorded_text_;
}

void HtmlTrail::WriteRow(const v1::Event& event, const std::string& type,
                         const std::string& description, std::string* out) {
  *out += "<tr><td>";
  absl::StrAppend(out, event.global_position());
  *out += "</td><td>";
  *out += RecordedMinute(event);
  *out += "</td><td>";
  AppendHtmlEscaped(type, out);
  *out += "</td><td>";
  AppendHtmlEscaped(description, out);
  *out += "<br><span class=\"hash\">";
  *out += ledger::core::HashToHex(event.hash());
  *out += "</span></td><td>";
  AppendHtmlEscaped(event.actor(), out);
  *out += "</td></tr>\n";
}

void HtmlTrail::Row(const v1::Event& event, std::ostream& out) {
  const v1::GovernanceEvent* act = scratch_.Decode(event);
  const std::string type = projections::acts::ActTypeNl(event.event_type());
  if (act != nullptr && projections::acts::IsStructureAct(*act)) {
    if (structure_rows_.empty()) structure_first_ = event.global_position();
    structure_last_ = event.global_position();
    ++structure_counts_[type];
    WriteRow(event, type, projections::acts::ActSentenceNl(*act, builder_.names()),
             &structure_rows_);
    return;
  }
  FlushStructure(out);
  if (!table_open_) rows_ += kTableHead;
  table_open_ = true;
  WriteRow(
      event, type,
      act != nullptr ? projections::acts::ActSentenceNl(*act, builder_.names()) : event.stream_id(),
      &rows_);
  // Written in MiB blocks rather than a stream insertion per cell.
  if (rows_.size() >= (1 << 20)) Flush(out);
}

void HtmlTrail::Flush(std::ostream& out) {
  out << rows_;
  rows_.clear();
}

// A run of structure acts as one row of the table holding a <details>: its
// summary counts them per kind; opened, it lists each act.
void HtmlTrail::FlushStructure(std::ostream& out) {
  if (structure_rows_.empty()) return;
  Flush(out);
  std::vector<std::string> counts;
  for (const auto& [type, count] : structure_counts_) {
    counts.push_back(absl::StrCat(count, " × ", type));
  }
  if (table_open_) out << kTableEnd;
  table_open_ = false;
  out << "<details class=\"structuur\"><summary>Nrs. " << structure_first_ << "–" << structure_last_
      << ": inrichting van de gremia (" << HtmlEscape(absl::StrJoin(counts, ", ")) << ")</summary>"
      << kTableHead << structure_rows_ << kTableEnd << "</details>\n";
  structure_rows_.clear();
  structure_counts_.clear();
}

void HtmlTrail::End(std::ostream& out) {
  FlushStructure(out);
  Flush(out);
  if (table_open_) out << kTableEnd;
  table_open_ = false;
  out << "</section>\n</body></html>\n";
}

}  // namespace besluitlog::tools
