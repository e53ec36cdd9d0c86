#include "ledger/governance/command_fields.h"

#include <cstdint>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::ledger::governance {

absl::Status RequireMarkedFields(const v1::GovernanceCommand& command) {
  const google::protobuf::OneofDescriptor* acts =
      v1::GovernanceCommand::descriptor()->FindOneofByName("command");
  const google::protobuf::FieldDescriptor* act =
      command.GetReflection()->GetOneofFieldDescriptor(command, acts);
  if (act == nullptr) return absl::OkStatus();
  const google::protobuf::Message& body = command.GetReflection()->GetMessage(command, act);
  const google::protobuf::Reflection* reflection = body.GetReflection();
  const google::protobuf::Descriptor* type = body.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    const std::string& what = field->options().GetExtension(v1::required);
    if (what.empty()) continue;
    // Proto3 scalars are "present" only when not the default.
    const bool present = field->is_repeated() ? reflection->FieldSize(body, field) > 0
                                              : reflection->HasField(body, field);
    if (!present) {
      return absl::InvalidArgumentError(absl::StrCat(field->name(), " is required: ", what));
    }
  }
  return absl::OkStatus();
}

absl::Status RequireText(absl::string_view field, absl::string_view value) {
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  return absl::OkStatus();
}

absl::Status RequireId(absl::string_view field, absl::string_view id) {
  RETURN_IF_ERROR(RequireText(field, id));
  if (id.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", id.size(), " bytes; the limit is ", kMaxIdBytes));
  }
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f || c == '/') {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " \"", id, "\" may not contain '/' or control characters"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateDecisionPoints(
    const google::protobuf::RepeatedPtrField<v1::DecisionPoint>& points) {
  if (points.empty()) {
    return absl::InvalidArgumentError("a proposal needs at least one numbered decision point");
  }
  std::set<uint32_t> numbers;
  for (const v1::DecisionPoint& point : points) {
    if (point.number() == 0) {
      return absl::InvalidArgumentError("decision points are numbered from 1");
    }
    if (!numbers.insert(point.number()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("decision point ", point.number(), " appears twice"));
    }
    RETURN_IF_ERROR(
        RequireText(absl::StrCat("the text of decision point ", point.number()), point.text()));
  }
  return absl::OkStatus();
}

absl::Status ValidateDocuments(
    const google::protobuf::RepeatedPtrField<v1::DocumentRef>& documents) {
  for (const v1::DocumentRef& document : documents) {
    RETURN_IF_ERROR(RequireText("document name", document.name()));
    RETURN_IF_ERROR(RequireText(absl::StrCat("media type of document \"", document.name(), "\""),
                                document.media_type()));
    bool hex = document.sha256().size() == 64;
    for (char c : document.sha256()) {
      hex = hex && absl::ascii_isxdigit(c) && !absl::ascii_isupper(c);
    }
    if (!hex) {
      return absl::InvalidArgumentError(absl::StrCat(
          "document \"", document.name(), "\" needs its SHA-256 as 64 lower-case hex characters"));
    }
  }
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
