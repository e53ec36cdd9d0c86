// How governance events sit in the event log: the envelope's payload is a
// serialized v1.GovernanceEvent, its content type kGovernanceContentType and
// its event_type the name of the oneof case in PascalCase ("VoteCast").
// Streams: "body/<id>", "meeting/<id>", "proposal/<id>". Thread-safe.
#ifndef BESLUITLOG_LEDGER_CORE_GOVERNANCE_CODEC_H_
#define BESLUITLOG_LEDGER_CORE_GOVERNANCE_CODEC_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::ledger::core {

inline constexpr absl::string_view kGovernanceContentType =
    "application/x-protobuf; messageType=besluitlog.v1.GovernanceEvent";

std::string BodyStream(absl::string_view body_id);
std::string MeetingStream(absl::string_view meeting_id);
std::string ProposalStream(absl::string_view proposal_id);
// The id such a stream names ("sbo" in "body/sbo"); empty when the stream
// is not of that kind.
absl::string_view BodyIdOfStream(absl::string_view stream_id);
absl::string_view MeetingIdOfStream(absl::string_view stream_id);
absl::string_view ProposalIdOfStream(absl::string_view stream_id);
// True for the streams above: only GovernanceCommands writes them, so their
// rules always hold and commands (run one at a time) never decide on a
// state that changes under them.
bool IsGovernanceStream(absl::string_view stream_id);

// "VoteCast" for a vote_cast event.
std::string GovernanceEventType(const v1::GovernanceEvent& event);

v1::ProposedEvent EncodeGovernanceEvent(const v1::GovernanceEvent& event, absl::string_view actor);

// DATA_LOSS when a governance-typed envelope does not decode;
// INVALID_ARGUMENT when the envelope is not a governance event at all.
[[nodiscard]] absl::StatusOr<v1::GovernanceEvent> DecodeGovernanceEvent(const v1::Event& envelope);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_GOVERNANCE_CODEC_H_
