// What a governance act is about: the meeting and the proposal it names,
// read from the act itself (its fields, else its stream). The one place that
// says which acts concern which meeting or proposal, for the acts index and
// for the trail's rows. Pure; thread-safe (stateless).
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_REFS_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_REFS_H_

#include <string>

#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::projections::acts {

struct ActRefs {
  std::string meeting;   // Empty when the act names no meeting.
  std::string proposal;  // Empty when the act names no proposal.
};

// Scheduling a meeting names it; submitting or amending a proposal, and a
// College's decision, name the proposal; agenda items, votes and decisions
// name both. Any other act names what its stream ("meeting/<id>",
// "proposal/<id>") is about.
ActRefs RefsOf(const v1::Event& event, const v1::GovernanceEvent& act);

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_REFS_H_
