// The lines of a JSONL trail (cli.TrailLine in proto/besluitlog/v1/cli.proto,
// protobuf's JSON mapping, every byte string lower-case hex): the signed
// checkpoint first, then an event with its proof per line. Pure functions,
// thread-safe.
#ifndef BESLUITLOG_TOOLS_JSONL_TRAIL_LINE_H_
#define BESLUITLOG_TOOLS_JSONL_TRAIL_LINE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/event.pb.h"

namespace besluitlog::tools {

// The first line of a JSONL trail (no newline): the signed checkpoint and
// whether the trail holds every event up to it (cli.TrailLine).
std::string TrailCheckpointLine(const v1::Checkpoint& checkpoint, bool complete);
// Appends one JSONL trail line (no newline) for an event and its proof, in
// protobuf's JSON mapping of cli.TrailLine: the event's bytes in lower-case
// hex, beside them its payload decoded ("act", a governance event in
// protobuf's JSON mapping; "data", a JSON payload). Written directly
// (but for the decoded payload) because the generic printer is the slowest
// part of a long export. A proof with node_refs takes its hashes from
// `encoded_nodes`: the shared nodes of its batch, each hex-encoded once.
void AppendTrailEventLine(const v1::Event& event, const v1::InclusionProof& proof,
                          absl::Span<const std::string> encoded_nodes, std::string* line);
// A JSON string literal, quotes included.
std::string JsonQuote(const std::string& text);
// The same, appended to `out` (no temporary string).
void AppendJsonQuoted(absl::string_view text, std::string* out);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_JSONL_TRAIL_LINE_H_
