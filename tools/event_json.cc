#include "tools/event_json.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/cli.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"

namespace besluitlog::tools {
namespace {

constexpr char kJsonContentType[] = "application/json";

absl::StatusOr<v1::ExpectedVersion> ParseExpected(const std::string& text) {
  v1::ExpectedVersion expected;
  if (text.empty() || text == "any") {
    expected.set_kind(v1::ExpectedVersion::ANY);
  } else if (text == "no_stream") {
    expected.set_kind(v1::ExpectedVersion::NO_STREAM);
  } else if (text == "exists") {
    expected.set_kind(v1::ExpectedVersion::STREAM_EXISTS);
  } else {
    uint64_t version = 0;
    if (!absl::SimpleAtoi(text, &version)) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"expected\" must be any, no_stream, exists or a version number; "
                       "got \"",
                       text, "\""));
    }
    expected.set_kind(v1::ExpectedVersion::EXACT);
    expected.set_version(version);
  }
  return expected;
}

}  // namespace

absl::StatusOr<v1::StreamAppend> ParseAppendJson(absl::string_view json) {
  v1::cli::AppendInput input;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &input);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("append input is not valid: ", parsed.ToString()));
  }
  v1::StreamAppend append;
  append.set_stream_id(input.stream());
  absl::StatusOr<v1::ExpectedVersion> expected = ParseExpected(input.expected());
  if (!expected.ok()) return expected.status();
  *append.mutable_expected_version() = *expected;
  for (const v1::cli::InputEvent& in : input.events()) {
    v1::ProposedEvent* out = append.add_events();
    out->set_event_id(in.id());
    out->set_event_type(in.type());
    out->set_actor(in.actor());
    out->set_correlation_id(in.correlation_id());
    out->set_causation_id(in.causation_id());
    out->set_content_type(kJsonContentType);
    std::string payload;
    const auto printed = google::protobuf::util::MessageToJsonString(in.data(), &payload);
    if (!printed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("event data cannot be stored: ", printed.ToString()));
    }
    out->set_payload(payload);
  }
  return append;
}

std::string EventToJsonLine(const v1::Event& event) {
  v1::cli::EventView view;
  view.set_position(event.global_position());
  view.set_stream(event.stream_id());
  view.set_version(event.stream_version());
  view.set_id(event.event_id());
  view.set_type(event.event_type());
  view.set_recorded_at(google::protobuf::util::TimeUtil::ToString(event.recorded_at()));
  view.set_actor(event.actor());
  view.set_correlation_id(event.correlation_id());
  view.set_causation_id(event.causation_id());
  view.set_content_type(event.content_type());
  bool shown_as_json = false;
  if (event.content_type() == kJsonContentType) {
    shown_as_json =
        google::protobuf::util::JsonStringToMessage(event.payload(), view.mutable_data()).ok();
  } else if (absl::StatusOr<v1::GovernanceEvent> governance =
                 ledger::core::DecodeGovernanceEvent(event);
             governance.ok()) {
    std::string json;
    shown_as_json = google::protobuf::util::MessageToJsonString(*governance, &json).ok() &&
                    google::protobuf::util::JsonStringToMessage(json, view.mutable_data()).ok();
  }
  if (!shown_as_json) {
    view.clear_data();
    view.set_payload_base64(absl::Base64Escape(event.payload()));
  }
  view.set_prev_hash(ledger::core::HashToHex(event.prev_hash()));
  view.set_hash(ledger::core::HashToHex(event.hash()));
  std::string line;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  // An EventView holds only strings, numbers and a parsed JSON value, so
  // printing it cannot fail.
  (void)google::protobuf::util::MessageToJsonString(view, &line, options);
  return line;
}

}  // namespace besluitlog::tools
