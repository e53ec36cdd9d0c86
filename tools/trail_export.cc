#include "tools/trail_export.h"

#include <algorithm>
#include <array>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "besluitlog/v1/cli.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_labels.h"
#include "tools/message_json.h"
#include "tools/scratch_act.h"
#include "tools/trail_line_verifier.h"

namespace besluitlog::tools {
namespace {

// Rows are for people to read: without tzdata they show UTC rather than
// nothing.
absl::TimeZone Amsterdam() {
  absl::StatusOr<absl::TimeZone> zone = ledger::core::AmsterdamTimeZone();
  return zone.ok() ? *zone : absl::UTCTimeZone();
}

// The CSV cells of a row, in CsvHeader()'s order, without copying them.
template <typename Visit>
void ForEachCsvCell(const ActRow& row, Visit visit) {
  const absl::AlphaNum position(row.position);
  visit(position.Piece());
  for (const std::string* cell :
       {&row.recorded, &row.body, &row.meeting, &row.meeting_date, &row.item, &row.point,
        &row.point_text, &row.act, &row.actor, &row.subject, &row.seat, &row.represents, &row.voter,
        &row.present, &row.absent, &row.outcome, &row.hash}) {
    visit(absl::string_view(*cell));
  }
}

}  // namespace

bool TrailFilter::Matches(const ActRow& row) const {
  return Matches(row.body, row.act, row.actor, row.date);
}

namespace {

// "Name (id)", or the id alone when there is no name.
std::string Display(const std::string& name, const std::string& id) {
  return name.empty() ? id : absl::StrCat(name, " (", id, ")");
}

void RememberPoints(const google::protobuf::RepeatedPtrField<v1::DecisionPoint>& points,
                    absl::flat_hash_map<uint32_t, std::string>* texts) {
  if (points.empty()) return;  // An amendment without points keeps them.
  texts->clear();
  for (const v1::DecisionPoint& point : points) (*texts)[point.number()] = point.text();
}

}  // namespace

ActRow ActDescriber::EventColumns(const v1::Event& event) {
  ActRow row;
  row.position = event.global_position();
  const int64_t second = event.recorded_at().seconds();
  if (second != recorded_second_ || recorded_text_.empty()) {
    recorded_text_ =
        absl::FormatTime("%Y-%m-%d %H:%M:%S", ledger::core::RecordedTime(event), Amsterdam());
    recorded_second_ = second;
  }
  row.recorded = recorded_text_;
  row.date = row.recorded.substr(0, 10);
  row.act = event.event_type();
  row.actor = event.actor();
  row.hash = ledger::core::HashToHex(event.hash());
  return row;
}

ActRow ActDescriber::Describe(const v1::Event& event) {
  if (const v1::GovernanceEvent* act = scratch_.Decode(event); act != nullptr) {
    return Describe(event, *act);
  }
  ActRow row = EventColumns(event);
  projections::acts::ActMeaning meaning = acts_.Describe(event);
  row.body = std::move(meaning.body);
  row.meeting = std::move(meaning.meeting);
  row.subject = std::move(meaning.subject);
  row.outcome = std::move(meaning.outcome);
  return row;
}

ActRow ActDescriber::Describe(const v1::Event& event, const v1::GovernanceEvent& act) {
  ActRow row = EventColumns(event);
  projections::acts::ActMeaning meaning = acts_.Describe(event, act);
  row.body = std::move(meaning.body);
  row.meeting = std::move(meaning.meeting);
  row.subject = std::move(meaning.subject);
  Remember(act);
  auto meeting_it = meetings_.find(row.meeting);
  const MeetingMemory* meeting = meeting_it == meetings_.end() ? nullptr : &meeting_it->second;
  if (meeting != nullptr) row.meeting_date = meeting->date;
  switch (act.event_case()) {
    case v1::GovernanceEvent::kVoteCast: {
      const v1::VoteCast& vote = act.vote_cast();
      row.item = vote.item_id();
      DescribePoint(vote.proposal_id(), vote.decision_point(), &row);
      DescribeSeat(row.body, meeting, vote.member_id(), vote.voter_id(), &row);
      row.outcome = projections::acts::VoteChoiceNl(vote.choice());
      break;
    }
    case v1::GovernanceEvent::kObjectionRecorded: {
      const v1::ObjectionRecorded& objection = act.objection_recorded();
      row.item = objection.item_id();
      DescribePoint(objection.proposal_id(), objection.decision_point(), &row);
      DescribeSeat(row.body, meeting, objection.member_id(), objection.voter_id(), &row);
      row.outcome = absl::StrCat("bezwaar: ", objection.reason());
      break;
    }
    case v1::GovernanceEvent::kDecisionTaken: {
      const v1::DecisionTaken& decision = act.decision_taken();
      row.item = decision.item_id();
      std::vector<std::string> numbers, texts, outcomes;
      for (const v1::PointOutcome& o : decision.outcomes()) {
        ActRow point;
        DescribePoint(decision.proposal_id(), o.decision_point(), &point);
        numbers.push_back(point.point);
        if (!point.point_text.empty()) {
          texts.push_back(decision.outcomes_size() == 1
                              ? point.point_text
                              : absl::StrCat(o.decision_point(), ". ", point.point_text));
        }
        outcomes.push_back(projections::acts::PointOutcomeWords(o));
      }
      row.point = absl::StrJoin(numbers, "; ");
      row.point_text = absl::StrJoin(texts, "; ");
      row.outcome = absl::StrJoin(outcomes, "; ");
      if (meeting != nullptr) DescribeAttendance(row.body, *meeting, &row);
      break;
    }
    case v1::GovernanceEvent::kAgendaItemAdded:
      row.item = act.agenda_item_added().item_id();
      break;
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const v1::AttendanceRecorded& attendance = act.attendance_recorded();
      (attendance.present() ? row.present : row.absent) =
          MemberName(row.body, attendance.member_id());
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const v1::SubstituteNamed& named = act.substitute_named();
      row.absent = MemberName(row.body, named.member_id());
      row.seat = row.absent;
      row.voter = named.substitute_name().empty() ? named.substitute_id() : named.substitute_name();
      break;
    }
    case v1::GovernanceEvent::kCollegeDecisionRecorded:
      row.outcome = projections::acts::CollegeDecisionNl(act.college_decision_recorded());
      break;
    default:
      row.outcome = std::move(meaning.outcome);
      break;
  }
  return row;
}

