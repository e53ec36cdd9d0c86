#include "tools/trail_export.h"

#include <algorithm>
#include <array>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "besluitlog/v1/cli.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_labels.h"
#include "tools/message_json.h"
#include "tools/scratch_act.h"
#include "tools/trail_line_verifier.h"

namespace besluitlog::tools {
namespace {

// Rows are for people to read: without tzdata they show UTC rather than
// nothing.
absl::TimeZone Amsterdam() {
  absl::StatusOr<absl::TimeZone> zone = ledger::core::AmsterdamTimeZone();
  return zone.ok() ? *zone : absl::UTCTimeZone();
}

}  // namespace

bool TrailFilter::Matches(const ActRow& row) const {
  return Matches(row.body, row.act, row.actor, row.date);
}

namespace {

// "Name (id)", or the id alone when there is no name.
std::string Display(const std::string& name, const std::string& id) {
  return name.empty() ? id : absl::StrCat(name, " (", id, ")");
}

void RememberPoints(const google::protobuf::RepeatedPtrField<v1::DecisionPoint>& points,
                    absl::flat_hash_map<uint32_t, std::string>* texts) {
  if (points.empty()) return;  // An amendment without points keeps them.
  texts->clear();
  for (const v1::DecisionPoint& point : points) (*texts)[point.number()] = point.text();
}

}  // namespace

ActRow ActDescriber::EventColumns(const v1::Event& event) {
  ActRow row;
  row.position = event.global_position();
  const int64_t second = event.recorded_at().seconds();
  if (second != recorded_second_ || recorded_text_.empty()) {
    recorded_text_ =
        absl::FormatTime("%Y-%m-%d %H:%M:%S", ledger::core::RecordedTime(event), Amsterdam());
    recorded_second_ = second;
  }
  row.recorded = recorded_text_;
  row.date = row.recorded.substr(0, 10);
  row.act = event.event_type();
  row.actor = event.actor();
  row.hash = ledger::core::HashToHex(event.hash());
  return row;
}

ActRow ActDescriber::Describe(const v1::Event& event) {
  if (const v1::GovernanceEvent* act = scratch_.Decode(event); act != nullptr) {
    return Describe(event, *act);
  }
  ActRow row = EventColumns(event);
  projections::acts::ActMeaning meaning = acts_.Describe(event);
  row.body = std::move(meaning.body);
  row.meeting = std::move(meaning.meeting);
  row.subject = std::move(meaning.subject);
  row.outcome = std::move(meaning.outcome);
  return row;
}

ActRow ActDescriber::Describe(const v1::Event& event, const v1::GovernanceEvent& act) {
  ActRow row = EventColumns(event);
  projections::acts::ActMeaning meaning = acts_.Describe(event, act);
  row.body = std::move(meaning.body);
  row.meeting = std::move(meaning.meeting);
  row.subject = std::move(meaning.subject);
  Remember(act);
  auto meeting_it = meetings_.find(row.meeting);
  const MeetingMemory* meeting = meeting_it == meetings_.end() ? nullptr : &meeting_it->second;
  if (meeting != nullptr) row.meeting_date = meeting->date;
  switch (act.event_case()) {
    case v1::GovernanceEvent::kVoteCast: {
      const v1::VoteCast& vote = act.vote_cast();
      row.item = vote.item_id();
      DescribePoint(vote.proposal_id(), vote.decision_point(), &row);
      DescribeSeat(row.body, meeting, vote.member_id(), vote.voter_id(), &row);
      row.outcome = projections::acts::VoteChoiceNl(vote.choice());
      break;
    }
    case v1::GovernanceEvent::kObjectionRecorded: {
      const v1::ObjectionRecorded& objection = act.objection_recorded();
      row.item = objection.item_id();
      DescribePoint(objection.proposal_id(), objection.decision_point(), &row);
      DescribeSeat(row.body, meeting, objection.member_id(), objection.voter_id(), &row);
      row.outcome = absl::StrCat("bezwaar: ", objection.reason());
      break;
    }
    case v1::GovernanceEvent::kDecisionTaken: {
      const v1::DecisionTaken& decision = act.decision_taken();
      row.item = decision.item_id();
      std::vector<std::string> numbers, texts, outcomes;
      for (const v1::PointOutcome& o : decision.outcomes()) {
        ActRow point;
        DescribePoint(decision.proposal_id(), o.decision_point(), &point);
        numbers.push_back(point.point);
        if (!point.point_text.empty()) {
          texts.push_back(decision.outcomes_size() == 1
                              ? point.point_text
                              : absl::StrCat(o.decision_point(), ". ", point.point_text));
        }
        outcomes.push_back(projections::acts::PointOutcomeWords(o));
      }
      row.point = absl::StrJoin(numbers, "; ");
      row.point_text = absl::StrJoin(texts, "; ");
      row.outcome = absl::StrJoin(outcomes, "; ");
      if (meeting != nullptr) DescribeAttendance(row.body, *meeting, &row);
      break;
    }
    case v1::GovernanceEvent::kAgendaItemAdded:
      row.item = act.agenda_item_added().item_id();
      break;
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const v1::AttendanceRecorded& attendance = act.attendance_recorded();
      (attendance.present() ? row.present : row.absent) =
          MemberName(row.body, attendance.member_id());
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const v1::SubstituteNamed& named = act.substitute_named();
      row.absent = MemberName(row.body, named.member_id());
      row.seat = row.absent;
      row.voter = named.substitute_name().empty() ? named.substitute_id() : named.substitute_name();
      break;
    }
    case v1::GovernanceEvent::kCollegeDecisionRecorded:
      row.outcome = projections::acts::CollegeDecisionNl(act.college_decision_recorded());
      break;
    default:
      row.outcome = std::move(meaning.outcome);
      break;
  }
  return row;
}

