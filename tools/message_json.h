// MessageJson: a message in protobuf's JSON mapping (proto3), byte for byte
// what google::protobuf::util::MessageToJsonString prints with its default
// options, but about ten times faster for the small flat messages of the
// governance acts — so that a JSONL export can carry every act decoded
// without getting slower (docs/audit.md).
//
// It walks the message by reflection and writes only what it is sure of:
// strings of plain printable ASCII, integers, booleans, enums with a name,
// nested and repeated messages. For anything else (other characters, which
// protobuf may escape; floating point, bytes, maps, well-known types) it
// hands the whole message to MessageToJsonString. tests/tools/
// message_json_test.cc compares both on generated histories. Thread-safe
// (stateless).
#ifndef BESLUITLOG_TOOLS_MESSAGE_JSON_H_
#define BESLUITLOG_TOOLS_MESSAGE_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace besluitlog::tools {

// Appends `message` as JSON to `out`; false (and `out` unchanged) when
// protobuf cannot print it either.
bool AppendMessageJson(const google::protobuf::Message& message, std::string* out);
// The walk alone, for tests: false (and `out` unchanged) where
// AppendMessageJson would hand the message to protobuf.
bool AppendMessageJsonDirectly(const google::protobuf::Message& message, std::string* out);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_MESSAGE_JSON_H_
