#include "ledger/governance/bodies.h"

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

namespace {

absl::Status ValidateConfig(Attempt& a, const v1::BodyConfig& config) {
  RETURN_IF_ERROR(RequireText("config.name", config.name()));
  if (!v1::BodyKind_IsValid(config.kind()) || config.kind() == v1::BODY_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError("config.kind must name a kind of body");
  }
  if (!v1::DecisionRule_IsValid(config.decision_rule())) {
    return absl::InvalidArgumentError("config.decision_rule is not a known rule");
  }
  if (!v1::QuorumRule_IsValid(config.quorum_rule())) {
    return absl::InvalidArgumentError("config.quorum_rule is not a known rule");
  }
  // agenda_via may name a body established later: the SBO's items come
  // through the ORO, and the ORO escalates to the SBO.
  for (const std::string* linked : {&config.escalation_target(), &config.parent_body()}) {
    if (linked->empty()) continue;
    ASSIGN_OR_RETURN(BodyState * body, a.Body(*linked));
    if (!body->exists()) {
      return Refuse(absl::StrCat("the configuration names body \"", *linked,
                                 "\", which has not been established"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status EstablishBody(Attempt& a, const v1::EstablishBody& c) {
  RETURN_IF_ERROR(RequireNewBody(a, c.body_id(), "; change it instead"));
  RETURN_IF_ERROR(ValidateConfig(a, c.config()));
  v1::GovernanceEvent event;
  event.mutable_body_established()->set_body_id(c.body_id());
  *event.mutable_body_established()->mutable_config() = c.config();
  a.Emit(core::BodyStream(c.body_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status ChangeBody(Attempt& a, const v1::ChangeBody& c) {
  RETURN_IF_ERROR(ExistingBody(a, c.body_id()).status());
  RETURN_IF_ERROR(ValidateConfig(a, c.config()));
  v1::GovernanceEvent event;
  event.mutable_body_changed()->set_body_id(c.body_id());
  *event.mutable_body_changed()->mutable_config() = c.config();
  a.Emit(core::BodyStream(c.body_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status AppointMember(Attempt& a, const v1::AppointMember& c) {
  ASSIGN_OR_RETURN(BodyState * body, ExistingBody(a, c.body_id()));
  RETURN_IF_ERROR(RequireId("member_id", c.member_id()));
  RETURN_IF_ERROR(RequireText("name", c.name()));
  if (c.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(c.role())) {
    return absl::InvalidArgumentError("role must be LID, VOORZITTER, ADVISEUR or SECRETARIS");
  }
  if (c.side() == v1::SIDE_UNSPECIFIED || !v1::Side_IsValid(c.side())) {
    return absl::InvalidArgumentError("side must be GEMEENTEN, COMBINATIES or NEUTRAL");
  }
  if (body->ActiveMember(c.member_id()) != nullptr) {
    return Refuse(
        absl::StrCat("\"", c.member_id(), "\" is a member of \"", c.body_id(), "\" already"));
  }
  const bool votes = c.role() == v1::LID || c.role() == v1::VOORZITTER;
  if (votes && body->config.requires_legal_authorisation() && !c.legally_authorised()) {
    return Refuse(absl::StrCat("legal authorisation rule: members of ", body->config.name(),
                               " must be demonstrably legally authorised to represent whom they "
                               "represent; \"",
                               c.member_id(), "\" is not marked legally_authorised"));
  }
  v1::GovernanceEvent event;
  v1::MemberAppointed* appointed = event.mutable_member_appointed();
  appointed->set_body_id(c.body_id());
  appointed->set_member_id(c.member_id());
  appointed->set_name(c.name());
  appointed->set_role(c.role());
  appointed->set_side(c.side());
  appointed->set_represents(c.represents());
  appointed->set_legally_authorised(c.legally_authorised());
  if (!c.from_date().empty()) {
    // The date the member sits from, normalised; empty means the day the
    // appointment is recorded (as the roster reads it).
    ASSIGN_OR_RETURN(absl::CivilDay from, core::ParseDate("from_date", c.from_date()));
    appointed->set_from_date(core::FormatDate(from));
  }
  a.Emit(core::BodyStream(c.body_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status ResignMember(Attempt& a, const v1::ResignMember& c) {
  ASSIGN_OR_RETURN(BodyState * body, ExistingBody(a, c.body_id()));
  RETURN_IF_ERROR(RequireSittingMember(*body, c.member_id()));
  v1::GovernanceEvent event;
  event.mutable_member_resigned()->set_body_id(c.body_id());
  event.mutable_member_resigned()->set_member_id(c.member_id());
  a.Emit(core::BodyStream(c.body_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status NoteHandover(Attempt& a, const v1::NoteHandover& c) {
  ASSIGN_OR_RETURN(BodyState * body, ExistingBody(a, c.body_id()));
  if (body->members.count(c.from_member_id()) == 0) {
    return Refuse(absl::StrCat("\"", c.from_member_id(), "\" has never been a member of \"",
                               c.body_id(), "\""));
  }
  if (body->ActiveMember(c.to_member_id()) == nullptr) {
    return Refuse(absl::StrCat("a handover goes to a sitting member; appoint \"", c.to_member_id(),
                               "\" first"));
  }
  v1::GovernanceEvent event;
  v1::HandoverNoted* noted = event.mutable_handover_noted();
  noted->set_body_id(c.body_id());
  noted->set_from_member_id(c.from_member_id());
  noted->set_to_member_id(c.to_member_id());
  noted->set_notes(c.notes());
  a.Emit(core::BodyStream(c.body_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
