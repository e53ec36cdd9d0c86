#include "tools/popolo_export.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "projections/acts/counted_votes.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {
namespace {

std::string Option(v1::VoteChoice choice) {
  switch (choice) {
    case v1::FOR:
      return "yes";
    case v1::AGAINST:
      return "no";
    default:
      return "abstain";
  }
}

std::string Result(v1::Outcome outcome) {
  switch (outcome) {
    case v1::ADOPTED:
      return "pass";
    case v1::REJECTED:
      return "fail";
    default:
      return "no agreement";
  }
}

std::string Requirement(v1::DecisionRule rule) {
  switch (rule) {
    case v1::CONSENSUS:
      return "consensus";
    case v1::MAJORITY:
      return "majority";
    case v1::MAJORITY_PLUS_ONE:
      return "majority + 1";
    default:
      return "";
  }
}

std::string Field(const char* name, const std::string& value) {
  return absl::StrCat("\"", name, "\":", JsonQuote(value));
}

}  // namespace

void PopoloExport::Observe(const v1::Event& event) {
  // On the reused arena (scratch_act.h): what is kept is copied out of it.
  const v1::GovernanceEvent* g = scratch_.Decode(event);
  if (g == nullptr) return;
  const projections::acts::ActMeaning meaning = acts_.Describe(event, *g);
  switch (g->event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
    case v1::GovernanceEvent::kBodyChanged: {
      const auto& e =
          g->has_body_established() ? g->body_established().config() : g->body_changed().config();
      const std::string& id =
          g->has_body_established() ? g->body_established().body_id() : g->body_changed().body_id();
      organizations_[id] = {e.name(), v1::BodyKind_Name(e.kind())};
      break;
    }
    case v1::GovernanceEvent::kMemberAppointed: {
      const auto& e = g->member_appointed();
      persons_[e.member_id()] = e.name();
      memberships_.push_back(
          {absl::StrCat(e.body_id(), "/", e.member_id(), "/", event.global_position()),
           e.member_id(), e.body_id(), v1::Role_Name(e.role()), ledger::core::RecordedDay(event),
           ""});
      break;
    }
    case v1::GovernanceEvent::kMemberResigned: {
      const auto& e = g->member_resigned();
      for (auto& m : memberships_) {
        if (m.person_id == e.member_id() && m.organization_id == e.body_id() &&
            m.end_date.empty()) {
          m.end_date = ledger::core::RecordedDay(event);
        }
      }
      break;
    }
    case v1::GovernanceEvent::kMeetingScheduled:
      meeting_dates_[g->meeting_scheduled().meeting_id()] = g->meeting_scheduled().date();
      break;
    case v1::GovernanceEvent::kProposalSubmitted:
    case v1::GovernanceEvent::kProposalAmended: {
      const bool submitted = g->has_proposal_submitted();
      const std::string& id =
          submitted ? g->proposal_submitted().proposal_id() : g->proposal_amended().proposal_id();
      const auto& points = submitted ? g->proposal_submitted().decision_points()
                                     : g->proposal_amended().decision_points();
      for (const auto& point : points) {
        Motion& motion = motions_[absl::StrCat(id, "#", point.number())];
        motion.id = absl::StrCat(id, "#", point.number());
        motion.text = point.text();
        if (submitted) {
          motion.organization_id = meaning.body;
          motion.creator_id = g->proposal_submitted().submitted_by();
          motion.date = ledger::core::RecordedDay(event);
        }
      }
      break;
    }
    case v1::GovernanceEvent::kVoteCast: {
      const auto& e = g->vote_cast();
      open_votes_[{e.meeting_id(), e.item_id()}].push_back(e);
      break;
    }
    case v1::GovernanceEvent::kDecisionTaken: {
      const auto& e = g->decision_taken();
      auto votes = open_votes_.extract({e.meeting_id(), e.item_id()});
      for (const auto& outcome : e.outcomes()) {
        const std::string motion_id = absl::StrCat(e.proposal_id(), "#", outcome.decision_point());
        Motion& motion = motions_[motion_id];
        motion.id = motion_id;
        motion.requirement = Requirement(e.rule());
        motion.result = Result(outcome.outcome());
        const std::string vote_event_id =
            absl::StrCat(e.meeting_id(), "/", e.item_id(), "/", outcome.decision_point());
        projections::acts::CountedVotes<v1::VoteCast> counted;
        if (!votes.empty()) {
          for (const v1::VoteCast& vote : votes.mapped()) {
            if (vote.decision_point() == outcome.decision_point()) counted.Cast(vote);
          }
        }
        std::map<std::string, const v1::VoteCast*> last;  // Members in id order.
        for (const v1::VoteCast& vote : counted.counted()) {
          if (projections::acts::OutcomeCounted(outcome, vote.member_id())) {
            last[vote.member_id()] = &vote;
          }
        }
        std::vector<std::string> vote_json;
        for (const auto& [member, vote] : last) {
          vote_json.push_back(
              absl::StrCat("{", Field("vote_event_id", vote_event_id), ",",
                           Field("voter_id", member), ",", Field("option", Option(vote->choice())),
                           ",", Field("role", vote->voter_id() == member ? "member" : "substitute"),
                           ",\"weight\":1}"));
        }
        *spool_ << (spooled_any_ ? ",\n" : "") << "{" << Field("id", vote_event_id) << ","
                << Field("motion_id", motion_id) << "," << Field("organization_id", meaning.body)
                << "," << Field("start_date", e.date()) << "," << Field("result", motion.result)
                << ",\"counts\":[{\"option\":\"yes\",\"value\":" << outcome.votes_for()
                << "},{\"option\":\"no\",\"value\":" << outcome.votes_against()
                << "},{\"option\":\"abstain\",\"value\":" << outcome.abstentions()
                << "}],\"votes\":[" << absl::StrJoin(vote_json, ",") << "]}";
        spooled_any_ = true;
      }
      break;
    }
    default:
      break;
  }
}

