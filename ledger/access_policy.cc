#include "ledger/access_policy.h"

#include "absl/strings/str_cat.h"
#include "ledger/core/governance_codec.h"

namespace besluitlog::ledger {

using Command = v1::GovernanceCommand;

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kSecretariaat:
      return "secretariaat";
    case Role::kMember:
      return "member";
    case Role::kAuditor:
      return "auditor";
    case Role::kClient:
      return "client";
  }
  return "unknown";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role role :
       {Role::kAdmin, Role::kSecretariaat, Role::kMember, Role::kAuditor, Role::kClient}) {
    if (RoleName(role) == name) return role;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown role \"", name, "\"; roles are admin, secretariaat, member, auditor, client"));
}

Role RoleForCommand(Command::CommandCase command) {
  switch (command) {
    case Command::kEstablishBody:
    case Command::kChangeBody:
    case Command::kAppointMember:
    case Command::kResignMember:
    case Command::kNoteHandover:
    case Command::kEstablishWorkingGroup:
      return Role::kAdmin;
    case Command::kCastVote:
    case Command::kRecordObjection:
      return Role::kMember;
    default:
      // Meetings, agenda, proposals, decisions, escalations, ratifications,
      // zienswijzen and working-group reports are recorded by the
      // secretariaat. An empty command is refused later as malformed.
      return Role::kSecretariaat;
  }
}

absl::Status AuthorizeCommand(const Caller& caller, const Command& command) {
  const Role needed = RoleForCommand(command.command_case());
  if (caller.role != needed) {
    const google::protobuf::FieldDescriptor* act =
        Command::descriptor()->FindFieldByNumber(command.command_case());
    return absl::PermissionDeniedError(
        absl::StrCat(caller.name, " (", RoleName(caller.role), ") may not record ",
                     act != nullptr ? act->name() : "an empty command", "; that takes the ",
                     RoleName(needed), " role"));
  }
  if (needed != Role::kMember) return absl::OkStatus();
  const std::string& voter = command.has_cast_vote() ? command.cast_vote().voter_id()
                                                     : command.record_objection().voter_id();
  if (voter != caller.name) {
    return absl::PermissionDeniedError(absl::StrCat(
        caller.name, " may vote and object only as ", caller.name, ", not as \"", voter,
        "\"; a substitute votes under their own name once named for the meeting"));
  }
  return absl::OkStatus();
}

absl::Status AuthorizeRawAppend(const v1::StreamAppend& append) {
  if (!core::IsGovernanceStream(append.stream_id())) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "stream \"", append.stream_id(),
      "\" is a governance stream: it is written through the GovernanceService only, so that "
      "its rules always hold"));
}

}  // namespace besluitlog::ledger
