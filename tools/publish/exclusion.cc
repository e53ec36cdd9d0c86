#include "tools/publish/exclusion.h"

#include "absl/status/statusor.h"
#include "ledger/core/governance_codec.h"
#include "projections/acts/act_refs.h"

namespace besluitlog::tools::publish {

void Exclusion::Learn(const v1::Event& event) {
  absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
  if (!act.ok()) return;
  if (act->has_meeting_scheduled()) {
    meeting_body_[act->meeting_scheduled().meeting_id()] = act->meeting_scheduled().body_id();
  } else if (act->has_agenda_item_added()) {
    auto body = meeting_body_.find(act->agenda_item_added().meeting_id());
    if (body != meeting_body_.end() && !excluded_.contains(body->second)) {
      public_proposals_.insert(act->agenda_item_added().proposal_id());
    }
  }
}

bool Exclusion::Published(const v1::Event& event, const v1::GovernanceEvent& act,
                          const ActRow& row) const {
  if (!excluded_.contains(row.body)) return true;
  if (act.has_escalation_raised()) {
    // Raised from the excluded body's meeting it is that meeting's act;
    // raised from a public meeting it is the public body's.
    return !excluded_.contains(act.escalation_raised().from_body_id()) &&
           public_proposals_.contains(act.escalation_raised().proposal_id());
  }
  const projections::acts::ActRefs refs = projections::acts::RefsOf(event, act);
  if (!refs.meeting.empty()) return false;  // Of the excluded body's meeting.
  return !refs.proposal.empty() && public_proposals_.contains(refs.proposal);
}

}  // namespace besluitlog::tools::publish
