// The checks a governance command's own fields must pass, whatever the
// state of the ledger: required text, well-formed ids, numbered decision
// points, document references. Each answers INVALID_ARGUMENT (the command
// is malformed) with a message that names the field.
//
// Pure functions of their arguments; thread-safe.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_COMMAND_FIELDS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_COMMAND_FIELDS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/governance.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace besluitlog::ledger::governance {

// Ids become part of stream ids ("meeting/<id>"), so they are short,
// printable and free of '/'.
inline constexpr size_t kMaxIdBytes = 128;

// The command's act must have each field marked `(required)` in
// governance.proto: INVALID_ARGUMENT "<field> is required: <what it is>"
// for the first one missing (empty text, 0, an unspecified enum, no message,
// an empty list). Checked before the ledger is read, so a missing field is
// never reported as an empty bad value.
[[nodiscard]] absl::Status RequireMarkedFields(const v1::GovernanceCommand& command);

// "<field> is required" for empty text.
[[nodiscard]] absl::Status RequireText(absl::string_view field, absl::string_view value);

// Non-empty, at most kMaxIdBytes, no '/' and no control characters.
[[nodiscard]] absl::Status RequireId(absl::string_view field, absl::string_view id);

// At least one point, numbered from 1, each number once, each with text.
[[nodiscard]] absl::Status ValidateDecisionPoints(
    const google::protobuf::RepeatedPtrField<v1::DecisionPoint>& points);

// Each document has a name, a media type and its SHA-256 as 64 lower-case
// hex characters (so anyone can check the file is the one decided on).
[[nodiscard]] absl::Status ValidateDocuments(
    const google::protobuf::RepeatedPtrField<v1::DocumentRef>& documents);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_COMMAND_FIELDS_H_
