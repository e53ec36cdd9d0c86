// Conversions between ledgerctl's JSON shapes (proto/besluitlog/v1/cli.proto)
// and the ledger's wire types. Thread-safe (stateless).
#ifndef BESLUITLOG_TOOLS_EVENT_JSON_H_
#define BESLUITLOG_TOOLS_EVENT_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"

namespace besluitlog::tools {

// Parses `ledgerctl append` input. INVALID_ARGUMENT says what is wrong.
[[nodiscard]] absl::StatusOr<v1::StreamAppend> ParseAppendJson(absl::string_view json);

// One line of JSON for people: the payload shown as JSON when it is JSON or a
// governance event, else as base64; hashes in hex, time in RFC 3339.
std::string EventToJsonLine(const v1::Event& event);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_EVENT_JSON_H_