void ActDescriber::Remember(const v1::GovernanceEvent& act) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kMemberAppointed: {
      const v1::MemberAppointed& e = act.member_appointed();
      members_[e.body_id()][e.member_id()] =
          Member{Display(e.name(), e.member_id()), e.represents()};
      break;
    }
    case v1::GovernanceEvent::kWorkingGroupEstablished: {
      const v1::WorkingGroupEstablished& e = act.working_group_established();
      for (const v1::WorkingGroupMember& m : e.members()) {
        members_[e.body_id()][m.member_id()] = Member{Display(m.name(), m.member_id()), ""};
      }
      break;
    }
    case v1::GovernanceEvent::kMeetingScheduled: {
      const v1::MeetingScheduled& e = act.meeting_scheduled();
      MeetingMemory& meeting = meetings_[e.meeting_id()];
      meeting.body = e.body_id();
      meeting.date = e.date();
      break;
    }
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const v1::AttendanceRecorded& e = act.attendance_recorded();
      std::vector<Attendee>& attendance = meetings_[e.meeting_id()].attendance;
      auto it = std::find_if(attendance.begin(), attendance.end(),
                             [&](const Attendee& a) { return a.member_id == e.member_id(); });
      if (it == attendance.end()) {
        attendance.push_back(Attendee{e.member_id(), e.present()});
      } else {
        it->present = e.present();
      }
      break;
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const v1::SubstituteNamed& e = act.substitute_named();
      meetings_[e.meeting_id()].substitutes[e.substitute_id()] = e.substitute_name();
      break;
    }
    case v1::GovernanceEvent::kProposalSubmitted: {
      const v1::ProposalSubmitted& e = act.proposal_submitted();
      RememberPoints(e.decision_points(), &points_[e.proposal_id()]);
      break;
    }
    case v1::GovernanceEvent::kProposalAmended: {
      const v1::ProposalAmended& e = act.proposal_amended();
      RememberPoints(e.decision_points(), &points_[e.proposal_id()]);
      break;
    }
    default:
      break;
  }
}

const ActDescriber::Member* ActDescriber::FindMember(const std::string& body,
                                                     const std::string& member_id) const {
  auto in_body = members_.find(body);
  if (in_body == members_.end()) return nullptr;
  auto it = in_body->second.find(member_id);
  return it == in_body->second.end() ? nullptr : &it->second;
}

std::string ActDescriber::MemberName(const std::string& body, const std::string& member_id) const {
  const Member* member = FindMember(body, member_id);
  return member == nullptr ? member_id : member->display;
}

void ActDescriber::DescribeSeat(const std::string& body, const MeetingMemory* meeting,
                                const std::string& member_id, const std::string& voter_id,
                                ActRow* row) const {
  if (const Member* member = FindMember(body, member_id); member != nullptr) {
    row->seat = member->display;
    row->represents = member->represents;
  } else {
    row->seat = member_id;
  }
  if (voter_id.empty() || voter_id == member_id) {
    row->voter = row->seat;
    return;
  }
  if (meeting != nullptr) {
    if (auto it = meeting->substitutes.find(voter_id);
        it != meeting->substitutes.end() && !it->second.empty()) {
      row->voter = absl::StrCat(it->second, " (", voter_id, ")");
      return;
    }
  }
  row->voter = voter_id;
}