void ActDescriber::Remember(const v1::GovernanceEvent& act) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kMemberAppointed: {
      const v1::MemberAppointed& e = act.member_appointed();
      members_[e.body_id()][e.member_id()] =
          Member{Display(e.name(), e.member_id()), e.represents()};
      break;
    }
    case v1::GovernanceEvent::kWorkingGroupEstablished: {
      const v1::WorkingGroupEstablished& e = act.working_group_established();
      for (const v1::WorkingGroupMember& m : e.members()) {
        members_[e.body_id()][m.member_id()] = Member{Display(m.name(), m.member_id()), ""};
      }
      break;
    }
    case v1::GovernanceEvent::kMeetingScheduled: {
      const v1::MeetingScheduled& e = act.meeting_scheduled();
      MeetingMemory& meeting = meetings_[e.meeting_id()];
      meeting.body = e.body_id();
      meeting.date = e.date();
      break;
    }
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const v1::AttendanceRecorded& e = act.attendance_recorded();
      std::vector<Attendee>& attendance = meetings_[e.meeting_id()].attendance;
      auto it = std::find_if(attendance.begin(), attendance.end(),
                             [&](const Attendee& a) { return a.member_id == e.member_id(); });
      if (it == attendance.end()) {
        attendance.push_back(Attendee{e.member_id(), e.present()});
      } else {
        it->present = e.present();
      }
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const v1::SubstituteNamed& e = act.substitute_named();
      meetings_[e.meeting_id()].substitutes[e.substitute_id()] = e.substitute_name();
      break;
    }
    case v1::GovernanceEvent::kProposalSubmitted: {
      const v1::ProposalSubmitted& e = act.proposal_submitted();
      RememberPoints(e.decision_points(), &points_[e.proposal_id()]);
      break;
    }
    case v1::GovernanceEvent::kProposalAmended: {
      const v1::ProposalAmended& e = act.proposal_amended();
      RememberPoints(e.decision_points(), &points_[e.proposal_id()]);
      break;
    }
    default:
      break;
  }
}

