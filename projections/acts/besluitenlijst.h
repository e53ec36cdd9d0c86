// The besluitenlijst as a model: per meeting what a secretariaat publishes
// (the body's full name, the date, who attended, each item's decision
// points with their outcome and tally, where an item came from and went to,
// the Colleges' decisions, zienswijzen, adopted minutes) and an index per
// body and year, folded client-side from the governance events themselves:
// their payloads carry the names, texts and counts, so nothing is asked of
// the server and no storage engine is linked. Every wording comes from
// act_labels.h; a renderer only lays the model out (tools/besluitenlijst_html).
//
// Events must be added in position order (as the log holds them); events
// that are not governance acts are ignored. Names are those known when the
// act was recorded (a vote is listed under the name the member was
// appointed with). Memory grows with the number of meetings, items,
// proposals (their texts) and members, not with the number of votes. Not thread-safe.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_BESLUITENLIJST_H_
#define BESLUITLOG_PROJECTIONS_ACTS_BESLUITENLIJST_H_

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/counted_votes.h"

namespace besluitlog::projections::acts {

struct BesluitPoint {
  uint32_t number = 0;
  std::string text;
  bool decided = false;
  v1::Outcome result = v1::OUTCOME_UNSPECIFIED;
  std::string outcome;  // OutcomeNl, or kNoDecisionYetNl.
  std::string tally;    // TallyNl; empty until decided.
  // The names of those whose vote counted, per choice (voor/tegen/onthouding).
  std::vector<std::string> voted_for;
  std::vector<std::string> voted_against;
  std::vector<std::string> abstained;
  bool awaiting_ratification = false;
};

struct BesluitItem {
  std::string item_id;
  std::string proposal_id;
  std::string title;
  std::string came_from;  // ForwardedFromNl, when it arrived by escalation.
  std::string went_to;    // ForwardedToNl, when it went on.
  std::vector<BesluitPoint> points;
  // The global position of the DecisionTaken shown in `points`; 0 while
  // undecided. A site names it so a reader can check the decision.
  uint64_t decision_event = 0;
  // Per municipality (CollegeDecisionNl or CollegePendingNl), when this
  // item's decision asked the Colleges to ratify.
  std::vector<std::string> college_decisions;
  // Beside college_decisions: the position of each College decision, 0 for
  // one not taken yet.
  std::vector<uint64_t> college_events;
  // ZienswijzeRequestNl, each followed by its councils' ZienswijzeNl or
  // ZienswijzeMissingNl; with the proposal's last item only.
  std::vector<std::string> zienswijzen;
};

struct BesluitMeeting {
  std::string meeting_id;
  std::string body_id;
  std::string body_name;             // BodyFullNameNl.
  std::string date;                  // "YYYY-MM-DD".
  std::string date_label;            // DutchDate.
  std::vector<std::string> present;  // Names, in the order recorded.
  std::vector<std::string> absent;
  // "<member> vervangen door <substitute>".
  std::vector<std::string> substituted;
  std::vector<BesluitItem> items;
  // MinutesAdoptedNl for minutes adopted at this meeting.
  std::vector<std::string> minutes_adopted_here;
  // MinutesAdoptedOnNl when this meeting's own minutes were adopted.
  std::string own_minutes;
};

// A College decision on its own, for a municipality's "in werking" list.
struct BesluitCollegeDecision {
  std::string municipality;
  std::string proposal_id;
  std::string title;
  std::string text;  // CollegeDecisionNl.
  bool ratified = false;
  std::string effective_date;  // "YYYY-MM-DD"; empty when none.
  uint64_t event = 0;
};

// A proposal as submitted (and amended): what its own page shows.
struct BesluitProposal {
  struct Point {
    uint32_t number = 0;
    std::string text;
    bool changes_agreement = false;
  };
  std::string proposal_id;
  std::string body_name;  // BodyFullNameNl.
  std::string title;
  std::string text;
  std::string withdrawn;  // ProposalWithdrawnNl, when withdrawn.
  std::vector<Point> points;
  std::vector<std::string> documents;  // DocumentNl.
};

struct BesluitIndexYear {
  int year = 0;
  std::vector<size_t> meetings;  // Indexes into Besluitenlijst::meetings.
};
struct BesluitIndexBody {
  std::string body_name;
  std::vector<BesluitIndexYear> years;
};

struct Besluitenlijst {
  // By date, then in the order they were scheduled.
  std::vector<BesluitMeeting> meetings;
  // Bodies by full name, years in order.
  std::vector<BesluitIndexBody> index;
  // In the order submitted.
  std::vector<BesluitProposal> proposals;
  // In the order recorded.
  std::vector<BesluitCollegeDecision> college_decisions;
};

// Who is who, for naming people and bodies in the besluitenlijst and the
// trail: kept as the acts come in.
class BesluitNames {
 public:
  void Add(const v1::GovernanceEvent& act);
  // The member's name in `body_id`; their id when unknown.
  std::string Member(const std::string& body_id, const std::string& member_id) const;
  // The name of who sat for `member_id` or voted as `voter_id` in a meeting:
  // a substitute named for it, else the member.
  std::string Voter(const std::string& meeting_id, const std::string& body_id,
                    const std::string& voter_id) const;
  std::string BodyFullName(const std::string& body_id) const;
  std::string BodyShort(const std::string& body_id) const;
  std::string BodyWithArticle(const std::string& body_id) const;
  std::string Title(const std::string& proposal_id) const;
  std::string MeetingBody(const std::string& meeting_id) const;
  std::string MeetingDate(const std::string& meeting_id) const;
  // MeetingLabelNl of the meeting ("ORO 13 januari 2026"); its id when unknown.
  std::string MeetingLabel(const std::string& meeting_id) const;

