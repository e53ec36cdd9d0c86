// Which body a governance act belongs to: the body whose stream it is in,
// the body a decision was taken by, the body a meeting was scheduled for or
// a proposal submitted to, else the body of the meeting it names, else of
// the proposal it names. The one statement of that rule, for the acts index
// (projections/governance_views.cc) and for the trail's rows
// (ActDescriber). Pure; callers bring the memory.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_BODY_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_BODY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/act_refs.h"

namespace besluitlog::projections::acts {

// What the body of later acts depends on: the body each meeting was
// scheduled for and each proposal submitted to. The acts index keeps it in
// its projection, the trail export in memory.
class BodyMemory {
 public:
  virtual ~BodyMemory() = default;
  virtual void RememberMeeting(absl::string_view meeting_id, absl::string_view body_id) = 0;
  virtual void RememberProposal(absl::string_view proposal_id, absl::string_view body_id) = 0;
  // Empty when not remembered.
  virtual absl::StatusOr<std::string> MeetingBody(absl::string_view meeting_id) = 0;
  virtual absl::StatusOr<std::string> ProposalBody(absl::string_view proposal_id) = 0;
};

// The body of `act` (empty when it belongs to none), remembering what later
// acts need. Acts must come in position order; `refs` is RefsOf(event, act).
[[nodiscard]] absl::StatusOr<std::string> BodyOf(const v1::Event& event,
                                                 const v1::GovernanceEvent& act,
                                                 const ActRefs& refs, BodyMemory& memory);

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_BODY_H_
