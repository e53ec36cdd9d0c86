#include "projections/register_projections.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "besluitlog/v1/governance.pb.h"
#include "besluitlog/v1/query.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "projections/governance_apply.h"
#include "projections/view_names.h"

namespace besluitlog::projections {
namespace {

// Adds `name` to the newline-separated list kept under `entity`, once.
absl::Status RememberName(ProjectionWriter& writer, const std::string& entity, uint64_t position,
                          const std::string& name) {
  if (name.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<std::string> known, writer.Get(entity));
  std::vector<std::string> names;
  if (known.has_value() && !known->empty()) names = absl::StrSplit(*known, '\n');
  if (std::find(names.begin(), names.end(), name) != names.end()) return absl::OkStatus();
  names.push_back(name);
  writer.Put(entity, position, absl::StrJoin(names, "\n"));
  return absl::OkStatus();
}

class AgreementsProjection final : public Projection {
 public:
  std::string name() const override { return kAgreements; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    // The municipalities the ledger knows, so that a name can be matched
    // however it is typed and an unknown one is an error, not an empty list.
    if (g->has_body_established()) {
      return RememberName(writer, kKnownMunicipalities, position,
                          g->body_established().config().municipality());
    }
    if (g->has_body_changed()) {
      return RememberName(writer, kKnownMunicipalities, position,
                          g->body_changed().config().municipality());
    }
    if (g->has_ratification_requested()) {
      for (const std::string& m : g->ratification_requested().municipalities()) {
        RETURN_IF_ERROR(RememberName(writer, kKnownMunicipalities, position, m));
      }
      return absl::OkStatus();
    }
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
    RETURN_IF_ERROR(RememberName(writer, kKnownMunicipalities, position, e.municipality()));
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
        RETURN_IF_ERROR(
            RememberName(writer, kKnownBodies, position, g->body_established().body_id()));
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
          // From when the member sits: the appointment's own date, else (as
          // for appointments recorded before it had one) the day recorded.
          m->set_appointed_on(e.from_date().empty() ? ledger::core::RecordedDay(event)
                                                    : e.from_date());
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

}  // namespace

std::unique_ptr<Projection> NewAgreementsProjection() {
  return std::make_unique<AgreementsProjection>();
}

std::unique_ptr<Projection> NewRostersProjection() { return std::make_unique<RostersProjection>(); }

std::unique_ptr<Projection> NewDeadlinesProjection() {
  return std::make_unique<DeadlinesProjection>();
}

}  // namespace besluitlog::projections