void PopoloExport::Write(std::ostream& out) {
  out << "{\"organizations\":[";
  bool first = true;
  for (const auto& [id, org] : organizations_) {
    out << (first ? "" : ",") << "\n{" << Field("id", id) << "," << Field("name", org.first) << ","
        << Field("classification", org.second) << "}";
    first = false;
  }
  out << "],\n\"persons\":[";
  first = true;
  for (const auto& [id, name] : persons_) {
    out << (first ? "" : ",") << "\n{" << Field("id", id) << "," << Field("name", name) << "}";
    first = false;
  }
  out << "],\n\"memberships\":[";
  first = true;
  for (const Membership& m : memberships_) {
    out << (first ? "" : ",") << "\n{" << Field("id", m.id) << ","
        << Field("person_id", m.person_id) << "," << Field("organization_id", m.organization_id)
        << "," << Field("role", m.role) << "," << Field("start_date", m.start_date);
    if (!m.end_date.empty()) out << "," << Field("end_date", m.end_date);
    out << "}";
    first = false;
  }
  out << "],\n\"motions\":[";
  first = true;
  for (const auto& [id, m] : motions_) {
    out << (first ? "" : ",") << "\n{" << Field("id", m.id) << ","
        << Field("organization_id", m.organization_id) << "," << Field("creator_id", m.creator_id)
        << "," << Field("text", m.text) << "," << Field("classification", "decision point") << ","
        << Field("date", m.date);
    if (!m.requirement.empty()) out << "," << Field("requirement", m.requirement);
    if (!m.result.empty()) out << "," << Field("result", m.result);
    out << "}";
    first = false;
  }
  out << "],\n\"vote_events\":[\n";
  spool_->flush();
  spool_->seekg(0);
  // Copying an empty buffer would mark `out` as failed.
  if (spooled_any_) out << spool_->rdbuf();
  out << "]";
  if (checkpoint_.has_value()) {
    out << ",\n\"checkpoint\":{\"tree_size\":" << checkpoint_->tree_size() << ","
        << Field("root_hash", absl::BytesToHexString(checkpoint_->root_hash())) << ","
        << Field("note", checkpoint_->note()) << "}";
  }
  out << "}\n";
}

}  // namespace besluitlog::tools
