#include "tools/trail_export.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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
#include "tools/trail_line_verifier.h"

namespace besluitlog::tools {
namespace {

// Rows are for people to read: without tzdata they show UTC rather than
// nothing.
absl::TimeZone Amsterdam() {
  absl::StatusOr<absl::TimeZone> zone = ledger::core::AmsterdamTimeZone();
  return zone.ok() ? *zone : absl::UTCTimeZone();
}

}  // namespace

bool TrailFilter::Matches(const ActRow& row) const {
  return Matches(row.body, row.act, row.actor, row.date);
}

ActRow ActDescriber::Describe(const v1::Event& event) {
  ActRow row;
  row.position = event.global_position();
  row.recorded =
      absl::FormatTime("%Y-%m-%d %H:%M:%S", ledger::core::RecordedTime(event), Amsterdam());
  row.date = row.recorded.substr(0, 10);
  row.act = event.event_type();
  row.actor = event.actor();
  row.hash = ledger::core::HashToHex(event.hash());
  projections::acts::ActMeaning meaning = acts_.Describe(event);
  row.body = std::move(meaning.body);
  row.meeting = std::move(meaning.meeting);
  row.subject = std::move(meaning.subject);
  row.outcome = std::move(meaning.outcome);
  return row;
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

namespace {

void AddText(std::string* out, const char* name, const std::string& value) {
  if (value.empty()) return;  // proto3 JSON leaves out default values.
  absl::StrAppend(out, out->back() == '{' ? "" : ",", "\"", name, "\":", JsonQuote(value));
}

void AddBytes(std::string* out, const char* name, const std::string& value) {
  if (value.empty()) return;
  absl::StrAppend(out, out->back() == '{' ? "" : ",", "\"", name, "\":\"",
                  absl::Base64Escape(value), "\"");
}

void AddNumber(std::string* out, const char* name, uint64_t value) {
  if (value == 0) return;
  absl::StrAppend(out, out->back() == '{' ? "" : ",", "\"", name, "\":\"", value, "\"");
}

}  // namespace

std::string JsonQuote(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out += "\"";
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
  if (event.has_recorded_at()) {
    AddText(line, "recordedAt", google::protobuf::util::TimeUtil::ToString(event.recorded_at()));
  }
  AddText(line, "actor", event.actor());
  AddText(line, "correlationId", event.correlation_id());
  AddText(line, "causationId", event.causation_id());
  AddText(line, "contentType", event.content_type());
  AddBytes(line, "payload", event.payload());
  AddBytes(line, "prevHash", event.prev_hash());
  AddBytes(line, "hash", event.hash());
  *line += "},\"proof\":{";
  AddNumber(line, "leafIndex", proof.leaf_index());
  AddNumber(line, "treeSize", proof.tree_size());
  const int count = proof.hashes_size() + proof.node_refs_size();
  if (count > 0) {
    *line += line->back() == '{' ? "\"hashes\":[" : ",\"hashes\":[";
    for (int i = 0; i < proof.hashes_size(); ++i) {
      absl::StrAppend(line, i == 0 ? "" : ",", "\"", absl::Base64Escape(proof.hashes(i)), "\"");
    }
    for (int i = 0; i < proof.node_refs_size(); ++i) {
      absl::StrAppend(line, i == 0 ? "" : ",", "\"", encoded_nodes[proof.node_refs(i)], "\"");
    }
    *line += "]";
  }
  *line += "}}";
}

std::vector<std::string> CsvHeader() {
  return {"positie", "vastgelegd", "gremium",  "vergadering", "handeling",
          "actor",   "onderwerp",  "uitkomst", "hash"};
}

std::vector<std::string> CsvCells(const ActRow& row) {
  return {absl::StrCat(row.position),
          row.recorded,
          row.body,
          row.meeting,
          row.act,
          row.actor,
          row.subject,
          row.outcome,
          row.hash};
}

std::string CsvLine(const std::vector<std::string>& cells, char delimiter) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line.push_back(delimiter);
    std::string cell = cells[i];
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                          cell[0] == '\t' || cell[0] == '\r')) {
      cell.insert(cell.begin(), '\'');
    }
    const bool quote =
        cell.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string::npos;
    if (quote) {
      line.push_back('"');
      for (char c : cell) {
        if (c == '"') line.push_back('"');
        line.push_back(c);
      }
      line.push_back('"');
    } else {
      line += cell;
    }
  }
  line += "\r\n";
  return line;
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

absl::Status VerifyJsonlTrail(std::istream& trail, const SignerTrust& signers,
                              uint64_t* verified_events) {
  *verified_events = 0;
  std::string text;
  if (!std::getline(trail, text)) return absl::DataLossError("the trail is empty");
  v1::cli::TrailLine first;
  if (!google::protobuf::util::JsonStringToMessage(text, &first).ok() || !first.has_checkpoint()) {
    return absl::DataLossError("line 1 is not a checkpoint");
  }
  const v1::Checkpoint& checkpoint = first.checkpoint();
  absl::Status signed_by = ledger::core::VerifyCheckpointSignature(checkpoint);
  if (signed_by.ok()) signed_by = signers.Check(checkpoint.public_key());
  if (!signed_by.ok()) {
    return absl::Status(signed_by.code(), absl::StrCat("line 1: ", signed_by.message()));
  }
  // The event lines, at the speed of their hashing (trail_line_verifier.h).
  TrailLineVerifier events(checkpoint, first.complete());
  for (uint64_t number = 2; std::getline(trail, text); ++number) {
    if (text.empty()) continue;
    RETURN_IF_ERROR(events.Check(number, text));
    *verified_events = events.verified();
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