const ActDescriber::Member* ActDescriber::FindMember(const std::string& body,
                                                     const std::string& member_id) const {
  auto in_body = members_.find(body);
  if (in_body == members_.end()) return nullptr;
  auto it = in_body->second.find(member_id);
  return it == in_body->second.end() ? nullptr : &it->second;
}

std::string ActDescriber::MemberName(const std::string& body, const std::string& member_id) const {
  const Member* member = FindMember(body, member_id);
  return member == nullptr ? member_id : member->display;
}

void ActDescriber::DescribeSeat(const std::string& body, const MeetingMemory* meeting,
                                const std::string& member_id, const std::string& voter_id,
                                ActRow* row) const {
  if (const Member* member = FindMember(body, member_id); member != nullptr) {
    row->seat = member->display;
    row->represents = member->represents;
  } else {
    row->seat = member_id;
  }
  if (voter_id.empty() || voter_id == member_id) {
    row->voter = row->seat;
    return;
  }
  if (meeting != nullptr) {
    if (auto it = meeting->substitutes.find(voter_id);
        it != meeting->substitutes.end() && !it->second.empty()) {
      row->voter = absl::StrCat(it->second, " (", voter_id, ")");
      return;
    }
  }
  row->voter = voter_id;
}

void ActDescriber::DescribePoint(const std::string& proposal_id, uint32_t point,
                                 ActRow* row) const {
  row->point = absl::StrCat(point);
  if (auto it = points_.find(proposal_id); it != points_.end()) {
    if (auto text = it->second.find(point); text != it->second.end()) {
      row->point_text = text->second;
    }
  }
}

void ActDescriber::DescribeAttendance(const std::string& body, const MeetingMemory& meeting,
                                      ActRow* row) const {
  std::vector<std::string> present, absent;
  for (const Attendee& a : meeting.attendance) {
    (a.present ? present : absent).push_back(MemberName(body, a.member_id));
  }
  row->present = absl::StrJoin(present, "; ");
  row->absent = absl::StrJoin(absent, "; ");
}

void AppendHtmlEscaped(absl::string_view text, std::string* out) {
  size_t plain = 0;  // Start of the run not appended yet.
  for (size_t i = 0; i < text.size(); ++i) {
    const char* reference;
    switch (text[i]) {
      case '&':
        reference = "&amp;";
        break;
      case '<':
        reference = "&lt;";
        break;
      case '>':
        reference = "&gt;";
        break;
      case '"':
        reference = "&quot;";
        break;
      case '\'':
        reference = "&#39;";
        break;
      default:
        continue;
    }
    out->append(text.data() + plain, i - plain);
    out->append(reference);
    plain = i + 1;
  }
  out->append(text.data() + plain, text.size() - plain);
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlEscaped(text, &out);
  return out;
}

