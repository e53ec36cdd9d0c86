// Short builders for governance commands, so that tests read like the
// minutes of a meeting. Each returns a ready GovernanceCommand.
#ifndef BESLUITLOG_TESTS_TESTING_GOVERNANCE_BUILDERS_H_
#define BESLUITLOG_TESTS_TESTING_GOVERNANCE_BUILDERS_H_

#include <cctype>
#include <string>
#include <vector>

#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::testing {

struct BodySpec {
  std::string id;
  v1::BodyKind kind = v1::OTHER_BODY;
  v1::DecisionRule rule = v1::DECISION_RULE_UNSPECIFIED;
  std::string escalation_target;
  std::string agenda_via;
  bool requires_legal_authorisation = false;
  uint32_t seats_gemeenten = 0;
  uint32_t seats_combinaties = 0;
  std::string municipality;  // For a COLLEGE or GEMEENTERAAD.
};

inline v1::GovernanceCommand Establish(const BodySpec& spec) {
  v1::GovernanceCommand c;
  c.set_actor("secretariaat");
  auto* e = c.mutable_establish_body();
  e->set_body_id(spec.id);
  e->mutable_config()->set_name(spec.id);
  e->mutable_config()->set_kind(spec.kind);
  e->mutable_config()->set_decision_rule(spec.rule);
  e->mutable_config()->set_escalation_target(spec.escalation_target);
  e->mutable_config()->set_agenda_via(spec.agenda_via);
  e->mutable_config()->set_requires_legal_authorisation(spec.requires_legal_authorisation);
  e->mutable_config()->set_seats_gemeenten(spec.seats_gemeenten);
  e->mutable_config()->set_seats_combinaties(spec.seats_combinaties);
  e->mutable_config()->set_municipality(spec.municipality);
  return c;
}

// The College and the council of each of `municipalities`, as the seed
// establishes them: how the ledger comes to know a municipality.
inline std::vector<v1::GovernanceCommand> EstablishMunicipalities(
    const std::vector<std::string>& municipalities) {
  std::vector<v1::GovernanceCommand> commands;
  for (const std::string& m : municipalities) {
    std::string id;
    for (char c : m) id += c == ' ' ? '-' : static_cast<char>(std::tolower(c));
    commands.push_back(Establish({.id = "college-" + id, .kind = v1::COLLEGE, .municipality = m}));
    commands.push_back(
        Establish({.id = "raad-" + id, .kind = v1::GEMEENTERAAD, .municipality = m}));
  }
  return commands;
}

inline v1::GovernanceCommand Appoint(const std::string& body, const std::string& member,
                                     v1::Side side, v1::Role role = v1::LID,
                                     bool legally_authorised = true) {
  v1::GovernanceCommand c;
  c.set_actor("secretariaat");
  auto* a = c.mutable_appoint_member();
  a->set_body_id(body);
  a->set_member_id(member);
  a->set_name("Name of " + member);
  a->set_role(role);
  a->set_side(side);
  a->set_represents(side == v1::GEMEENTEN ? "Gemeente" : "Combinatie");
  a->set_legally_authorised(legally_authorised);
  return c;
}

inline v1::GovernanceCommand Schedule(const std::string& meeting, const std::string& body,
                                      const std::string& date) {
  v1::GovernanceCommand c;
  auto* s = c.mutable_schedule_meeting();
  s->set_meeting_id(meeting);
  s->set_body_id(body);
  s->set_date(date);
  return c;
}

inline v1::GovernanceCommand Open(const std::string& meeting) {
  v1::GovernanceCommand c;
  c.mutable_open_meeting()->set_meeting_id(meeting);
  return c;
}

inline v1::GovernanceCommand Close(const std::string& meeting) {
  v1::GovernanceCommand c;
  c.mutable_close_meeting()->set_meeting_id(meeting);
  return c;
}

inline v1::GovernanceCommand Attend(const std::string& meeting, const std::string& member,
                                    bool present = true) {
  v1::GovernanceCommand c;
  auto* a = c.mutable_record_attendance();
  a->set_meeting_id(meeting);
  a->set_member_id(member);
  a->set_present(present);
  return c;
}

