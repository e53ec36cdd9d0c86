#include "projections/acts/act_describer.h"

#include "ledger/core/governance_codec.h"
#include "projections/acts/act_labels.h"
#include "projections/acts/act_refs.h"

namespace besluitlog::projections::acts {
namespace {

std::string Remembered(const absl::flat_hash_map<std::string, std::string>& map,
                       absl::string_view key) {
  auto it = map.find(key);
  return it == map.end() ? std::string() : it->second;
}

}  // namespace

void ActDescriber::Memory::RememberMeeting(absl::string_view meeting_id,
                                           absl::string_view body_id) {
  meeting_body_[meeting_id] = std::string(body_id);
}
void ActDescriber::Memory::RememberProposal(absl::string_view proposal_id,
                                            absl::string_view body_id) {
  proposal_body_[proposal_id] = std::string(body_id);
}
absl::StatusOr<std::string> ActDescriber::Memory::MeetingBody(absl::string_view meeting_id) {
  return Remembered(meeting_body_, meeting_id);
}
absl::StatusOr<std::string> ActDescriber::Memory::ProposalBody(absl::string_view proposal_id) {
  return Remembered(proposal_body_, proposal_id);
}

std::string ActDescriber::Title(const std::string& proposal_id) const {
  auto it = titles_.find(proposal_id);
  return it == titles_.end() ? proposal_id : it->second;
}

ActMeaning ActDescriber::Describe(const v1::Event& event) {
  absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
  if (act.ok()) return Describe(event, *act);
  ActMeaning meaning;
  meaning.body = std::string(ledger::core::BodyIdOfStream(event.stream_id()));
  meaning.subject = event.stream_id();
  return meaning;
}

ActMeaning ActDescriber::Describe(const v1::Event& event, const v1::GovernanceEvent& act) {
  ActMeaning meaning;
  if (act.has_proposal_submitted()) {
    titles_[act.proposal_submitted().proposal_id()] = act.proposal_submitted().title();
  }
  if (act.has_proposal_amended()) {
    titles_[act.proposal_amended().proposal_id()] = act.proposal_amended().title();
  }
  const ActRefs refs = RefsOf(event, act);
  // The in-memory BodyMemory never fails.
  meaning.body = BodyOf(event, act, refs, bodies_).value_or("");
  meaning.meeting = refs.meeting;
  if (!refs.proposal.empty()) meaning.subject = Title(refs.proposal);
  switch (act.event_case()) {
    case v1::GovernanceEvent::kMeetingScheduled:
      meaning.subject = act.meeting_scheduled().date();
      break;
    case v1::GovernanceEvent::kMemberAppointed:
      meaning.subject = act.member_appointed().name();
      break;
    case v1::GovernanceEvent::kVoteCast:
      meaning.outcome = VoteLabel(act.vote_cast());
      break;
    case v1::GovernanceEvent::kDecisionTaken:
      meaning.outcome = OutcomesLabel(act.decision_taken());
      break;
    case v1::GovernanceEvent::kCollegeDecisionRecorded:
      meaning.outcome = CollegeDecisionLabel(act.college_decision_recorded());
      break;
    default:
      break;
  }
  return meaning;
}

}  // namespace besluitlog::projections::acts