namespace {

// Appended in place: one temporary string per field was a large part of a
// long export's time.
void AddName(std::string* out, const char* name) {
  if (out->back() != '{') out->push_back(',');
  out->push_back('"');
  out->append(name);
  out->append("\":");
}

void AddText(std::string* out, const char* name, const std::string& value) {
  if (value.empty()) return;  // proto3 JSON leaves out default values.
  AddName(out, name);
  AppendJsonQuoted(value, out);
}

// Lower-case hex, two characters per byte from one table.
void AppendHex(absl::string_view bytes, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  static constexpr auto kPairs = [] {
    std::array<char, 512> pairs{};
    for (int i = 0; i < 256; ++i) {
      pairs[2 * i] = kDigits[i >> 4];
      pairs[2 * i + 1] = kDigits[i & 0xf];
    }
    return pairs;
  }();
  const size_t start = out->size();
  out->resize(start + 2 * bytes.size());
  char* to = out->data() + start;
  for (unsigned char c : bytes) {
    *to++ = kPairs[2 * c];
    *to++ = kPairs[2 * c + 1];
  }
}

void AddHex(std::string* out, const char* name, const std::string& value) {
  if (value.empty()) return;
  AddName(out, name);
  out->push_back('"');
  AppendHex(value, out);
  out->push_back('"');
}

// recordedAt as google::protobuf::util::TimeUtil::ToString spells a
// timestamp ("2026-01-13T19:30:00.250Z": the fraction in 3, 6 or 9 digits,
// none when zero), with the part up to the second formatted once per
// second: many events share one, and the generic formatter (printf) cost a
// few percent of a long export.
void AddRecordedAt(std::string* out, const google::protobuf::Timestamp& time) {
  using google::protobuf::util::TimeUtil;
  if (time.seconds() < TimeUtil::kTimestampMinSeconds ||
      time.seconds() > TimeUtil::kTimestampMaxSeconds || time.nanos() < 0 ||
      time.nanos() >= 1000000000) {
    AddText(out, "recordedAt", TimeUtil::ToString(time));
    return;
  }
  thread_local int64_t second = 0;
  thread_local std::string second_text;  // Up to the second, without "Z".
  if (second_text.empty() || second != time.seconds()) {
    google::protobuf::Timestamp whole;
    whole.set_seconds(time.seconds());
    second_text = TimeUtil::ToString(whole);
    if (!second_text.empty() && second_text.back() == 'Z') second_text.pop_back();
    second = time.seconds();
  }
  AddName(out, "recordedAt");
  out->push_back('"');
  *out += second_text;
  int32_t nanos = time.nanos();
  int digits = 9;
  if (nanos != 0) {
    if (nanos % 1000000 == 0) {
      nanos /= 1000000;
      digits = 3;
    } else if (nanos % 1000 == 0) {
      nanos /= 1000;
      digits = 6;
    }
    char fraction[10];
    for (int i = digits - 1; i >= 0; --i) {
      fraction[i] = static_cast<char>('0' + nanos % 10);
      nanos /= 10;
    }
    out->push_back('.');
    out->append(fraction, digits);
  }
  *out += "Z\"";
}

// The payload decoded, in protobuf's JSON mapping: a governance event as
// "act", a JSON payload as "data". Nothing when it decodes as neither.
void AddDecodedPayload(std::string* out, const v1::Event& event) {
  std::string json;
  if (event.content_type() == "application/json") {
    google::protobuf::Value data;
    if (!google::protobuf::util::JsonStringToMessage(event.payload(), &data).ok() ||
        !google::protobuf::util::MessageToJsonString(data, &json).ok()) {
      return;
    }
    absl::StrAppend(out, ",\"data\":", json);
    return;
  }
  // On an arena reused per act (scratch_act.h).
  thread_local ScratchAct scratch;
  const v1::GovernanceEvent* act = scratch.Decode(event);
  if (act == nullptr) return;
  // Protobuf's JSON mapping, as MessageToJsonString prints it (faster).
  const size_t size = out->size();
  *out += ",\"act\":";
  if (!AppendMessageJson(*act, out)) out->resize(size);
}

void AddNumber(std::string* out, const char* name, uint64_t value) {
  if (value == 0) return;
  AddName(out, name);
  out->push_back('"');
  absl::StrAppend(out, value);
  out->push_back('"');
}

}  // namespace

void AppendJsonQuoted(absl::string_view text, std::string* out) {
  out->push_back('"');
  size_t plain = 0;  // Start of the run not appended yet.
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        *out += absl::StrFormat("\\u%04x", c);
    }
  }
  out->append(text.data() + plain, text.size() - plain);
  out->push_back('"');
}

std::string JsonQuote(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 2);
  AppendJsonQuoted(text, &out);
  return out;
}

