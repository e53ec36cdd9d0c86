#include "tools/publish/site_index.h"

#include "ledger/core/civil_date.h"

namespace besluitlog::tools::publish {

void SiteIndex::Observe(const v1::Event& event, const v1::GovernanceEvent& act, const ActRow& row,
                        const absl::TimeZone& amsterdam) {
  const absl::Time recorded = ledger::core::RecordedTime(event);
  const std::string utc = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", recorded, absl::UTCTimeZone());
  const std::string local = absl::FormatTime("%Y-%m-%dT%H:%M:%S", recorded, amsterdam);
  switch (act.event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
      if (!body_names.contains(act.body_established().body_id())) {
        body_order.push_back(act.body_established().body_id());
      }
      body_names[act.body_established().body_id()] = act.body_established().config().name();
      break;
    case v1::GovernanceEvent::kBodyChanged:
      body_names[act.body_changed().body_id()] = act.body_changed().config().name();
      break;
    case v1::GovernanceEvent::kMeetingScheduled: {
      const std::string& id = act.meeting_scheduled().meeting_id();
      if (!meetings.contains(id)) meeting_order.push_back(id);
      Meeting& meeting = meetings[id];
      meeting.body = act.meeting_scheduled().body_id();
      meeting.date = act.meeting_scheduled().date();
      meeting.handled_at = local;
      break;
    }
    case v1::GovernanceEvent::kProposalSubmitted:
      if (proposals.insert(act.proposal_submitted().proposal_id()).second) {
        proposal_order.push_back(act.proposal_submitted().proposal_id());
      }
      break;
    case v1::GovernanceEvent::kCollegeDecisionRecorded:
      municipalities.insert(act.college_decision_recorded().municipality());
      break;
    default:
      break;
  }
  if (auto it = meetings.find(row.meeting); it != meetings.end()) {
    it->second.last_modified = utc;
    if (act.has_decision_taken()) {
      it->second.decided = true;
      it->second.handled_at = local;
    }
  }
}

}  // namespace besluitlog::tools::publish
