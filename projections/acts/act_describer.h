// What each act in a stream of events means, for renderings made outside
// the server (the trail's CSV and HTML rows): its body (BodyOf), meeting
// and proposal (RefsOf), subject and outcome (act_labels.h).
//
// Events must come in position order. It remembers just enough (the body of
// each meeting and proposal, proposal titles) to describe later acts;
// memory grows with the number of meetings and proposals, not of events.
// Not thread-safe.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_DESCRIBER_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_DESCRIBER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/act_body.h"

namespace besluitlog::projections::acts {

struct ActMeaning {
  std::string body;
  std::string meeting;
  // The proposal's title (its id when unknown), the member appointed, the
  // date a meeting was scheduled for; the stream of an event that is not a
  // governance act.
  std::string subject;
  std::string outcome;  // Votes, decisions, College decisions: act_labels.h.
};

class ActDescriber {
 public:
  ActMeaning Describe(const v1::Event& event);
  // The same for a governance event already decoded into `act`.
  ActMeaning Describe(const v1::Event& event, const v1::GovernanceEvent& act);
  // The proposal's title as of the acts described so far; its id when
  // unknown.
  std::string Title(const std::string& proposal_id) const;

 private:
  class Memory final : public BodyMemory {
   public:
    void RememberMeeting(absl::string_view meeting_id, absl::string_view body_id) override;
    void RememberProposal(absl::string_view proposal_id, absl::string_view body_id) override;
    absl::StatusOr<std::string> MeetingBody(absl::string_view meeting_id) override;
    absl::StatusOr<std::string> ProposalBody(absl::string_view proposal_id) override;

   private:
    absl::flat_hash_map<std::string, std::string> meeting_body_;
    absl::flat_hash_map<std::string, std::string> proposal_body_;
  };

  Memory bodies_;
  absl::flat_hash_map<std::string, std::string> titles_;
};

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_DESCRIBER_H_
