// Who may record which governance act.
//
// Five roles: `admin` sets up the structure (bodies, appointments, working
// groups, hand-overs); `secretariaat` runs meetings and records what they
// decided (agenda, proposals, decisions, escalations, ratifications,
// zienswijzen); `member` casts votes and objections, only as themselves —
// a substitute votes under their own name and fills the seat they were
// named for; `auditor` and `client` only read (auditors also audit and
// export, which are reads too). Roles do not include one another: an admin
// who must also take minutes gets a second identity.
//
// Pure functions of their arguments; thread-safe.
#ifndef BESLUITLOG_LEDGER_ACCESS_POLICY_H_
#define BESLUITLOG_LEDGER_ACCESS_POLICY_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::ledger {

enum class Role { kAdmin, kSecretariaat, kMember, kAuditor, kClient };

// "admin", "secretariaat", "member", "auditor", "client".
absl::string_view RoleName(Role role);
// INVALID_ARGUMENT naming the known roles for anything else.
absl::StatusOr<Role> ParseRole(absl::string_view name);

// An authenticated caller: the identity written as the actor of what they
// record.
struct Caller {
  std::string name;
  Role role = Role::kClient;
};

// The role that may execute a command of this kind.
Role RoleForCommand(v1::GovernanceCommand::CommandCase command);

// OK when `caller` may execute `command`; PERMISSION_DENIED naming the role
// that may, or (for members) whose vote it is.
[[nodiscard]] absl::Status AuthorizeCommand(const Caller& caller,
                                            const v1::GovernanceCommand& command);

// Raw appends (LedgerService) never write the governance streams (body/,
// meeting/, proposal/): only GovernanceCommands does, so the rules always
// hold. PERMISSION_DENIED naming the stream.
[[nodiscard]] absl::Status AuthorizeRawAppend(const v1::StreamAppend& append);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_ACCESS_POLICY_H_
