#include "projections/acts/besluitenlijst.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "projections/acts/act_labels.h"

namespace besluitlog::projections::acts {
namespace {

// A key of two ids, separated by a byte no id holds, so that ("oro", "1x")
// and ("oro1", "x") stay apart.
std::string Key(const std::string& a, const std::string& b) {
  return absl::StrCat(a, absl::string_view("\0", 1), b);
}

}  // namespace

// ---------------------------------------------------------------- names

std::string BesluitNames::Find(const absl::flat_hash_map<std::string, std::string>& map,
                               const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? std::string() : it->second;
}

void BesluitNames::Add(const v1::GovernanceEvent& act) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
      bodies_[act.body_established().body_id()] = act.body_established().config();
      break;
    case v1::GovernanceEvent::kBodyChanged:
      bodies_[act.body_changed().body_id()] = act.body_changed().config();
      break;
    case v1::GovernanceEvent::kWorkingGroupEstablished: {
      const auto& e = act.working_group_established();
      v1::BodyConfig config;
      config.set_name(e.name());
      config.set_kind(v1::WERKGROEP);
      bodies_[e.body_id()] = config;
      for (const auto& m : e.members()) members_[Key(e.body_id(), m.member_id())] = m.name();
      break;
    }
    case v1::GovernanceEvent::kMemberAppointed: {
      const auto& e = act.member_appointed();
      members_[Key(e.body_id(), e.member_id())] = e.name();
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const auto& e = act.substitute_named();
      substitutes_[Key(e.meeting_id(), e.substitute_id())] = e.substitute_name();
      break;
    }
    case v1::GovernanceEvent::kMeetingScheduled: {
      const auto& e = act.meeting_scheduled();
      meeting_body_[e.meeting_id()] = e.body_id();
      meeting_date_[e.meeting_id()] = e.date();
      meeting_label_[e.meeting_id()] = MeetingLabelNl(BodyShort(e.body_id()), e.date());
      break;
    }
    case v1::GovernanceEvent::kProposalSubmitted:
      titles_[act.proposal_submitted().proposal_id()] = act.proposal_submitted().title();
      break;
    case v1::GovernanceEvent::kProposalAmended:
      if (!act.proposal_amended().title().empty()) {
        titles_[act.proposal_amended().proposal_id()] = act.proposal_amended().title();
      }
      break;
    default:
      break;
  }
}

std::string BesluitNames::Member(const std::string& body_id, const std::string& member_id) const {
  const std::string name = Find(members_, Key(body_id, member_id));
  return name.empty() ? member_id : name;
}

std::string BesluitNames::Voter(const std::string& meeting_id, const std::string& body_id,
                                const std::string& voter_id) const {
  const std::string substitute = Find(substitutes_, Key(meeting_id, voter_id));
  return substitute.empty() ? Member(body_id, voter_id) : substitute;
}

std::string BesluitNames::BodyFullName(const std::string& body_id) const {
  auto it = bodies_.find(body_id);
  if (it == bodies_.end()) return body_id;
  return BodyFullNameNl(it->second.kind(), it->second.name());
}

std::string BesluitNames::BodyShort(const std::string& body_id) const {
  auto it = bodies_.find(body_id);
  if (it == bodies_.end()) return body_id;
  return BodyShortNl(it->second.kind(), it->second.name());
}

std::string BesluitNames::BodyWithArticle(const std::string& body_id) const {
  auto it = bodies_.find(body_id);
  if (it == bodies_.end()) return body_id;
  return BodyWithArticleNl(it->second.kind(), it->second.name());
}

std::string BesluitNames::Title(const std::string& proposal_id) const {
  auto it = titles_.find(proposal_id);
  if (it == titles_.end()) return UnpublishedProposalNl(proposal_id);
  return it->second.empty() ? proposal_id : it->second;
}

std::string BesluitNames::MeetingBody(const std::string& meeting_id) const {
  return Find(meeting_body_, meeting_id);
}

std::string BesluitNames::MeetingDate(const std::string& meeting_id) const {
  return Find(meeting_date_, meeting_id);
}

std::string BesluitNames::MeetingLabel(const std::string& meeting_id) const {
  const std::string label = Find(meeting_label_, meeting_id);
  return label.empty() ? meeting_id : label;
}

// ---------------------------------------------------------------- builder

void BesluitenlijstBuilder::Add(const v1::Event& event) {
  absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
  if (act.ok()) Add(event, *act);
}

BesluitItem* BesluitenlijstBuilder::Item(const std::string& meeting_id,
                                         const std::string& item_id) {
  auto meeting = meeting_index_.find(meeting_id);
  auto item = item_index_.find({meeting_id, item_id});
  if (meeting == meeting_index_.end() || item == item_index_.end()) return nullptr;
  return &meetings_[meeting->second].items[item->second];
}

