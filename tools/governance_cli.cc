#include "tools/governance_cli.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"

namespace besluitlog::tools {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Kebab(const std::string& snake) { return absl::StrReplaceAll(snake, {{"_", "-"}}); }
std::string Snake(absl::string_view name) { return absl::StrReplaceAll(name, {{"-", "_"}}); }

const FieldDescriptor* ActField(absl::string_view act) {
  const FieldDescriptor* field = v1::GovernanceCommand::descriptor()->FindFieldByName(Snake(act));
  return field != nullptr && field->containing_oneof() != nullptr ? field : nullptr;
}

absl::Status ParseJsonInto(const std::string& flag, absl::string_view json, Message* message) {
  google::protobuf::util::JsonParseOptions options;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": not valid JSON for ", message->GetTypeName(), ": ", status.ToString()));
  }
  return absl::OkStatus();
}

absl::Status SetValue(Message* message, const FieldDescriptor* field, const std::string& flag,
                      const std::string& value) {
  const Reflection* reflection = message->GetReflection();
  const bool repeated = field->is_repeated();
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, "=", value, ": ", what));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      repeated ? reflection->AddString(message, field, value)
               : reflection->SetString(message, field, value);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v;
      if (!absl::SimpleAtoi(value, &v)) return bad("expected a whole number");
      repeated ? reflection->AddUInt32(message, field, v)
               : reflection->SetUInt32(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v;
      if (!absl::SimpleAtoi(value, &v)) return bad("expected a whole number");
      repeated ? reflection->AddUInt64(message, field, v)
               : reflection->SetUInt64(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v;
      if (!absl::SimpleAtob(value, &v)) return bad("expected true or false");
      reflection->SetBool(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = field->enum_type();
      const auto* found = type->FindValueByName(absl::AsciiStrToUpper(value));
      if (found == nullptr) {
        std::vector<std::string> names;
        for (int i = 1; i < type->value_count(); ++i) {
          names.push_back(absl::AsciiStrToLower(type->value(i)->name()));
        }
        return bad(absl::StrCat("expected one of ", absl::StrJoin(names, ", ")));
      }
      repeated ? reflection->AddEnum(message, field, found)
               : reflection->SetEnum(message, field, found);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!repeated) {
        return ParseJsonInto(flag, value, reflection->MutableMessage(message, field));
      }
      // One object per flag, or an array of them.
      const absl::string_view trimmed = absl::StripAsciiWhitespace(value);
      if (!trimmed.empty() && trimmed.front() == '[') {
        Message* wrapper = message->New();
        const std::string wrapped = absl::StrCat("{\"", field->json_name(), "\":", value, "}");
        absl::Status parsed = ParseJsonInto(flag, wrapped, wrapper);
        if (parsed.ok()) {
          for (int i = 0; i < reflection->FieldSize(*wrapper, field); ++i) {
            reflection->AddMessage(message, field)
                ->CopyFrom(reflection->GetRepeatedMessage(*wrapper, field, i));
          }
        }
        delete wrapper;
        return parsed;
      }
      return ParseJsonInto(flag, value, reflection->AddMessage(message, field));
    }
    default:
      return bad("this field cannot be set from the command line");
  }
}

// What a flag's value looks like in help: the enum's values, "N", "true|false",
// JSON for a message, else the field's name in capitals.
std::string ValueShape(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM: {
      std::vector<std::string> names;
      const auto* type = field->enum_type();
      for (int i = 1; i < type->value_count(); ++i) {
        names.push_back(absl::AsciiStrToLower(type->value(i)->name()));
      }
      return absl::StrJoin(names, "|");
    }
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
      return "N";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "true|false";
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      // The JSON fields, so that a document reads {"name":…,"sha256":…}.
      std::vector<std::string> fields;
      const auto* type = field->message_type();
      for (int i = 0; i < type->field_count(); ++i) {
        fields.push_back(absl::StrCat("\"", type->field(i)->json_name(), "\":…"));
      }
      return absl::StrCat("'{", absl::StrJoin(fields, ","), "}'");
    }
    default:
      return absl::AsciiStrToUpper(field->name());
  }
}

// A plausible value for the example line of an act's help.
std::string ExampleValue(const FieldDescriptor* field) {
  static const auto* const kExamples = new std::vector<std::pair<std::string, std::string>>{
      {"meeting_id", "oro-2026-01"},
      {"to_meeting_id", "sbo-2026-02"},
      {"item_id", "1"},
      {"to_item_id", "1"},
      {"body_id", "oro"},
      {"member_id", "r1"},
      {"voter_id", "r1"},
      {"substitute_id", "r9"},
      {"proposal_id", "P-2026-014"},
      {"escalation_id", "E-2026-003"},
      {"name", "\"J. de Vries\""},
      {"title", "\"Tarieven 2027\""},
      {"date", "2026-01-13"},
      {"decision_date", "2026-02-03"},
      {"municipality", "Dordrecht"},
      {"municipalities", "Dordrecht,Zwijndrecht"},
      {"request_id", "Z-2026-001"},
      {"council", "Dordrecht"},
      {"councils", "Dordrecht,Zwijndrecht"},
      {"minutes_of_meeting_id", "oro-2025-12"},
      {"from_member_id", "r1"},
      {"to_member_id", "r2"},
      {"deadline", "2026-03-10"},
      {"config", R"('{"name":"ORO","kind":"ORO","decisionRule":"MAJORITY"}')"}};
  for (const auto& [name, value] : *kExamples) {
    if (field->name() == name) return value;
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_ENUM:
      return absl::AsciiStrToLower(field->enum_type()->value(1)->name());
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return "1";
    case FieldDescriptor::CPPTYPE_BOOL:
      return "true";
    default:
      return absl::AsciiStrToUpper(field->name());
  }
}

