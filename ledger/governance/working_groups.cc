#include "ledger/governance/working_groups.h"

#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

absl::Status EstablishWorkingGroup(Attempt& a, const v1::EstablishWorkingGroup& c) {
  RETURN_IF_ERROR(RequireNewBody(a, c.body_id()));
  ASSIGN_OR_RETURN(BodyState * parent, ExistingBody(a, c.parent_body_id()));
  if (parent->config.kind() != v1::ORO) {
    return Refuse(absl::StrCat("working group rule: a werkgroep is set up by the ORO, and \"",
                               parent->body_id, "\" is not the ORO"));
  }
  RETURN_IF_ERROR(RequireText("name", c.name()));
  RETURN_IF_ERROR(RequireText("assignment", c.assignment()));
  RETURN_IF_ERROR(core::ParseDate("report_due", c.report_due()).status());
  bool linking_pin = false;
  bool gemeenten = false;
  bool combinaties = false;
  std::set<std::string> ids;
  for (const v1::WorkingGroupMember& member : c.members()) {
    RETURN_IF_ERROR(RequireId("members.member_id", member.member_id()));
    RETURN_IF_ERROR(RequireText("members.name", member.name()));
    if (!ids.insert(member.member_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", member.member_id(), "\" is listed twice"));
    }
    if (member.linking_pin()) {
      if (parent->ActiveMember(member.member_id()) == nullptr) {
        return Refuse(absl::StrCat("working group rule: linking pin \"", member.member_id(),
                                   "\" must be a sitting member of the ORO"));
      }
      linking_pin = true;
    }
    gemeenten = gemeenten || member.side() == v1::GEMEENTEN;
    combinaties = combinaties || member.side() == v1::COMBINATIES;
  }
  if (!linking_pin) {
    return Refuse(
        "working group rule: a werkgroep holds at least one ORO member as "
        "linking pin");
  }
  if (!gemeenten || !combinaties) {
    return Refuse(
        "working group rule: a werkgroep holds at least one member from "
        "each side (gemeenten and combinaties)");
  }
  v1::GovernanceEvent established;
  established.mutable_body_established()->set_body_id(c.body_id());
  v1::BodyConfig* config = established.mutable_body_established()->mutable_config();
  config->set_name(c.name());
  config->set_kind(v1::WERKGROEP);
  config->set_parent_body(c.parent_body_id());
  a.Emit(core::BodyStream(c.body_id()), std::move(established));

  v1::GovernanceEvent working_group;
  v1::WorkingGroupEstablished* wg = working_group.mutable_working_group_established();
  wg->set_body_id(c.body_id());
  wg->set_parent_body_id(c.parent_body_id());
  wg->set_name(c.name());
  wg->set_assignment(c.assignment());
  wg->set_report_due(c.report_due());
  *wg->mutable_members() = c.members();
  a.Emit(core::BodyStream(c.body_id()), std::move(working_group));

  for (const v1::WorkingGroupMember& member : c.members()) {
    v1::GovernanceEvent appointed;
    v1::MemberAppointed* m = appointed.mutable_member_appointed();
    m->set_body_id(c.body_id());
    m->set_member_id(member.member_id());
    m->set_name(member.name());
    m->set_role(v1::LID);
    m->set_side(member.side());
    a.Emit(core::BodyStream(c.body_id()), std::move(appointed));
  }
  return absl::OkStatus();
}

absl::Status ReportWorkingGroup(Attempt& a, const v1::ReportWorkingGroup& c) {
  ASSIGN_OR_RETURN(BodyState * group, ExistingBody(a, c.body_id()));
  if (group->config.kind() != v1::WERKGROEP) {
    return Refuse(absl::StrCat("\"", c.body_id(), "\" is not a werkgroep"));
  }
  if (group->reported) {
    return Refuse(absl::StrCat("werkgroep \"", c.body_id(), "\" has reported already"));
  }
  RETURN_IF_ERROR(RequireText("report", c.report()));
  RETURN_IF_ERROR(core::ParseDate("reported_on", c.reported_on()).status());
  v1::GovernanceEvent event;
  v1::WorkingGroupReported* reported = event.mutable_working_group_reported();
  reported->set_body_id(c.body_id());
  reported->set_report(c.report());
  reported->set_reported_on(c.reported_on());
  a.Emit(core::BodyStream(c.body_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