namespace {

// A submitted or amended proposal's parts into its page's model; an
// amendment changes only the parts it carries.
template <typename Act>
void TakeParts(const Act& e, bool all, BesluitProposal& p) {
  if (all || !e.text().empty()) p.text = e.text();
  if (all || !e.decision_points().empty()) {
    p.points.clear();
    for (const auto& point : e.decision_points()) {
      p.points.push_back({point.number(), point.text(), point.changes_agreement()});
    }
  }
  if (all || !e.documents().empty()) {
    p.documents.clear();
    for (const auto& document : e.documents()) p.documents.push_back(DocumentNl(document));
  }
}

}  // namespace

void BesluitenlijstBuilder::Propose(const v1::GovernanceEvent& act) {
  const bool submitted = act.has_proposal_submitted();
  const std::string& id = submitted                    ? act.proposal_submitted().proposal_id()
                          : act.has_proposal_amended() ? act.proposal_amended().proposal_id()
                                                       : act.proposal_withdrawn().proposal_id();
  auto at = published_index_.find(id);
  if (at == published_index_.end()) {
    if (!submitted) return;  // Submitted to a body not published.
    at = published_index_.emplace(id, published_.size()).first;
    published_.emplace_back().proposal_id = id;
  }
  BesluitProposal& p = published_[at->second];
  p.title = names_.Title(id);
  if (submitted) {
    p.body_name = names_.BodyFullName(act.proposal_submitted().body_id());
    TakeParts(act.proposal_submitted(), /*all=*/true, p);
  } else if (act.has_proposal_amended()) {
    TakeParts(act.proposal_amended(), /*all=*/false, p);
  } else {
    p.withdrawn = ProposalWithdrawnNl(act.proposal_withdrawn().reason());
  }
}

