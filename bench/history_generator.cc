#include "bench/history_generator.h"

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::bench {
namespace {

constexpr int kMunicipalities = 14;
constexpr int kCombinaties = 6;
constexpr size_t kAppendsPerWrite = 2000;

// Collects events per stream and writes them in large groups.
class Writer {
 public:
  explicit Writer(ledger::EventLog* log) : log_(log) {}

  void Add(const std::string& stream, const v1::GovernanceEvent& event,
           const std::string& actor = "secretariaat") {
    v1::StreamAppend& append = pending_.emplace_back();
    append.set_stream_id(stream);
    *append.add_events() = ledger::core::EncodeGovernanceEvent(event, actor);
  }

  absl::Status Flush() {
    std::vector<const v1::StreamAppend*> appends;
    for (const v1::StreamAppend& a : pending_) appends.push_back(&a);
    for (const auto& result : log_->AppendEach(appends)) {
      RETURN_IF_ERROR(result.status());
      ++events_;
    }
    pending_.clear();
    return absl::OkStatus();
  }

  absl::Status MaybeFlush() {
    return pending_.size() >= kAppendsPerWrite ? Flush() : absl::OkStatus();
  }

  uint64_t events() const { return events_ + pending_.size(); }

 private:
  ledger::EventLog* const log_;
  std::vector<v1::StreamAppend> pending_;
  uint64_t events_ = 0;
};

struct Seat {
  std::string id;
  v1::Side side;
};

class Generator {
 public:
  Generator(ledger::EventLog* log, const HistoryOptions& options)
      : w_(log), options_(options), random_(options.seed) {}

  absl::StatusOr<HistoryStats> Run() {
    Structure();
    for (int year = options_.first_year; w_.events() < options_.target_events; ++year) {
      RETURN_IF_ERROR(Year(year));
      ++stats_.years;
    }
    RETURN_IF_ERROR(w_.Flush());
    stats_.events = w_.events();
    return stats_;
  }

 private:
  void Body(const std::string& id, v1::BodyKind kind, v1::DecisionRule rule,
            const std::string& escalation = "", const std::string& via = "") {
    v1::GovernanceEvent e;
    auto* b = e.mutable_body_established();
    b->set_body_id(id);
    b->mutable_config()->set_name(id);
    b->mutable_config()->set_kind(kind);
    b->mutable_config()->set_decision_rule(rule);
    b->mutable_config()->set_escalation_target(escalation);
    b->mutable_config()->set_agenda_via(via);
    w_.Add(ledger::core::BodyStream(id), e);
  }

  void Member(const std::string& body, const Seat& seat, v1::Role role = v1::LID) {
    v1::GovernanceEvent e;
    auto* m = e.mutable_member_appointed();
    m->set_body_id(body);
    m->set_member_id(seat.id);
    m->set_name("Name of " + seat.id);
    m->set_role(role);
    m->set_side(seat.side);
    m->set_legally_authorised(true);
    w_.Add(ledger::core::BodyStream(body), e);
    seats_[body].push_back(seat);
  }

  void Structure() {
    Body("sbo", v1::SBO, v1::CONSENSUS, "", "oro");
    Body("oro", v1::ORO, v1::MAJORITY, "sbo");
    Body("stuurgroep", v1::STUURGROEP_GEMEENTEN, v1::MAJORITY_PLUS_ONE);
    for (int m = 1; m <= kMunicipalities; ++m) {
      municipalities_.push_back(absl::StrCat("gemeente-", m));
    }
    for (int i = 1; i <= 6; ++i) {
      Member("sbo", {absl::StrCat("wethouder-", i), v1::GEMEENTEN});
      Member("sbo", {absl::StrCat("bestuurder-", i), v1::COMBINATIES});
    }
    for (int r = 1; r <= 3; ++r) Member("oro", {absl::StrCat("regio-", r), v1::GEMEENTEN});
    for (int c = 1; c <= kCombinaties; ++c) {
      for (int s = 1; s <= 2; ++s) {
        Member("oro", {absl::StrCat("staf-", c, "-", s), v1::COMBINATIES});
      }
      const std::string cg = absl::StrCat("cg-", c);
      Body(cg, v1::CONTRACTGESPREK, v1::CONSENSUS, "oro");
      Member(cg, {absl::StrCat("beleid-", c), v1::GEMEENTEN});
      Member(cg, {absl::StrCat("penvoerder-", c), v1::COMBINATIES});
    }
    for (const std::string& m : municipalities_) {
      Member("stuurgroep", {"wethouder-" + m, v1::GEMEENTEN});
    }
  }

  std::string Date(int year, int month, int day) {
    return ledger::core::FormatDate(absl::CivilDay(year, month, day));
  }

  // One meeting of `body` on `date` with `items` fresh proposals; returns
  // the ids of items that ended without agreement.
  std::vector<std::pair<std::string, std::string>> Meeting(const std::string& body,
                                                           const std::string& date, int items,
                                                           bool changes_agreement,
                                                           const std::string& escalate_to = "") {
    const std::string meeting = absl::StrCat(body, "-", date);
    ++stats_.meetings;
    v1::GovernanceEvent e;
    auto* s = e.mutable_meeting_scheduled();
    s->set_meeting_id(meeting);
    s->set_body_id(body);
    s->set_date(date);
    const std::string stream = ledger::core::MeetingStream(meeting);
    w_.Add(stream, e);
    e.Clear();
    e.mutable_meeting_opened()->set_meeting_id(meeting);
    w_.Add(stream, e);
    for (const Seat& seat : seats_[body]) {
      e.Clear();
      auto* a = e.mutable_attendance_recorded();
      a->set_meeting_id(meeting);
      a->set_member_id(seat.id);
      a->set_present(true);
      w_.Add(stream, e);
    }
    std::vector<std::pair<std::string, std::string>> no_agreement;
    for (int i = 1; i <= items; ++i) {
      const std::string item = absl::StrCat(i);
      const std::string proposal = absl::StrCat("p-", ++proposal_counter_);
      ++stats_.proposals;
      const int points = 1 + static_cast<int>(random_() % 3);
      e.Clear();
      auto* p = e.mutable_proposal_submitted();
      p->set_proposal_id(proposal);
      p->set_body_id(body);
      p->set_title(absl::StrCat("Voorstel ", proposal_counter_));
      p->set_text("Tekst van het voorstel");
      p->set_submitted_by(seats_[body].front().id);
      for (int n = 1; n <= points; ++n) {
        auto* dp = p->add_decision_points();
        dp->set_number(n);
        dp->set_text(absl::StrCat("Beslispunt ", n));
        dp->set_changes_agreement(changes_agreement);
      }
      w_.Add(ledger::core::ProposalStream(proposal), e);
      e.Clear();
      auto* a = e.mutable_agenda_item_added();
      a->set_meeting_id(meeting);
      a->set_item_id(item);
      a->set_proposal_id(proposal);
      a->set_submitted_by(seats_[body].front().id);
      w_.Add(stream, e);
      const bool contested = random_() % 10 == 0;
      e.Clear();
      auto* d = e.mutable_decision_taken();
      d->set_meeting_id(meeting);
      d->set_item_id(item);
      d->set_proposal_id(proposal);
      d->set_body_id(body);
      d->set_date(date);
      for (int n = 1; n <= points; ++n) {
        uint32_t votes_for = 0;
        uint32_t against = 0;
        for (const Seat& seat : seats_[body]) {
          const bool is_for = !contested || seat.side == v1::GEMEENTEN;
          // Earlier votes may differ; the last one is the member's vote.
          const int votes = 1 + static_cast<int>(random_() % 3);
          for (int k = votes; k >= 1; --k) {
            v1::GovernanceEvent vote;
            auto* v = vote.mutable_vote_cast();
            v->set_meeting_id(meeting);
            v->set_item_id(item);
            v->set_proposal_id(proposal);
            v->set_decision_point(n);
            v->set_member_id(seat.id);
            v->set_voter_id(seat.id);
            const bool last_for = k == 1 ? is_for : random_() % 2 == 0;
            v->set_choice(last_for ? v1::FOR : v1::AGAINST);
            w_.Add(stream, vote, seat.id);
          }
          (is_for ? votes_for : against)++;
        }
        auto* o = d->add_outcomes();
        o->set_decision_point(n);
        o->set_outcome(contested ? v1::NO_AGREEMENT : v1::ADOPTED);
        o->set_votes_for(votes_for);
        o->set_votes_against(against);
        o->set_voting_members(seats_[body].size());
        o->set_voting_members_present(seats_[body].size());
        o->set_awaiting_ratification(!contested && changes_agreement);
      }
      w_.Add(ledger::core::ProposalStream(proposal), e);
      if (contested && !escalate_to.empty()) no_agreement.emplace_back(meeting, item);
      if (!contested && changes_agreement) adopted_for_ratification_.push_back(proposal);
      last_proposal_of_[{meeting, item}] = proposal;
    }
    e.Clear();
    e.mutable_meeting_closed()->set_meeting_id(meeting);
    w_.Add(stream, e);
    return no_agreement;
  }

  void Escalate(const std::vector<std::pair<std::string, std::string>>& items,
                const std::string& from_body, const std::string& to_body,
                const std::string& to_meeting) {
    int n = 100;
    for (const auto& [meeting, item] : items) {
      const std::string proposal = last_proposal_of_[{meeting, item}];
      const std::string escalation = absl::StrCat("esc-", ++escalation_counter_);
      v1::GovernanceEvent e;
      auto* r = e.mutable_escalation_raised();
      r->set_escalation_id(escalation);
      r->set_proposal_id(proposal);
      r->set_from_body_id(from_body);
      r->set_from_meeting_id(meeting);
      r->set_from_item_id(item);
      r->set_to_body_id(to_body);
      r->set_to_meeting_id(to_meeting);
      r->set_to_item_id(absl::StrCat(++n));
      r->add_decision_points(1);
      w_.Add(ledger::core::ProposalStream(proposal), e);
      e.Clear();
      auto* a = e.mutable_agenda_item_added();
      a->set_meeting_id(to_meeting);
      a->set_item_id(absl::StrCat(n));
      a->set_proposal_id(proposal);
      a->set_submitted_by(from_body);
      a->set_escalation_id(escalation);
      a->set_origin_meeting_id(meeting);
      a->set_origin_item_id(item);
      w_.Add(ledger::core::MeetingStream(to_meeting), e);
    }
  }

  void Ratify(int year) {
    for (const std::string& proposal : adopted_for_ratification_) {
      v1::GovernanceEvent e;
      auto* r = e.mutable_ratification_requested();
      r->set_proposal_id(proposal);
      for (const std::string& m : municipalities_) r->add_municipalities(m);
      w_.Add(ledger::core::ProposalStream(proposal), e);
      for (const std::string& m : municipalities_) {
        // Around the year end: mid December to mid January.
        const absl::CivilDay day = absl::CivilDay(year, 12, 15) + static_cast<int>(random_() % 30);
        const bool ratified = random_() % 14 != 0;
        e.Clear();
        auto* c = e.mutable_college_decision_recorded();
        c->set_proposal_id(proposal);
        c->set_municipality(m);
        c->set_decision(ratified ? v1::RATIFIED : v1::REJECTED_BY_COLLEGE);
        c->set_decision_date(ledger::core::FormatDate(day));
        if (ratified) {
          c->set_effective_date(ledger::core::FormatDate(ledger::core::EffectiveDate(day)));
        }
        w_.Add(ledger::core::ProposalStream(proposal), e);
      }
    }
    adopted_for_ratification_.clear();
  }

  void WorkingGroupAndZienswijze(int year) {
    const std::string wg = absl::StrCat("werkgroep-", year);
    v1::GovernanceEvent e;
    auto* b = e.mutable_body_established();
    b->set_body_id(wg);
    b->mutable_config()->set_name(wg);
    b->mutable_config()->set_kind(v1::WERKGROEP);
    b->mutable_config()->set_parent_body("oro");
    w_.Add(ledger::core::BodyStream(wg), e);
    e.Clear();
    auto* g = e.mutable_working_group_established();
    g->set_body_id(wg);
    g->set_parent_body_id("oro");
    g->set_name(wg);
    g->set_assignment("Werk uit");
    g->set_report_due(Date(year, 9, 1));
    w_.Add(ledger::core::BodyStream(wg), e);
    e.Clear();
    auto* r = e.mutable_working_group_reported();
    r->set_body_id(wg);
    r->set_report("Rapport");
    r->set_reported_on(Date(year, 8, 20));
    w_.Add(ledger::core::BodyStream(wg), e);

    const std::string proposal = absl::StrCat("p-", proposal_counter_);
    e.Clear();
    auto* z = e.mutable_zienswijze_requested();
    z->set_request_id(absl::StrCat("zw-", year));
    z->set_proposal_id(proposal);
    for (const std::string& m : municipalities_) z->add_councils(m);
    z->add_decision_points(1);
    z->set_deadline(Date(year, 11, 30));
    w_.Add(ledger::core::ProposalStream(proposal), e);
    for (const std::string& m : municipalities_) {
      e.Clear();
      auto* s = e.mutable_zienswijze_submitted();
      s->set_request_id(absl::StrCat("zw-", year));
      s->set_council(m);
      const absl::CivilDay day = absl::CivilDay(year, 11, 20) + static_cast<int>(random_() % 15);
      s->set_submitted_on(ledger::core::FormatDate(day));
      s->set_late(day > absl::CivilDay(year, 11, 30));
      w_.Add(ledger::core::ProposalStream(proposal), e);
    }
  }

  absl::Status Year(int year) {
    for (int month = 1; month <= 12; ++month) {
      if (month % 3 == 1) {
        for (int c = 1; c <= kCombinaties; ++c) {
          Meeting(absl::StrCat("cg-", c), Date(year, month, 5), 2, false);
        }
      }
      std::string sbo_meeting;
      if (month % 3 == 0) {
        sbo_meeting = absl::StrCat("sbo-", Date(year, month, 25));
      }
      auto contested =
          Meeting("oro", Date(year, month, 12), options_.items_per_oro_meeting, false, "sbo");
      if (!sbo_meeting.empty()) {
        Meeting("stuurgroep", Date(year, month, 18), 3, false);
        Meeting("sbo", Date(year, month, 25), 4, true);
        Escalate(contested, "oro", "sbo", sbo_meeting);
      }
      RETURN_IF_ERROR(w_.MaybeFlush());
    }
    Ratify(year);
    WorkingGroupAndZienswijze(year);
    return w_.MaybeFlush();
  }

  Writer w_;
  const HistoryOptions options_;
  std::mt19937 random_;
  HistoryStats stats_;
  std::vector<std::string> municipalities_;
  std::map<std::string, std::vector<Seat>> seats_;
  std::map<std::pair<std::string, std::string>, std::string> last_proposal_of_;
  std::vector<std::string> adopted_for_ratification_;
  int proposal_counter_ = 0;
  int escalation_counter_ = 0;
};

}  // namespace

absl::StatusOr<HistoryStats> GenerateHistory(ledger::EventLog* log, const HistoryOptions& options) {
  return Generator(log, options).Run();
}

}  // namespace besluitlog::bench