void AppendTrailEventLine(const v1::Event& event, const v1::InclusionProof& proof,
                          absl::Span<const std::string> encoded_nodes, std::string* line) {
  *line += "{\"event\":{";
  AddText(line, "eventId", event.event_id());
  AddText(line, "streamId", event.stream_id());
  AddNumber(line, "streamVersion", event.stream_version());
  AddNumber(line, "globalPosition", event.global_position());
  AddText(line, "eventType", event.event_type());
  if (event.has_recorded_at()) AddRecordedAt(line, event.recorded_at());
  AddText(line, "actor", event.actor());
  AddText(line, "correlationId", event.correlation_id());
  AddText(line, "causationId", event.causation_id());
  AddText(line, "contentType", event.content_type());
  AddHex(line, "payload", event.payload());
  AddHex(line, "prevHash", event.prev_hash());
  AddHex(line, "hash", event.hash());
  AddDecodedPayload(line, event);
  *line += "},\"proof\":{";
  AddNumber(line, "leafIndex", proof.leaf_index());
  AddNumber(line, "treeSize", proof.tree_size());
  const int count = proof.hashes_size() + proof.node_refs_size();
  if (count > 0) {
    *line += line->back() == '{' ? "\"hashes\":[" : ",\"hashes\":[";
    for (int i = 0; i < proof.hashes_size(); ++i) {
      if (i > 0) line->push_back(',');
      line->push_back('"');
      AppendHex(proof.hashes(i), line);
      line->push_back('"');
    }
    for (int i = 0; i < proof.node_refs_size(); ++i) {
      if (i > 0) line->push_back(',');
      line->push_back('"');
      *line += encoded_nodes[proof.node_refs(i)];
      line->push_back('"');
    }
    *line += "]";
  }
  *line += "}}";
}

std::vector<std::string> CsvHeader() {
  return {
      "positie",    "vastgelegd",       "gremium",   "vergadering", "vergaderdatum", "agendapunt",
      "beslispunt", "tekst beslispunt", "handeling", "actor",       "onderwerp",     "zetel",
      "namens",     "stemmer",          "aanwezig",  "afwezig",     "uitkomst",      "hash"};
}

std::vector<std::string> CsvCells(const ActRow& row) {
  std::vector<std::string> cells;
  cells.reserve(CsvHeader().size());
  ForEachCsvCell(row, [&](absl::string_view cell) { cells.emplace_back(cell); });
  return cells;
}

void AppendCsvCell(absl::string_view cell, char delimiter, std::string* line) {
  const bool formula = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' ||
                                         cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
  bool quote = false;
  for (char c : cell) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (quote) line->push_back('"');
  if (formula) line->push_back('\'');
  if (!quote) {
    line->append(cell.data(), cell.size());
    return;
  }
  for (char c : cell) {
    if (c == '"') line->push_back('"');
    line->push_back(c);
  }
  line->push_back('"');
}

std::string CsvLine(const std::vector<std::string>& cells, char delimiter) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line.push_back(delimiter);
    AppendCsvCell(cells[i], delimiter, &line);
  }
  line += "\r\n";
  return line;
}

void AppendCsvRow(const ActRow& row, char delimiter, std::string* out) {
  bool first = true;
  ForEachCsvCell(row, [&](absl::string_view cell) {
    if (!first) out->push_back(delimiter);
    first = false;
    AppendCsvCell(cell, delimiter, out);
  });
  *out += "\r\n";
}