void BesluitenlijstBuilder::Add(const v1::Event& event, const v1::GovernanceEvent& act) {
  names_.Add(act);
  if (act.has_proposal_submitted() || act.has_proposal_amended() || act.has_proposal_withdrawn()) {
    Propose(act);
  }
  switch (act.event_case()) {
    case v1::GovernanceEvent::kMeetingScheduled: {
      const auto& e = act.meeting_scheduled();
      if (meeting_index_.contains(e.meeting_id())) break;
      meeting_index_[e.meeting_id()] = meetings_.size();
      BesluitMeeting& m = meetings_.emplace_back();
      m.meeting_id = e.meeting_id();
      m.body_id = e.body_id();
      m.body_name = names_.BodyFullName(e.body_id());
      m.date = e.date();
      m.date_label = DutchDate(e.date());
      break;
    }
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const auto& e = act.attendance_recorded();
      auto& seats = attendance_[e.meeting_id()].seats;
      auto seat = std::find_if(seats.begin(), seats.end(),
                               [&](const auto& s) { return s.first == e.member_id(); });
      if (seat == seats.end()) {
        seats.emplace_back(e.member_id(), e.present());
      } else {
        seat->second = e.present();  // A later record (left early) replaces it.
      }
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const auto& e = act.substitute_named();
      attendance_[e.meeting_id()].substitutes.emplace_back(e.member_id(), e.substitute_name());
      break;
    }
    case v1::GovernanceEvent::kProposalSubmitted: {
      const auto& e = act.proposal_submitted();
      Proposal& p = proposals_[e.proposal_id()];
      p.points.clear();
      for (const auto& point : e.decision_points()) p.points[point.number()] = point.text();
      break;
    }
    case v1::GovernanceEvent::kProposalAmended: {
      const auto& e = act.proposal_amended();
      Proposal& p = proposals_[e.proposal_id()];
      if (e.decision_points_size() > 0) p.points.clear();
      for (const auto& point : e.decision_points()) p.points[point.number()] = point.text();
      break;
    }
    case v1::GovernanceEvent::kAgendaItemAdded: {
      const auto& e = act.agenda_item_added();
      auto meeting = meeting_index_.find(e.meeting_id());
      if (meeting == meeting_index_.end()) break;
      std::vector<BesluitItem>& items = meetings_[meeting->second].items;
      item_index_[{e.meeting_id(), e.item_id()}] = items.size();
      BesluitItem& item = items.emplace_back();
      item.item_id = e.item_id();
      item.proposal_id = e.proposal_id();
      item.title = names_.Title(e.proposal_id());
      if (!e.escalation_id().empty() && names_.MeetingDate(e.origin_meeting_id()).empty()) {
        item.came_from = kForwardedFromUnpublishedNl;
      } else if (!e.escalation_id().empty()) {
        item.came_from =
            ForwardedFromNl(names_.BodyShort(names_.MeetingBody(e.origin_meeting_id())),
                            names_.MeetingDate(e.origin_meeting_id()), e.origin_item_id());
      }
      break;
    }
    case v1::GovernanceEvent::kVoteCast: {
      const auto& e = act.vote_cast();
      open_votes_[{e.meeting_id(), e.item_id()}].Cast(e);
      break;
    }
    case v1::GovernanceEvent::kDecisionTaken:
      Decide(act.decision_taken(), event.global_position());
      break;
    case v1::GovernanceEvent::kEscalationRaised: {
      const auto& e = act.escalation_raised();
      if (BesluitItem* item = Item(e.from_meeting_id(), e.from_item_id())) {
        item->went_to = ForwardedToNl(names_.BodyWithArticle(e.to_body_id()),
                                      names_.MeetingDate(e.to_meeting_id()), e.to_item_id());
      }
      break;
    }
    case v1::GovernanceEvent::kRatificationRequested: {
      const auto& e = act.ratification_requested();
      auto& asked = proposals_[e.proposal_id()].municipalities;
      asked.insert(asked.end(), e.municipalities().begin(), e.municipalities().end());
      break;
    }
    case v1::GovernanceEvent::kCollegeDecisionRecorded: {
      const auto& e = act.college_decision_recorded();
      const std::string text = CollegeDecisionNl(e);
      proposals_[e.proposal_id()].college[e.municipality()] = {text, event.global_position()};
      college_decisions_.push_back(
          {e.municipality(), e.proposal_id(), names_.Title(e.proposal_id()), text,
           e.decision() == v1::RATIFIED, e.effective_date(), event.global_position()});
      break;
    }
    case v1::GovernanceEvent::kZienswijzeRequested: {
      const auto& e = act.zienswijze_requested();
      proposals_[e.proposal_id()].requests.push_back(e.request_id());
      zienswijzen_[e.request_id()].request = e;
      break;
    }
    case v1::GovernanceEvent::kZienswijzeSubmitted: {
      const auto& e = act.zienswijze_submitted();
      zienswijzen_[e.request_id()].submitted[e.council()] = ZienswijzeNl(e);
      break;
    }
    case v1::GovernanceEvent::kMinutesAdopted: {
      const auto& e = act.minutes_adopted();
      auto adopting = meeting_index_.find(e.meeting_id());
      auto minuted = meeting_index_.find(e.minutes_of_meeting_id());
      if (adopting == meeting_index_.end() || minuted == meeting_index_.end()) break;
      meetings_[adopting->second].minutes_adopted_here.push_back(
          MinutesAdoptedNl(meetings_[minuted->second].date, e.document()));
      meetings_[minuted->second].own_minutes = MinutesAdoptedOnNl(meetings_[adopting->second].date);
      break;
    }
    default:
      break;
  }
}

void BesluitenlijstBuilder::Decide(const v1::DecisionTaken& decision, uint64_t position) {
  BesluitItem* item = Item(decision.meeting_id(), decision.item_id());
  if (item == nullptr) return;
  item->decision_event = position;
  const ItemKey key{decision.meeting_id(), decision.item_id()};
  const std::string body_id = names_.MeetingBody(decision.meeting_id());
  const Proposal& proposal = proposals_[decision.proposal_id()];
  item->points.clear();
  for (const v1::PointOutcome& o : decision.outcomes()) {
    BesluitPoint& point = item->points.emplace_back();
    point.number = o.decision_point();
    auto text = proposal.points.find(o.decision_point());
    if (text != proposal.points.end()) point.text = text->second;
    point.decided = true;
    point.result = o.outcome();
    point.outcome = OutcomeNl(o);
    point.tally = TallyNl(o);
    point.awaiting_ratification = o.awaiting_ratification();
  }
  auto votes = open_votes_.find(key);
  if (votes != open_votes_.end()) {
    for (const v1::VoteCast& vote : votes->second.counted()) {
      auto point =
          std::find_if(item->points.begin(), item->points.end(),
                       [&](const BesluitPoint& p) { return p.number == vote.decision_point(); });
      if (point == item->points.end()) continue;
      // Only the votes the tally counted are listed beside it.
      const v1::PointOutcome& outcome =
          decision.outcomes(static_cast<int>(point - item->points.begin()));
      if (!OutcomeCounted(outcome, vote.member_id())) continue;
      const std::string name = names_.Voter(decision.meeting_id(), body_id, vote.voter_id());
      switch (vote.choice()) {
        case v1::FOR:
          point->voted_for.push_back(name);
          break;
        case v1::AGAINST:
          point->voted_against.push_back(name);
          break;
        case v1::ABSTAIN:
          point->abstained.push_back(name);
          break;
        default:
          break;
      }
    }
    open_votes_.erase(votes);  // A decided item takes no more votes.
  }
}