 private:
  static std::string Find(const absl::flat_hash_map<std::string, std::string>& map,
                          const std::string& key);
  absl::flat_hash_map<std::string, v1::BodyConfig> bodies_;
  absl::flat_hash_map<std::string, std::string> members_;      // "body\0member" -> name.
  absl::flat_hash_map<std::string, std::string> substitutes_;  // "meeting\0id" -> name.
  absl::flat_hash_map<std::string, std::string> titles_;
  absl::flat_hash_map<std::string, std::string> meeting_body_;
  absl::flat_hash_map<std::string, std::string> meeting_date_;
  absl::flat_hash_map<std::string, std::string> meeting_label_;
};

class BesluitenlijstBuilder {
 public:
  void Add(const v1::Event& event);
  void Add(const v1::Event& event, const v1::GovernanceEvent& act);
  // The besluitenlijst of the acts added so far.
  Besluitenlijst Build() const;
  // The same, handing the meetings over instead of copying them: afterwards
  // the builder keeps only its names (for describing the trail).
  Besluitenlijst TakeBesluitenlijst();
  const BesluitNames& names() const { return names_; }

 private:
  struct Proposal {
    std::map<uint32_t, std::string> points;   // Number -> text.
    std::vector<std::string> municipalities;  // Asked to ratify.
    // Municipality -> (CollegeDecisionNl, position).
    std::map<std::string, std::pair<std::string, uint64_t>> college;
    std::vector<std::string> requests;  // Zienswijze request ids, in order.
  };
  struct Zienswijze {
    v1::ZienswijzeRequested request;
    std::map<std::string, std::string> submitted;  // Council -> ZienswijzeNl.
  };
  struct Attendance {
    std::vector<std::pair<std::string, bool>> seats;               // Member id, present.
    std::vector<std::pair<std::string, std::string>> substitutes;  // Member, substitute name.
  };
  using ItemKey = std::pair<std::string, std::string>;  // Meeting, item.

  Besluitenlijst BuildFrom(std::vector<BesluitMeeting> meetings) const;
  BesluitItem* Item(const std::string& meeting_id, const std::string& item_id);
  void Decide(const v1::DecisionTaken& decision, uint64_t position);
  void Propose(const v1::GovernanceEvent& act);

  BesluitNames names_;
  std::vector<BesluitMeeting> meetings_;  // In the order scheduled.
  absl::flat_hash_map<std::string, size_t> meeting_index_;
  absl::flat_hash_map<std::string, Attendance> attendance_;
  std::map<ItemKey, size_t> item_index_;  // Into the meeting's items.
  absl::flat_hash_map<std::string, Proposal> proposals_;
  std::vector<BesluitProposal> published_;  // Submitted proposals, in order.
  absl::flat_hash_map<std::string, size_t> published_index_;
  std::vector<BesluitCollegeDecision> college_decisions_;
  absl::flat_hash_map<std::string, Zienswijze> zienswijzen_;  // By request id.
  // The votes of items not decided yet; dropped once decided.
  std::map<ItemKey, CountedVotes<v1::VoteCast>> open_votes_;
};

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_BESLUITENLIJST_H_
