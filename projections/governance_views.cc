#include "projections/governance_views.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "besluitlog/v1/governance.pb.h"
#include "besluitlog/v1/query.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_body.h"
#include "projections/acts/act_refs.h"
#include "projections/acts/counted_votes.h"
#include "projections/time_index.h"

namespace besluitlog::projections {
namespace {

// Loads entity state T (default when absent), lets `change` edit it, stores
// it as of the event's position.
template <typename T, typename Change>
absl::Status Update(ProjectionWriter& writer, absl::string_view entity, uint64_t position,
                    Change change) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored, writer.Get(entity));
  T state;
  if (stored.has_value() && !state.ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("damaged view of ", entity));
  }
  change(state);
  writer.Put(entity, position, state.SerializeAsString());
  return absl::OkStatus();
}

// Only governance events matter to these views; others are passed over.
// The runner hands one event to every projection in turn, so the last
// decoded event is kept (per thread) instead of being decoded seven times.
const v1::GovernanceEvent* Governance(const v1::Event& event) {
  thread_local uint64_t decoded_position = 0;
  thread_local const void* decoded_from = nullptr;
  thread_local bool decoded_ok = false;
  thread_local v1::GovernanceEvent decoded;
  if (decoded_position != event.global_position() || decoded_from != &event) {
    decoded_position = event.global_position();
    decoded_from = &event;
    decoded_ok = false;
    if (event.content_type() == ledger::core::kGovernanceContentType) {
      absl::StatusOr<v1::GovernanceEvent> result = ledger::core::DecodeGovernanceEvent(event);
      decoded_ok = result.ok();
      if (decoded_ok) decoded = *std::move(result);
    }
  }
  return decoded_ok ? &decoded : nullptr;
}

void RefreshStatus(v1::ProposalView& view) {
  if (view.status() == v1::WITHDRAWN) return;
  bool decided = false;
  bool awaiting = false;
  for (const v1::PointView& point : view.points()) {
    decided = decided || point.outcome() != v1::OUTCOME_UNSPECIFIED;
    awaiting = awaiting || point.tally().awaiting_ratification();
  }
  bool all_decided = !view.ratifications().empty();
  for (const v1::RatificationView& r : view.ratifications()) {
    all_decided = all_decided && r.decision() != v1::COLLEGE_DECISION_UNSPECIFIED;
  }
  if (awaiting) {
    view.set_status(all_decided ? v1::RATIFICATION_COMPLETE : v1::AWAITING_RATIFICATION);
  } else {
    view.set_status(decided ? v1::DECIDED : v1::SUBMITTED);
  }
}

void SetPoints(v1::ProposalView& view,
               const google::protobuf::RepeatedPtrField<v1::DecisionPoint>& points) {
  view.clear_points();
  for (const v1::DecisionPoint& point : points) {
    *view.add_points()->mutable_point() = point;
  }
}