Besluitenlijst BesluitenlijstBuilder::Build() const { return BuildFrom(meetings_); }

Besluitenlijst BesluitenlijstBuilder::TakeBesluitenlijst() {
  Besluitenlijst list = BuildFrom(std::move(meetings_));
  meetings_.clear();
  meeting_index_.clear();
  attendance_.clear();
  item_index_.clear();
  proposals_.clear();
  zienswijzen_.clear();
  open_votes_.clear();
  published_.clear();
  published_index_.clear();
  college_decisions_.clear();
  return list;
}

Besluitenlijst BesluitenlijstBuilder::BuildFrom(std::vector<BesluitMeeting> meetings) const {
  Besluitenlijst list;
  std::vector<size_t> order(meetings.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return meetings[a].date < meetings[b].date; });
  for (size_t at : order) {
    BesluitMeeting m = std::move(meetings[at]);
    auto attendance = attendance_.find(m.meeting_id);
    if (attendance != attendance_.end()) {
      for (const auto& [member, name] : attendance->second.substitutes) {
        m.substituted.push_back(
            absl::StrCat(names_.Member(m.body_id, member), " vervangen door ", name));
      }
      for (const auto& [member, present] : attendance->second.seats) {
        const bool substituted = std::any_of(attendance->second.substitutes.begin(),
                                             attendance->second.substitutes.end(),
                                             [&](const auto& s) { return s.first == member; });
        if (present) {
          m.present.push_back(names_.Member(m.body_id, member));
        } else if (!substituted) {
          m.absent.push_back(names_.Member(m.body_id, member));
        }
      }
    }
    for (BesluitItem& item : m.items) {
      auto proposal = proposals_.find(item.proposal_id);
      if (item.points.empty() && proposal != proposals_.end()) {
        for (const auto& [number, text] : proposal->second.points) {
          BesluitPoint& point = item.points.emplace_back();
          point.number = number;
          point.text = text;
          point.outcome = kNoDecisionYetNl;
        }
      }
      if (proposal == proposals_.end()) continue;
      const bool asked = std::any_of(item.points.begin(), item.points.end(),
                                     [](const BesluitPoint& p) { return p.awaiting_ratification; });
      if (asked) {
        for (const std::string& municipality : proposal->second.municipalities) {
          auto decided = proposal->second.college.find(municipality);
          const bool pending = decided == proposal->second.college.end();
          item.college_decisions.push_back(pending ? CollegePendingNl(municipality)
                                                   : decided->second.first);
          item.college_events.push_back(pending ? 0 : decided->second.second);
        }
      }
    }
    list.meetings.push_back(std::move(m));
  }
  // Zienswijzen are shown once, with the proposal's last item: where it was
  // (or will be) decided last.
  std::map<std::string, BesluitItem*> last_item;
  for (BesluitMeeting& m : list.meetings) {
    for (BesluitItem& item : m.items) last_item[item.proposal_id] = &item;
  }
  for (const auto& [proposal_id, item] : last_item) {
    auto proposal = proposals_.find(proposal_id);
    if (proposal == proposals_.end()) continue;
    for (const std::string& request_id : proposal->second.requests) {
      const Zienswijze& z = zienswijzen_.at(request_id);
      item->zienswijzen.push_back(ZienswijzeRequestNl(z.request));
      for (const std::string& council : z.request.councils()) {
        auto submitted = z.submitted.find(council);
        item->zienswijzen.push_back(submitted == z.submitted.end() ? ZienswijzeMissingNl(council)
                                                                   : submitted->second);
      }
    }
  }
  list.proposals = published_;
  list.college_decisions = college_decisions_;
  // The index: bodies by name, years ascending, meetings in the list's order.
  std::map<std::string, std::map<int, std::vector<size_t>>> index;
  for (size_t i = 0; i < list.meetings.size(); ++i) {
    absl::StatusOr<absl::CivilDay> day = ledger::core::ParseDate("date", list.meetings[i].date);
    index[list.meetings[i].body_name][day.ok() ? static_cast<int>(day->year()) : 0].push_back(i);
  }
  for (auto& [body, years] : index) {
    BesluitIndexBody& entry = list.index.emplace_back();
    entry.body_name = body;
    for (auto& [year, meetings] : years) entry.years.push_back({year, std::move(meetings)});
  }
  return list;
}

}  // namespace besluitlog::projections::acts
