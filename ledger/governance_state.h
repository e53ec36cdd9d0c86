// The current state of one body, meeting or proposal, rebuilt by applying
// its stream's governance events in order. Used by the command handler to
// check a command against the rules. Plain values; thread-compatible.
//
// Where events live: a body's structure and members in "body/<id>"; a
// meeting's course, agenda, attendance, votes and objections in
// "meeting/<id>"; everything about a proposal, including the decisions taken
// on it (with the meeting and item they were taken in), escalations,
// ratification and zienswijzen, in "proposal/<id>".
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_STATE_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_STATE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::ledger {

struct MemberState {
  v1::MemberAppointed appointment;
  bool active = true;
  // The calendar day (Europe/Amsterdam) the member sits from
  // (MemberAppointed.from_date); unset: from the appointment's recording,
  // at meetings of any date.
  std::optional<absl::CivilDay> from_date;

  // Whether the member sits at a meeting held on `day`.
  bool SitsOn(absl::CivilDay day) const { return !from_date.has_value() || *from_date <= day; }

  bool Votes() const {
    return active && (appointment.role() == v1::LID || appointment.role() == v1::VOORZITTER);
  }
};

struct BodyState {
  uint64_t version = 0;  // Of the body's stream; 0: not established.
  std::string body_id;
  v1::BodyConfig config;
  std::map<std::string, MemberState> members;
  v1::WorkingGroupEstablished working_group;  // Set for a werkgroep.
  bool reported = false;

  bool exists() const { return version > 0; }
  const MemberState* ActiveMember(const std::string& member_id) const;
  uint32_t VotingMemberCount() const;
  void Apply(const v1::GovernanceEvent& event);
};

// Votes and objections are keyed by (decision point, seat member id); a new
// vote replaces the earlier one (both stay in the log).
using PointSeat = std::pair<uint32_t, std::string>;

struct AgendaItemState {
  v1::AgendaItemAdded added;
  std::map<PointSeat, v1::VoteCast> votes;
  std::map<PointSeat, v1::ObjectionRecorded> objections;
};

struct MeetingState {
  enum class Status { kScheduled, kOpen, kClosed };

  uint64_t version = 0;
  v1::MeetingScheduled scheduled;
  Status status = Status::kScheduled;
  std::map<std::string, bool> attendance;                  // member -> present
  std::map<std::string, v1::SubstituteNamed> substitutes;  // absent member -> substitute
  std::map<std::string, AgendaItemState> items;
  bool minutes_adopted = false;

  bool exists() const { return version > 0; }
  // The member whose seat `voter_id` fills: themselves, or the member who
  // named them as substitute. Empty when neither.
  std::string SeatOf(const std::string& voter_id) const;
  // Whether `member_id` is recorded present (absent when never recorded).
  bool RecordedPresent(const std::string& member_id) const;
  // Whether the seat of `member_id` is filled at this meeting: the member is
  // recorded present, or a substitute has been named for them. Only filled
  // seats vote and count.
  bool SeatFilled(const std::string& member_id) const;
  void Apply(const v1::GovernanceEvent& event);
};

struct ProposalState {
  uint64_t version = 0;
  v1::ProposalSubmitted submitted;  // Kept current through amendments.
  bool withdrawn = false;
  std::vector<v1::DecisionTaken> decisions;
  std::map<std::string, v1::EscalationRaised> escalations;
  std::set<std::string> resolved_escalations;
  std::set<std::string> ratification_requested_from;
  std::map<std::string, v1::CollegeDecisionRecorded> college_decisions;
  std::map<std::string, v1::ZienswijzeRequested> zienswijze_requests;
  std::set<std::pair<std::string, std::string>> zienswijzen;  // (request, council)

  bool exists() const { return version > 0; }
  const v1::DecisionPoint* Point(uint32_t number) const;
  // The decision points an agenda item on this proposal decides: for an
  // item that came by escalation, the points escalated (those without
  // agreement); otherwise every point of the proposal.
  std::set<uint32_t> PointsDecidedBy(const v1::AgendaItemAdded& item) const;
  // The decision taken on this proposal in that meeting's item, if any.
  const v1::DecisionTaken* DecisionIn(const std::string& meeting_id,
                                      const std::string& item_id) const;
  // An escalation raised from that meeting's item, if any.
  const v1::EscalationRaised* EscalationFrom(const std::string& meeting_id,
                                             const std::string& item_id) const;
  void Apply(const v1::GovernanceEvent& event);
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_STATE_H_