class ProposalsProjection final : public Projection {
 public:
  std::string name() const override { return kProposals; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    auto update = [&](const std::string& proposal_id, auto change) {
      return Update<v1::ProposalView>(writer, proposal_id, position, [&](v1::ProposalView& view) {
        change(view);
        RefreshStatus(view);
        view.set_as_of_position(position);
      });
    };
    switch (g->event_case()) {
      case v1::GovernanceEvent::kProposalSubmitted: {
        const auto& e = g->proposal_submitted();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          view.set_proposal_id(e.proposal_id());
          view.set_body_id(e.body_id());
          view.set_title(e.title());
          SetPoints(view, e.decision_points());
        });
      }
      case v1::GovernanceEvent::kProposalAmended: {
        const auto& e = g->proposal_amended();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          view.set_title(e.title());
          SetPoints(view, e.decision_points());
        });
      }
      case v1::GovernanceEvent::kProposalWithdrawn:
        return update(g->proposal_withdrawn().proposal_id(),
                      [](v1::ProposalView& view) { view.set_status(v1::WITHDRAWN); });
      // Votes and objections are many and small: each is kept as its own
      // version of a side entity rather than copied into the view.
      case v1::GovernanceEvent::kVoteCast: {
        const auto& e = g->vote_cast();
        v1::MemberVote vote;
        vote.set_meeting_id(e.meeting_id());
        vote.set_item_id(e.item_id());
        vote.set_decision_point(e.decision_point());
        vote.set_member_id(e.member_id());
        vote.set_voter_id(e.voter_id());
        vote.set_choice(e.choice());
        writer.Put(VotesEntity(e.proposal_id()), position, vote.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kObjectionRecorded: {
        const auto& e = g->objection_recorded();
        writer.Put(ObjectionsEntity(e.proposal_id()), position, e.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kDecisionTaken: {
        const auto& e = g->decision_taken();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (const v1::PointOutcome& outcome : e.outcomes()) {
            for (v1::PointView& point : *view.mutable_points()) {
              if (point.point().number() != outcome.decision_point()) continue;
              point.set_outcome(outcome.outcome());
              point.set_decided_in_meeting(e.meeting_id());
              *point.mutable_tally() = outcome;
            }
          }
        });
      }
      case v1::GovernanceEvent::kEscalationRaised: {
        const auto& e = g->escalation_raised();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          v1::EscalationHop* hop = view.add_escalations();
          hop->set_escalation_id(e.escalation_id());
          hop->set_from_body_id(e.from_body_id());
          hop->set_from_meeting_id(e.from_meeting_id());
          hop->set_from_item_id(e.from_item_id());
          hop->set_to_body_id(e.to_body_id());
          hop->set_to_meeting_id(e.to_meeting_id());
          hop->set_to_item_id(e.to_item_id());
        });
      }
      case v1::GovernanceEvent::kEscalationResolved: {
        const auto& e = g->escalation_resolved();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (v1::EscalationHop& hop : *view.mutable_escalations()) {
            if (hop.escalation_id() != e.escalation_id()) continue;
            hop.set_resolved(true);
            hop.set_resolution(e.resolution());
          }
        });
      }
      case v1::GovernanceEvent::kRatificationRequested: {
        const auto& e = g->ratification_requested();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (const std::string& municipality : e.municipalities()) {
            v1::RatificationView* r = view.add_ratifications();
            r->set_municipality(municipality);
            r->set_requested(true);
          }
        });
      }
      case v1::GovernanceEvent::kCollegeDecisionRecorded: {
        const auto& e = g->college_decision_recorded();
        return update(e.proposal_id(), [&](v1::ProposalView& view) {
          for (v1::RatificationView& r : *view.mutable_ratifications()) {
            if (r.municipality() != e.municipality()) continue;
            r.set_decision(e.decision());
            r.set_decision_date(e.decision_date());
            r.set_effective_date(e.effective_date());
          }
        });
      }
      default:
        return absl::OkStatus();
    }
  }
};

