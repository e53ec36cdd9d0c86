#include "ledger/core/governance_codec.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace besluitlog::ledger::core {
namespace {

constexpr absl::string_view kBodyStreamPrefix = "body/";
constexpr absl::string_view kMeetingStreamPrefix = "meeting/";
constexpr absl::string_view kProposalStreamPrefix = "proposal/";

absl::string_view IdOfStream(absl::string_view stream_id, absl::string_view prefix) {
  return absl::ConsumePrefix(&stream_id, prefix) ? stream_id : absl::string_view();
}

}  // namespace

std::string BodyStream(absl::string_view body_id) {
  return absl::StrCat(kBodyStreamPrefix, body_id);
}
std::string MeetingStream(absl::string_view meeting_id) {
  return absl::StrCat(kMeetingStreamPrefix, meeting_id);
}
std::string ProposalStream(absl::string_view proposal_id) {
  return absl::StrCat(kProposalStreamPrefix, proposal_id);
}

absl::string_view BodyIdOfStream(absl::string_view stream_id) {
  return IdOfStream(stream_id, kBodyStreamPrefix);
}
absl::string_view MeetingIdOfStream(absl::string_view stream_id) {
  return IdOfStream(stream_id, kMeetingStreamPrefix);
}
absl::string_view ProposalIdOfStream(absl::string_view stream_id) {
  return IdOfStream(stream_id, kProposalStreamPrefix);
}

bool IsGovernanceStream(absl::string_view stream_id) {
  return absl::StartsWith(stream_id, kBodyStreamPrefix) ||
         absl::StartsWith(stream_id, kMeetingStreamPrefix) ||
         absl::StartsWith(stream_id, kProposalStreamPrefix);
}

std::string GovernanceEventType(const v1::GovernanceEvent& event) {
  const google::protobuf::FieldDescriptor* field =
      v1::GovernanceEvent::descriptor()->FindFieldByNumber(event.event_case());
  if (field == nullptr) return "UnknownGovernanceEvent";
  std::string type;
  bool upper = true;
  for (char c : field->name()) {
    if (c == '_') {
      upper = true;
      continue;
    }
    type.push_back(upper ? absl::ascii_toupper(c) : c);
    upper = false;
  }
  return type;
}

v1::ProposedEvent EncodeGovernanceEvent(const v1::GovernanceEvent& event, absl::string_view actor) {
  v1::ProposedEvent proposed;
  proposed.set_event_type(GovernanceEventType(event));
  proposed.set_actor(std::string(actor));
  proposed.set_content_type(std::string(kGovernanceContentType));
  event.SerializeToString(proposed.mutable_payload());
  return proposed;
}

absl::StatusOr<v1::GovernanceEvent> DecodeGovernanceEvent(const v1::Event& envelope) {
  if (envelope.content_type() != kGovernanceContentType) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the event at position ", envelope.global_position(), " in stream \"", envelope.stream_id(),
        "\" is not a governance event (content type \"", envelope.content_type(), "\")"));
  }
  v1::GovernanceEvent event;
  if (!event.ParseFromString(envelope.payload()) ||
      event.event_case() == v1::GovernanceEvent::EVENT_NOT_SET) {
    return absl::DataLossError(absl::StrCat("the governance event at position ",
                                            envelope.global_position(), " cannot be decoded"));
  }
  return event;
}

}  // namespace besluitlog::ledger::core