std::vector<std::vector<std::string>> ParseCsv(absl::string_view text, char delimiter) {
  absl::ConsumePrefix(&text, kUtf8Bom);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      cell.push_back(c);
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string TrailCheckpointLine(const v1::Checkpoint& checkpoint, bool complete) {
  v1::cli::TrailLine first;
  v1::cli::TrailCheckpoint* out = first.mutable_checkpoint();
  out->set_tree_size(checkpoint.tree_size());
  out->set_root_hash(absl::BytesToHexString(checkpoint.root_hash()));
  if (checkpoint.has_time()) *out->mutable_time() = checkpoint.time();
  out->set_public_key(absl::BytesToHexString(checkpoint.public_key()));
  out->set_signature(absl::BytesToHexString(checkpoint.signature()));
  out->set_note(checkpoint.note());
  out->set_log_verifier_key(checkpoint.log_verifier_key());
  out->set_witnessed_note(checkpoint.witnessed_note());
  out->set_witness_policy(checkpoint.witness_policy());
  first.set_complete(complete);
  std::string json;
  // A TrailLine holds only strings, numbers and a timestamp the server
  // signed, so printing it cannot fail.
  (void)google::protobuf::util::MessageToJsonString(first, &json);
  return json;
}

namespace {

// Lower-case hex back into bytes; false for anything else (an old trail's
// base64 included).
bool FromHex(const std::string& hex, std::string* bytes) {
  if (hex.size() % 2 != 0) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  *bytes = absl::HexStringToBytes(hex);
  return true;
}

absl::Status NotHex(const std::string& where, const char* field) {
  return absl::DataLossError(absl::StrCat(
      where, field,
      " is not lower-case hex (trails exported before hashes were spelled in hex must be "
      "exported again)"));
}

absl::StatusOr<v1::Checkpoint> CheckpointOfLine(const v1::cli::TrailCheckpoint& in) {
  v1::Checkpoint checkpoint;
  checkpoint.set_tree_size(in.tree_size());
  if (in.has_time()) *checkpoint.mutable_time() = in.time();
  if (!FromHex(in.root_hash(), checkpoint.mutable_root_hash()))
    return NotHex("line 1: ", "rootHash");
  if (!FromHex(in.public_key(), checkpoint.mutable_public_key())) {
    return NotHex("line 1: ", "publicKey");
  }
  if (!FromHex(in.signature(), checkpoint.mutable_signature())) {
    return NotHex("line 1: ", "signature");
  }
  checkpoint.set_note(in.note());
  checkpoint.set_log_verifier_key(in.log_verifier_key());
  checkpoint.set_witnessed_note(in.witnessed_note());
  checkpoint.set_witness_policy(in.witness_policy());
  return checkpoint;
}

}  // namespace

absl::Status VerifyJsonlTrail(std::istream& trail, const SignerTrust& signers,
                              uint64_t* verified_events, v1::Checkpoint* checked_against,
                              Progress* progress) {
  *verified_events = 0;
  std::string text;
  if (!std::getline(trail, text)) return absl::DataLossError("the trail is empty");
  v1::cli::TrailLine first;
  if (!google::protobuf::util::JsonStringToMessage(text, &first).ok() || !first.has_checkpoint()) {
    return absl::DataLossError("line 1 is not a checkpoint");
  }
  ASSIGN_OR_RETURN(const v1::Checkpoint checkpoint, CheckpointOfLine(first.checkpoint()));
  absl::Status signed_by = ledger::core::VerifyCheckpointSignature(checkpoint);
  if (signed_by.ok()) signed_by = signers.Check(checkpoint.public_key());
  if (!signed_by.ok()) {
    return absl::Status(signed_by.code(), absl::StrCat("line 1: ", signed_by.message()));
  }
  if (checked_against != nullptr) *checked_against = checkpoint;
  if (progress != nullptr) progress->set_total(first.complete() ? checkpoint.tree_size() : 0);
  // The event lines, at the speed of their hashing (trail_line_verifier.h).
  TrailLineVerifier events(checkpoint, first.complete());
  for (uint64_t number = 2; std::getline(trail, text); ++number) {
    if (text.empty()) continue;
    RETURN_IF_ERROR(events.Check(number, text));
    *verified_events = events.verified();
    if (progress != nullptr) {
      progress->Update(first.complete() ? events.last_position() : *verified_events);
    }
  }
  const uint64_t previous = events.last_position();
  if (first.complete() && previous != checkpoint.tree_size()) {
    return absl::DataLossError(absl::StrCat("the trail ends at position ", previous,
                                            " but the checkpoint covers ", checkpoint.tree_size(),
                                            ": lines at the end were dropped"));
  }
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