class MeetingsProjection final : public Projection {
 public:
  std::string name() const override { return kMeetings; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    auto update = [&](const std::string& meeting_id, auto change) {
      return Update<v1::MeetingView>(writer, meeting_id, position, [&](v1::MeetingView& view) {
        change(view);
        view.set_as_of_position(position);
      });
    };
    switch (g->event_case()) {
      case v1::GovernanceEvent::kMeetingScheduled: {
        const auto& e = g->meeting_scheduled();
        return update(e.meeting_id(), [&](v1::MeetingView& view) {
          view.set_meeting_id(e.meeting_id());
          view.set_body_id(e.body_id());
          view.set_date(e.date());
          view.set_status("scheduled");
        });
      }
      case v1::GovernanceEvent::kMeetingOpened:
        return update(g->meeting_opened().meeting_id(),
                      [](v1::MeetingView& view) { view.set_status("open"); });
      case v1::GovernanceEvent::kMeetingClosed:
        return update(g->meeting_closed().meeting_id(),
                      [](v1::MeetingView& view) { view.set_status("closed"); });
      // Agenda entries and decisions are kept as versions of side
      // entities, so a long meeting is not copied for each of them.
      case v1::GovernanceEvent::kAgendaItemAdded: {
        const auto& e = g->agenda_item_added();
        v1::AgendaEntry entry;
        entry.set_item_id(e.item_id());
        entry.set_proposal_id(e.proposal_id());
        entry.set_submitted_by(e.submitted_by());
        entry.set_escalation_id(e.escalation_id());
        entry.set_origin_meeting_id(e.origin_meeting_id());
        entry.set_origin_item_id(e.origin_item_id());
        writer.Put(AgendaEntity(e.meeting_id()), position, entry.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kDecisionTaken: {
        const auto& e = g->decision_taken();
        writer.Put(DecisionsEntity(e.meeting_id()), position, e.SerializeAsString());
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kMinutesAdopted:
        return update(g->minutes_adopted().minutes_of_meeting_id(),
                      [](v1::MeetingView& view) { view.set_minutes_adopted(true); });
      default:
        return absl::OkStatus();
    }
  }
};

class AgreementsProjection final : public Projection {
 public:
  std::string name() const override { return kAgreements; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    if (g->has_proposal_submitted() || g->has_proposal_amended()) {
      // Titles, so that an agreement reads as more than an id.
      const std::string& id = g->has_proposal_submitted() ? g->proposal_submitted().proposal_id()
                                                          : g->proposal_amended().proposal_id();
      const std::string& title = g->has_proposal_submitted() ? g->proposal_submitted().title()
                                                             : g->proposal_amended().title();
      writer.Put(TitleEntity(id), position, title);
      return absl::OkStatus();
    }
    if (!g->has_college_decision_recorded() ||
        g->college_decision_recorded().decision() != v1::RATIFIED) {
      return absl::OkStatus();
    }
    const auto& e = g->college_decision_recorded();
    ASSIGN_OR_RETURN(std::optional<std::string> title, writer.Get(TitleEntity(e.proposal_id())));
    return Update<v1::AgreementsView>(writer, AgreementsEntity(e.municipality()), position,
                                      [&](v1::AgreementsView& view) {
                                        view.set_municipality(e.municipality());
                                        v1::AgreementInForce* agreement = view.add_agreements();
                                        agreement->set_proposal_id(e.proposal_id());
                                        agreement->set_title(title.value_or(""));
                                        agreement->set_effective_date(e.effective_date());
                                        agreement->set_decision_date(e.decision_date());
                                        view.set_as_of_position(position);
                                      });
  }

 private:
  static std::string TitleEntity(absl::string_view proposal_id) {
    return absl::StrCat("t/", proposal_id);
  }
};

// Small facts some views need about other entities, kept in their own
// column family under these entity names.
std::string MeetingFact(absl::string_view meeting_id) {
  return absl::StrCat("fact/meeting/", meeting_id);
}
std::string ProposalFact(absl::string_view proposal_id) {
  return absl::StrCat("fact/proposal/", proposal_id);
}

class RostersProjection final : public Projection {
 public:
  std::string name() const override { return kRosters; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    auto update = [&](const std::string& body_id, auto change) {
      return Update<v1::RosterView>(writer, body_id, position, [&](v1::RosterView& view) {
        view.set_body_id(body_id);
        change(view);
        view.set_as_of_position(position);
      });
    };
    switch (g->event_case()) {
      case v1::GovernanceEvent::kBodyEstablished:
        return update(g->body_established().body_id(), [&](v1::RosterView& v) {
          v.set_name(g->body_established().config().name());
        });
      case v1::GovernanceEvent::kBodyChanged:
        return update(g->body_changed().body_id(),
                      [&](v1::RosterView& v) { v.set_name(g->body_changed().config().name()); });
      case v1::GovernanceEvent::kMemberAppointed: {
        const auto& e = g->member_appointed();
        return update(e.body_id(), [&](v1::RosterView& v) {
          v1::RosterMember* m = v.add_members();
          m->set_member_id(e.member_id());
          m->set_name(e.name());
          m->set_role(e.role());
          m->set_side(e.side());
          m->set_represents(e.represents());
          m->set_legally_authorised(e.legally_authorised());
          m->set_appointed_on(ledger::core::RecordedDay(event));
        });
      }
      case v1::GovernanceEvent::kMemberResigned: {
        const auto& e = g->member_resigned();
        return update(e.body_id(), [&](v1::RosterView& v) {
          for (v1::RosterMember& m : *v.mutable_members()) {
            if (m.member_id() == e.member_id() && m.resigned_on().empty()) {
              m.set_resigned_on(ledger::core::RecordedDay(event));
            }
          }
        });
      }
      case v1::GovernanceEvent::kMeetingScheduled: {
        const auto& e = g->meeting_scheduled();
        writer.Put(MeetingFact(e.meeting_id()), position,
                   absl::StrCat(e.body_id(), "\n", e.date()));
        return absl::OkStatus();
      }
      case v1::GovernanceEvent::kSubstituteNamed: {
        const auto& e = g->substitute_named();
        ASSIGN_OR_RETURN(std::optional<std::string> fact, writer.Get(MeetingFact(e.meeting_id())));
        if (!fact.has_value()) return absl::OkStatus();
        const size_t newline = fact->find('\n');
        const std::string body_id = fact->substr(0, newline);
        const std::string date = fact->substr(newline + 1);
        return update(body_id, [&](v1::RosterView& v) {
          v1::RosterSubstitute* sub = v.add_substitutes();
          sub->set_meeting_id(e.meeting_id());
          sub->set_date(date);
          sub->set_member_id(e.member_id());
          sub->set_substitute_id(e.substitute_id());
          sub->set_substitute_name(e.substitute_name());
        });
      }
      default:
        return absl::OkStatus();
    }
  }
};

class DeadlinesProjection final : public Projection {
 public:
  std::string name() const override { return kDeadlines; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    auto update = [&](auto change) {
      return Update<v1::DeadlinesView>(writer, kDeadlinesEntity, position,
                                       [&](v1::DeadlinesView& view) {
                                         change(*view.mutable_pending());
                                         view.set_as_of_position(position);
                                       });
    };
    using Pending = google::protobuf::RepeatedPtrField<v1::PendingWork>;
    auto remove = [](Pending& pending, auto matches) {
      pending.erase(std::remove_if(pending.begin(), pending.end(), matches), pending.end());
    };
    switch (g->event_case()) {
      case v1::GovernanceEvent::kZienswijzeRequested: {
        const auto& e = g->zienswijze_requested();
        return update([&](Pending& pending) {
          for (const std::string& council : e.councils()) {
            v1::PendingWork* work = pending.Add();
            work->set_kind(v1::PendingWork::ZIENSWIJZE);
            work->set_proposal_id(e.proposal_id());
            work->set_request_id(e.request_id());
            work->set_party(council);
            work->set_due(e.deadline());
            work->set_since(ledger::core::RecordedDay(event));
          }
        });
      }
      case v1::GovernanceEvent::kZienswijzeSubmitted: {
        const auto& e = g->zienswijze_submitted();
        return update([&](Pending& pending) {
          remove(pending, [&](const v1::PendingWork& w) {
            return w.kind() == v1::PendingWork::ZIENSWIJZE && w.request_id() == e.request_id() &&
                   w.party() == e.council();
          });
        });
      }
      case v1::GovernanceEvent::kRatificationRequested: {
        const auto& e = g->ratification_requested();
        return update([&](Pending& pending) {
          for (const std::string& municipality : e.municipalities()) {
            v1::PendingWork* work = pending.Add();
            work->set_kind(v1::PendingWork::RATIFICATION);
            work->set_proposal_id(e.proposal_id());
            work->set_party(municipality);
            work->set_since(ledger::core::RecordedDay(event));
          }
        });
      }
      case v1::GovernanceEvent::kCollegeDecisionRecorded: {
        const auto& e = g->college_decision_recorded();
        return update([&](Pending& pending) {
          remove(pending, [&](const v1::PendingWork& w) {
            return w.kind() == v1::PendingWork::RATIFICATION &&
                   w.proposal_id() == e.proposal_id() && w.party() == e.municipality();
          });
        });
      }
      case v1::GovernanceEvent::kWorkingGroupEstablished: {
        const auto& e = g->working_group_established();
        return update([&](Pending& pending) {
          v1::PendingWork* work = pending.Add();
          work->set_kind(v1::PendingWork::WORKING_GROUP_REPORT);
          work->set_body_id(e.body_id());
          work->set_party(e.parent_body_id());
          work->set_due(e.report_due());
          work->set_since(ledger::core::RecordedDay(event));
        });
      }
      case v1::GovernanceEvent::kWorkingGroupReported: {
        const auto& e = g->working_group_reported();
        return update([&](Pending& pending) {
          remove(pending, [&](const v1::PendingWork& w) {
            return w.kind() == v1::PendingWork::WORKING_GROUP_REPORT && w.body_id() == e.body_id();
          });
        });
      }
      default:
        return absl::OkStatus();
    }
  }
};

// The acts index: what an act means is acts::BodyOf's to say; the bodies of
// meetings and proposals it remembers are facts in this projection.
class ActsProjection final : public Projection {
 public:
  std::string name() const override { return kActs; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    Facts facts(writer, position);
    ASSIGN_OR_RETURN(std::string body_id, acts::BodyOf(event, *g, acts::RefsOf(event, *g), facts));
    v1::ActSummary act;
    act.set_position(position);
    act.set_event_type(event.event_type());
    act.set_body_id(body_id);
    act.set_actor(event.actor());
    act.set_date(ledger::core::RecordedDay(event));
    act.set_stream_id(event.stream_id());
    const std::string summary = act.SerializeAsString();
    writer.Put(ActsEntity(""), position, summary);
    if (!body_id.empty()) writer.Put(ActsEntity(body_id), position, summary);
    return absl::OkStatus();
  }

 private:
  class Facts final : public acts::BodyMemory {
   public:
    Facts(ProjectionWriter& writer, uint64_t position) : writer_(writer), position_(position) {}
    void RememberMeeting(absl::string_view meeting_id, absl::string_view body_id) override {
      writer_.Put(MeetingFact(meeting_id), position_, std::string(body_id));
    }
    void RememberProposal(absl::string_view proposal_id, absl::string_view body_id) override {
      writer_.Put(ProposalFact(proposal_id), position_, std::string(body_id));
    }
    absl::StatusOr<std::string> MeetingBody(absl::string_view meeting_id) override {
      return Fact(MeetingFact(meeting_id));
    }
    absl::StatusOr<std::string> ProposalBody(absl::string_view proposal_id) override {
      return Fact(ProposalFact(proposal_id));
    }

   private:
    absl::StatusOr<std::string> Fact(const std::string& entity) {
      ASSIGN_OR_RETURN(std::optional<std::string> body, writer_.Get(entity));
      return body.value_or("");
    }

    ProjectionWriter& writer_;
    const uint64_t position_;
  };
};

}  // namespace

std::string VotesEntity(absl::string_view proposal_id) {
  return absl::StrCat("votes/", proposal_id);
}
std::string ObjectionsEntity(absl::string_view proposal_id) {
  return absl::StrCat("objections/", proposal_id);
}
std::string AgendaEntity(absl::string_view meeting_id) {
  return absl::StrCat("agenda/", meeting_id);
}
std::string DecisionsEntity(absl::string_view meeting_id) {
  return absl::StrCat("decisions/", meeting_id);
}

std::string ActsEntity(absl::string_view body_id) {
  return absl::StrCat("acts/", body_id.empty() ? "*" : body_id);
}

std::string AgreementsEntity(absl::string_view municipality) {
  return absl::StrCat("m/", municipality);
}

std::vector<std::unique_ptr<Projection>> GovernanceProjections() {
  std::vector<std::unique_ptr<Projection>> projections;
  projections.push_back(std::make_unique<ProposalsProjection>());
  projections.push_back(std::make_unique<MeetingsProjection>());
  projections.push_back(std::make_unique<AgreementsProjection>());
  projections.push_back(NewTimeIndexProjection());
  projections.push_back(std::make_unique<RostersProjection>());
  projections.push_back(std::make_unique<DeadlinesProjection>());
  projections.push_back(std::make_unique<ActsProjection>());
  return projections;
}

}  // namespace besluitlog::projections

namespace besluitlog::projections {
namespace {

// Reads the core view of `entity` as of `position` into `view`; false when
// it did not exist then.
absl::StatusOr<bool> ReadCore(const ProjectionStore& store, const char* projection,
                              absl::string_view entity, uint64_t position,
                              google::protobuf::Message* view) {
  ASSIGN_OR_RETURN(std::optional<std::string> core, store.GetAsOf(projection, entity, position));
  if (!core.has_value()) return false;
  if (!view->ParseFromString(*core)) {
    return absl::DataLossError(absl::StrCat("damaged view of ", entity));
  }
  return true;
}

// Visits the side entity's versions up to `position` (0: all), raw.
absl::Status ForEachDelta(const ProjectionStore& store, const char* projection,
                          const std::string& entity, uint64_t position, uint64_t* last,
                          const std::function<bool(const rocksdb::Slice&)>& visit) {
  bool decoded = true;
  RETURN_IF_ERROR(store.ScanVersions(projection, entity, 1, position == 0 ? UINT64_MAX : position,
                                     [&](uint64_t version, const rocksdb::Slice& state) {
                                       *last = std::max(*last, version);
                                       decoded = visit(state);
                                       return decoded;
                                     }));
  if (!decoded) {
    return absl::DataLossError(absl::StrCat("damaged entry of ", entity));
  }
  return absl::OkStatus();
}

// Parses each version straight into a new element of `list`.
template <typename T>
absl::Status AppendDeltas(const ProjectionStore& store, const char* projection,
                          const std::string& entity, uint64_t position, uint64_t* last,
                          google::protobuf::RepeatedPtrField<T>* list) {
  return ForEachDelta(store, projection, entity, position, last, [&](const rocksdb::Slice& state) {
    return list->Add()->ParseFromArray(state.data(), static_cast<int>(state.size()));
  });
}

}  // namespace

absl::StatusOr<std::optional<v1::ProposalView>> ReadProposalView(const ProjectionStore& store,
                                                                 absl::string_view proposal_id,
                                                                 uint64_t position) {
  v1::ProposalView view;
  ASSIGN_OR_RETURN(bool exists, ReadCore(store, kProposals, proposal_id, position, &view));
  if (!exists) return std::optional<v1::ProposalView>();
  // The stored tallies keep what the decision said (which points need the
  // Colleges); a point awaits ratification only until every College asked
  // has decided. A College asked later makes it await again, which is why
  // this is settled here and not in what is stored.
  if (view.status() == v1::RATIFICATION_COMPLETE) {
    for (v1::PointView& point : *view.mutable_points()) {
      point.mutable_tally()->set_awaiting_ratification(false);
    }
  }
  uint64_t last = view.as_of_position();
  acts::CountedVotes<v1::MemberVote> votes;
  v1::MemberVote vote;
  RETURN_IF_ERROR(
      ForEachDelta(store, kProposals, VotesEntity(proposal_id), position, &last,
                   [&](const rocksdb::Slice& state) {
                     if (!vote.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
                       return false;
                     }
                     votes.Cast(vote);
                     return true;
                   }));
  for (const v1::MemberVote& counted : votes.counted()) *view.add_votes() = counted;
  RETURN_IF_ERROR(AppendDeltas(store, kProposals, ObjectionsEntity(proposal_id), position, &last,
                               view.mutable_objections()));
  view.set_as_of_position(last);
  return std::optional<v1::ProposalView>(std::move(view));
}

absl::StatusOr<std::optional<v1::MeetingView>> ReadMeetingView(const ProjectionStore& store,
                                                               absl::string_view meeting_id,
                                                               uint64_t position) {
  v1::MeetingView view;
  ASSIGN_OR_RETURN(bool exists, ReadCore(store, kMeetings, meeting_id, position, &view));
  if (!exists) return std::optional<v1::MeetingView>();
  uint64_t last = view.as_of_position();
  RETURN_IF_ERROR(AppendDeltas(store, kMeetings, AgendaEntity(meeting_id), position, &last,
                               view.mutable_agenda()));
  RETURN_IF_ERROR(AppendDeltas(store, kMeetings, DecisionsEntity(meeting_id), position, &last,
                               view.mutable_besluitenlijst()));
  view.set_as_of_position(last);
  return std::optional<v1::MeetingView>(std::move(view));
}

}  // namespace besluitlog::projections
