#include "tools/message_json.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"

namespace besluitlog::tools {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Printable ASCII that protobuf's JSON printer writes unescaped. Anything
// else goes to the generic printer, whose escaping is then the one used.
bool Plain(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' ||
        c == '\'' || c == '=') {
      return false;
    }
  }
  return true;
}

bool AppendMessage(const Message& message, std::string* out);

// One value of `field` (element `index` when repeated); false when it is
// not one this printer is sure of.
bool AppendValue(const Message& message, const Reflection& reflection, const FieldDescriptor& field,
                 int index, std::string* out) {
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      if (field.type() == FieldDescriptor::TYPE_BYTES) return false;
      std::string scratch;
      const std::string& text =
          repeated ? reflection.GetRepeatedStringReference(message, &field, index, &scratch)
                   : reflection.GetStringReference(message, &field, &scratch);
      if (!Plain(text)) return false;
      absl::StrAppend(out, "\"", text, "\"");
      return true;
    }
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, repeated ? reflection.GetRepeatedInt32(message, &field, index)
                                    : reflection.GetInt32(message, &field));
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out, repeated ? reflection.GetRepeatedUInt32(message, &field, index)
                                    : reflection.GetUInt32(message, &field));
      return true;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(out, "\"",
                      repeated ? reflection.GetRepeatedInt64(message, &field, index)
                               : reflection.GetInt64(message, &field),
                      "\"");
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(out, "\"",
                      repeated ? reflection.GetRepeatedUInt64(message, &field, index)
                               : reflection.GetUInt64(message, &field),
                      "\"");
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      *out += (repeated ? reflection.GetRepeatedBool(message, &field, index)
                        : reflection.GetBool(message, &field))
                  ? "true"
                  : "false";
      return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = repeated ? reflection.GetRepeatedEnumValue(message, &field, index)
                                  : reflection.GetEnumValue(message, &field);
      const google::protobuf::EnumValueDescriptor* value =
          field.enum_type()->FindValueByNumber(number);
      if (value == nullptr) return false;
      absl::StrAppend(out, "\"", value->name(), "\"");
      return true;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& nested = repeated ? reflection.GetRepeatedMessage(message, &field, index)
                                       : reflection.GetMessage(message, &field);
      if (nested.GetDescriptor()->well_known_type() !=
          google::protobuf::Descriptor::WELLKNOWNTYPE_UNSPECIFIED) {
        return false;
      }
      return AppendMessage(nested, out);
    }
    default:  // Floating point: protobuf's own formatting.
      return false;
  }
}

bool AppendMessage(const Message& message, std::string* out) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);  // Set fields, by number.
  *out += '{';
  bool first = true;
  for (const FieldDescriptor* field : fields) {
    if (field->is_map()) return false;
    if (!first) *out += ',';
    first = false;
    absl::StrAppend(out, "\"", field->json_name(), "\":");
    if (field->is_repeated()) {
      *out += '[';
      const int size = reflection.FieldSize(message, field);
      for (int i = 0; i < size; ++i) {
        if (i > 0) *out += ',';
        if (!AppendValue(message, reflection, *field, i, out)) return false;
      }
      *out += ']';
    } else if (!AppendValue(message, reflection, *field, 0, out)) {
      return false;
    }
  }
  *out += '}';
  return true;
}

}  // namespace

bool AppendMessageJsonDirectly(const Message& message, std::string* out) {
  const size_t size = out->size();
  if (message.GetDescriptor()->well_known_type() ==
          google::protobuf::Descriptor::WELLKNOWNTYPE_UNSPECIFIED &&
      AppendMessage(message, out)) {
    return true;
  }
  out->resize(size);
  return false;
}

bool AppendMessageJson(const Message& message, std::string* out) {
  if (AppendMessageJsonDirectly(message, out)) return true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json).ok()) return false;
  *out += json;
  return true;
}

}  // namespace besluitlog::tools