// The first field marked (required) in governance.proto that `body` lacks,
// as "--field is required: what it is"; OK when none is missing. The server
// checks the same marks (ledger/governance/command_fields.h).
absl::Status RequireMarkedFlags(const Message& body) {
  const Reflection* reflection = body.GetReflection();
  const auto* type = body.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const std::string& what = field->options().GetExtension(v1::required);
    if (what.empty()) continue;
    const bool present = field->is_repeated() ? reflection->FieldSize(body, field) > 0
                                              : reflection->HasField(body, field);
    if (!present) {
      return absl::InvalidArgumentError(absl::StrCat("--", field->name(), " is required: ", what));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string GovernanceActHelp(absl::string_view act) {
  const FieldDescriptor* act_field = ActField(act);
  if (act_field == nullptr) return "";
  const auto* type = act_field->message_type();
  std::string help = absl::StrCat(
      "ledgerctl ", Kebab(act_field->name()), " [--flag=value ...]: records the act ", type->name(),
      " (proto/besluitlog/v1/governance.proto; docs/governance.md)\nflags:\n");
  std::vector<std::string> example = {absl::StrCat("ledgerctl ", Kebab(act_field->name()))};
  for (int f = 0; f < type->field_count(); ++f) {
    const FieldDescriptor* field = type->field(f);
    const std::string& required = field->options().GetExtension(v1::required);
    absl::StrAppend(&help, "  --", field->name(), " ", ValueShape(field));
    if (!required.empty()) {
      absl::StrAppend(&help, "  required: ", required);
      example.push_back(absl::StrCat("--", field->name(), "=", ExampleValue(field)));
    } else {
      absl::StrAppend(&help, "  ", field->options().GetExtension(v1::help));
    }
    if (field->is_repeated()) absl::StrAppend(&help, "  (repeat the flag, or a,b,c)");
    absl::StrAppend(&help, "\n");
  }
  absl::StrAppend(&help,
                  "  --actor NAME  who records it (default $USER)\n"
                  "  --json '{...}'  the whole act as JSON; single flags override it\n"
                  "example: ",
                  absl::StrJoin(example, " "), "\n");
  return help;
}

std::vector<std::string> GovernanceActNames() {
  std::vector<std::string> names;
  const auto* oneof = v1::GovernanceCommand::descriptor()->FindOneofByName("command");
  for (int i = 0; i < oneof->field_count(); ++i) {
    names.push_back(Kebab(oneof->field(i)->name()));
  }
  return names;
}

bool IsGovernanceAct(absl::string_view name) { return ActField(name) != nullptr; }

std::string GovernanceActUsage() {
  std::string usage;
  const auto* oneof = v1::GovernanceCommand::descriptor()->FindOneofByName("command");
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* type = oneof->field(i)->message_type();
    std::vector<std::string> flags;
    for (int f = 0; f < type->field_count(); ++f) {
      flags.push_back(absl::StrCat("--", type->field(f)->name()));
    }
    absl::StrAppend(&usage, "  ", Kebab(oneof->field(i)->name()), " ", absl::StrJoin(flags, " "),
                    "\n");
  }
  return usage;
}

absl::StatusOr<v1::GovernanceCommand> ParseGovernanceAct(absl::string_view act,
                                                         const std::vector<std::string>& flags) {
  const FieldDescriptor* act_field = ActField(act);
  if (act_field == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown act \"", act, "\""));
  }
  v1::GovernanceCommand command;
  Message* body = command.GetReflection()->MutableMessage(&command, act_field);
  // --json first, so that single flags can override what it set.
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < flags.size(); ++i) {
    absl::string_view arg = flags[i];
    if (!absl::ConsumePrefix(&arg, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument \"", flags[i], "\"; acts take --field=value"));
    }
    std::string name;
    std::string value;
    if (const size_t eq = arg.find('='); eq != absl::string_view::npos) {
      name = Snake(arg.substr(0, eq));
      value = std::string(arg.substr(eq + 1));
    } else {
      name = Snake(arg);
      const FieldDescriptor* field = body->GetDescriptor()->FindFieldByName(name);
      const bool boolean = field != nullptr && field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL;
      if (boolean &&
          (i + 1 >= flags.size() || absl::string_view(flags[i + 1]).substr(0, 2) == "--")) {
        value = "true";
      } else if (i + 1 < flags.size()) {
        value = flags[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      }
    }
    pairs.emplace_back(name, value);
  }
  std::stable_partition(pairs.begin(), pairs.end(),
                        [](const auto& p) { return p.first == "json"; });
  for (const auto& [name, value] : pairs) {
    if (name == "json") {
      if (absl::Status s = ParseJsonInto(name, value, body); !s.ok()) return s;
      continue;
    }
    if (name == "actor") {
      command.set_actor(value);
      continue;
    }
    const FieldDescriptor* field = body->GetDescriptor()->FindFieldByName(name);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(Kebab(std::string(act)), " has no field --", name));
    }
    if (field->is_repeated() && field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      for (absl::string_view part : absl::StrSplit(value, ',', absl::SkipEmpty())) {
        if (absl::Status s = SetValue(body, field, name, std::string(part)); !s.ok()) {
          return s;
        }
      }
      continue;
    }
    if (absl::Status s = SetValue(body, field, name, value); !s.ok()) return s;
  }
  if (absl::Status s = RequireMarkedFlags(*body); !s.ok()) return s;
  return command;
}

}  // namespace besluitlog::tools
