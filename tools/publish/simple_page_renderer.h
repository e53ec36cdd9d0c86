// SimplePageRenderer: the first PageRenderer (page_renderer.h) — plain Dutch
// pages with names instead of ids: a meeting's attendance and its
// besluitenlijst (per agenda item the proposal and the decision per point:
// aangenomen, verworpen, geen overeenstemming, doorgeleid naar ...), a
// proposal's text, documents by hash, every decision on it, the escalation
// chain both ways and the College decisions with the day each takes effect,
// and per municipality the agreements in force on a given day.
//
// Memory grows with meetings, agenda items, proposals and members, not with
// votes. Not thread-safe.
#ifndef BESLUITLOG_TOOLS_PUBLISH_SIMPLE_PAGE_RENDERER_H_
#define BESLUITLOG_TOOLS_PUBLISH_SIMPLE_PAGE_RENDERER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "tools/publish/page_renderer.h"

namespace besluitlog::tools::publish {

class SimplePageRenderer : public PageRenderer {
 public:
  void Observe(const v1::Event& event, const v1::GovernanceEvent& act) override;
  PageFragment Meeting(const std::string& meeting_id) const override;
  PageFragment Proposal(const std::string& proposal_id) const override;
  PageFragment Municipality(const std::string& municipality, absl::CivilDay today) const override;

 private:
  struct Decision {
    uint64_t position = 0;
    std::string attributes;  // DecisionAttributes.
    std::vector<v1::PointOutcome> outcomes;
  };
  struct Escalation {
    std::string from_body, from_meeting, to_body, to_meeting;
    std::vector<uint32_t> points;
  };
  struct Item {
    std::string id, proposal;
    std::vector<Escalation> arrived;  // How it came here.
    std::vector<Escalation> onward;   // Where it went.
    std::vector<Decision> decisions;  // Usually one.
  };
  struct MeetingState {
    std::string body, date;
    std::vector<std::string> attendance_order;
    absl::flat_hash_map<std::string, bool> present;
    absl::flat_hash_map<std::string, std::string> substitute;  // Member -> name.
    std::vector<Item> items;
  };
  struct CollegeDecision {
    uint64_t position = 0;
    std::string attributes, municipality, date, effective;
    v1::CollegeDecision decision = v1::COLLEGE_DECISION_UNSPECIFIED;
  };
  struct ProposalState {
    std::string body, title, text;
    std::vector<v1::DecisionPoint> points;
    std::vector<v1::DocumentRef> documents;
    std::string withdrawn;                                     // The reason, when withdrawn.
    std::vector<std::pair<std::string, std::string>> treated;  // (meeting, item).
    std::vector<Escalation> escalations;
    std::vector<std::string> requested;  // Municipalities asked to ratify.
    std::vector<CollegeDecision> college;
  };

  std::string BodyName(const std::string& body_id) const;
  std::string MemberName(const std::string& member_id) const;
  std::string ProposalTitle(const std::string& proposal_id) const;
  std::string ProposalLink(const std::string& proposal_id) const;
  std::string MeetingLink(const std::string& meeting_id) const;
  Item* FindItem(const std::string& meeting_id, const std::string& item_id);
  std::string DecisionHtml(const Decision& decision, const std::string& proposal_id,
                           const std::vector<Escalation>& onward) const;
  std::string CollegeHtml(const CollegeDecision& decision, const std::string& proposal_id,
                          bool link_proposal) const;

  absl::flat_hash_map<std::string, std::string> body_names_;
  absl::flat_hash_map<std::string, std::string> member_names_;
  absl::flat_hash_map<std::string, MeetingState> meetings_;
  absl::flat_hash_map<std::string, ProposalState> proposals_;
  // Municipality -> (proposal, index into its college decisions).
  std::map<std::string, std::vector<std::pair<std::string, size_t>>> municipalities_;
};

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_SIMPLE_PAGE_RENDERER_H_
