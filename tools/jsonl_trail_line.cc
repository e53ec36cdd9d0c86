#include "tools/jsonl_trail_line.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "besluitlog/v1/cli.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/governance_codec.h"
#include "tools/message_json.h"
#include "tools/scratch_act.h"

namespace besluitlog::tools {

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

}  // namespace besluitlog::tools