void ActDescriber::DescribePoint(const std::string& proposal_id, uint32_t point,
                                 ActRow* row) const {
  row->point = absl::StrCat(point);
  if (auto it = points_.find(proposal_id); it != points_.end()) {
    if (auto text = it->second.find(point); text != it->second.end()) {
      row->point_text = text->second;
    }
  }
}

void ActDescriber::DescribeAttendance(const std::string& body, const MeetingMemory& meeting,
                                      ActRow* row) const {
  std::vector<std::string> present, absent;
  for (const Attendee& a : meeting.attendance) {
    (a.present ? present : absent).push_back(MemberName(body, a.member_id));
  }
  row->present = absl::StrJoin(present, "; ");
  row->absent = absl::StrJoin(absent, "; ");
}

namespace {

// Lower-case hex back into bytes; false for anything else (an old trail's
// base64 included).
bool FromHex(const std::string& hex, std::string* bytes) {
  if (hex.size() % 2 != 0) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  *bytes = absl::HexStringToBytes(hex);
  return true;
}

absl::Status NotHex(const std::string& where, const char* field) {
  return absl::DataLossError(absl::StrCat(
      where, field,
      " is not lower-case hex (trails exported before hashes were spelled in hex must be "
      "exported again)"));
}

absl::StatusOr<v1::Checkpoint> CheckpointOfLine(const v1::cli::TrailCheckpoint& in) {
  v1::Checkpoint checkpoint;
  checkpoint.set_tree_size(in.tree_size());
  if (in.has_time()) *checkpoint.mutable_time() = in.time();
  if (!FromHex(in.root_hash(), checkpoint.mutable_root_hash()))
    return NotHex("line 1: ", "rootHash");
  if (!FromHex(in.public_key(), checkpoint.mutable_public_key())) {
    return NotHex("line 1: ", "publicKey");
  }
  if (!FromHex(in.signature(), checkpoint.mutable_signature())) {
    return NotHex("line 1: ", "signature");
  }
  checkpoint.set_note(in.note());
  checkpoint.set_log_verifier_key(in.log_verifier_key());
  checkpoint.set_witnessed_note(in.witnessed_note());
  checkpoint.set_witness_policy(in.witness_policy());
  return checkpoint;
}

}  // namespace

absl::Status VerifyJsonlTrail(std::istream& trail, const SignerTrust& signers,
                              uint64_t* verified_events, v1::Checkpoint* checked_against,
                              Progress* progress) {
  *verified_events = 0;
  std::string text;
  if (!std::getline(trail, text)) return absl::DataLossError("the trail is empty");
  v1::cli::TrailLine first;
  if (!google::protobuf::util::JsonStringToMessage(text, &first).ok() || !first.has_checkpoint()) {
    return absl::DataLossError("line 1 is not a checkpoint");
  }
  ASSIGN_OR_RETURN(const v1::Checkpoint checkpoint, CheckpointOfLine(first.checkpoint()));
  absl::Status signed_by = ledger::core::VerifyCheckpointSignature(checkpoint);
  if (signed_by.ok()) signed_by = signers.Check(checkpoint.public_key());
  if (!signed_by.ok()) {
    return absl::Status(signed_by.code(), absl::StrCat("line 1: ", signed_by.message()));
  }
  if (checked_against != nullptr) *checked_against = checkpoint;
  if (progress != nullptr) progress->set_total(first.complete() ? checkpoint.tree_size() : 0);
  // The event lines, at the speed of their hashing (trail_line_verifier.h).
  TrailLineVerifier events(checkpoint, first.complete());
  for (uint64_t number = 2; std::getline(trail, text); ++number) {
    if (text.empty()) continue;
    RETURN_IF_ERROR(events.Check(number, text));
    *verified_events = events.verified();
    if (progress != nullptr) {
      progress->Update(first.complete() ? events.last_position() : *verified_events);
    }
  }
  return TrailLineVerifier::CheckEnd(checkpoint, first.complete(), events.last_position());
}

}  // namespace besluitlog::tools