inline v1::GovernanceCommand Substitute(const std::string& meeting, const std::string& member,
                                        const std::string& substitute,
                                        bool legally_authorised = true) {
  v1::GovernanceCommand c;
  auto* s = c.mutable_name_substitute();
  s->set_meeting_id(meeting);
  s->set_member_id(member);
  s->set_substitute_id(substitute);
  s->set_substitute_name("Name of " + substitute);
  s->set_legally_authorised(legally_authorised);
  return c;
}

inline v1::GovernanceCommand Submit(const std::string& proposal, const std::string& body,
                                    std::vector<std::string> points, bool changes_agreement = false,
                                    const std::string& by = "secretariaat") {
  v1::GovernanceCommand c;
  auto* s = c.mutable_submit_proposal();
  s->set_proposal_id(proposal);
  s->set_body_id(body);
  s->set_title("Proposal " + proposal);
  s->set_text("Text of " + proposal);
  s->set_submitted_by(by);
  for (size_t i = 0; i < points.size(); ++i) {
    auto* p = s->add_decision_points();
    p->set_number(static_cast<uint32_t>(i + 1));
    p->set_text(points[i]);
    p->set_changes_agreement(changes_agreement);
  }
  auto* doc = s->add_documents();
  doc->set_name("voorstel.pdf");
  doc->set_media_type("application/pdf");
  doc->set_size_bytes(12345);
  doc->set_sha256(std::string(64, 'a'));
  return c;
}

inline v1::GovernanceCommand AddItem(const std::string& meeting, const std::string& item,
                                     const std::string& proposal, const std::string& by) {
  v1::GovernanceCommand c;
  auto* a = c.mutable_add_agenda_item();
  a->set_meeting_id(meeting);
  a->set_item_id(item);
  a->set_proposal_id(proposal);
  a->set_submitted_by(by);
  return c;
}

inline v1::GovernanceCommand Vote(const std::string& meeting, const std::string& item,
                                  uint32_t point, const std::string& voter, v1::VoteChoice choice) {
  v1::GovernanceCommand c;
  c.set_actor(voter);
  auto* v = c.mutable_cast_vote();
  v->set_meeting_id(meeting);
  v->set_item_id(item);
  v->set_decision_point(point);
  v->set_voter_id(voter);
  v->set_choice(choice);
  return c;
}

inline v1::GovernanceCommand Object(const std::string& meeting, const std::string& item,
                                    uint32_t point, const std::string& voter) {
  v1::GovernanceCommand c;
  auto* o = c.mutable_record_objection();
  o->set_meeting_id(meeting);
  o->set_item_id(item);
  o->set_decision_point(point);
  o->set_voter_id(voter);
  o->set_reason("not acceptable");
  return c;
}

inline v1::GovernanceCommand Decide(const std::string& meeting, const std::string& item) {
  v1::GovernanceCommand c;
  c.mutable_take_decision()->set_meeting_id(meeting);
  c.mutable_take_decision()->set_item_id(item);
  return c;
}

inline v1::GovernanceCommand Escalate(const std::string& id, const std::string& meeting,
                                      const std::string& item, const std::string& to_meeting,
                                      const std::string& to_item) {
  v1::GovernanceCommand c;
  auto* e = c.mutable_raise_escalation();
  e->set_escalation_id(id);
  e->set_meeting_id(meeting);
  e->set_item_id(item);
  e->set_to_meeting_id(to_meeting);
  e->set_to_item_id(to_item);
  return c;
}

inline v1::GovernanceCommand RequestRatification(const std::string& proposal,
                                                 std::vector<std::string> municipalities) {
  v1::GovernanceCommand c;
  auto* r = c.mutable_request_ratification();
  r->set_proposal_id(proposal);
  for (const std::string& m : municipalities) r->add_municipalities(m);
  return c;
}

inline v1::GovernanceCommand CollegeDecides(const std::string& proposal,
                                            const std::string& municipality,
                                            v1::CollegeDecision decision, const std::string& date) {
  v1::GovernanceCommand c;
  auto* r = c.mutable_record_college_decision();
  r->set_proposal_id(proposal);
  r->set_municipality(municipality);
  r->set_decision(decision);
  r->set_decision_date(date);
  return c;
}

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_GOVERNANCE_BUILDERS_H_
