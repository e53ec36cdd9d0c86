// CountedVotes: which of the votes cast on a point count. A member may change
// their vote until the decision is taken, so a member's last vote on a point
// is the one that counts; it keeps the place of their first vote, so a list
// reads in the order people first voted. The one statement of that rule for
// the read side (the proposal view and the Popolo export); the write side
// counts the same way in ledger/governance_state.
//
// Works for any vote message with meeting_id, item_id, decision_point and
// member_id (v1::VoteCast, v1::MemberVote). Not thread-safe.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_COUNTED_VOTES_H_
#define BESLUITLOG_PROJECTIONS_ACTS_COUNTED_VOTES_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::projections::acts {

template <typename Vote>
class CountedVotes {
 public:
  // Records `vote`, replacing the member's earlier vote on the same point.
  void Cast(const Vote& vote) {
    auto [it, added] = slot_.emplace(
        Seat{vote.meeting_id(), vote.item_id(), vote.decision_point(), vote.member_id()},
        counted_.size());
    if (added) {
      counted_.push_back(vote);
    } else {
      counted_[it->second] = vote;
    }
  }
  // The votes that count, one per member and point, in order of first vote.
  const std::vector<Vote>& counted() const { return counted_; }

 private:
  using Seat = std::tuple<std::string, std::string, uint32_t, std::string>;
  std::map<Seat, size_t> slot_;
  std::vector<Vote> counted_;
};

// Whether the decision `outcome` counted the vote of `member_id`. A
// decision names the members whose votes it counted (a member who resigned
// before it, or whose seat was not filled, is not among them); one recorded
// before decisions named them names none, and then every last vote counted.
inline bool OutcomeCounted(const v1::PointOutcome& outcome, const std::string& member_id) {
  return outcome.counted_members().empty() ||
         std::find(outcome.counted_members().begin(), outcome.counted_members().end(), member_id) !=
             outcome.counted_members().end();
}

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_COUNTED_VOTES_H_
