#include "projections/acts/act_sentence.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "projections/acts/act_labels.h"

namespace besluitlog::projections::acts {
namespace {

std::string PointOf(const std::string& meeting_id, const std::string& item_id, uint32_t point,
                    const BesluitNames& names) {
  return absl::StrCat("besluitpunt ", point, " van agendapunt ", item_id, ", ",
                      names.MeetingLabel(meeting_id));
}

}  // namespace

bool IsStructureAct(const v1::GovernanceEvent& act) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
    case v1::GovernanceEvent::kBodyChanged:
    case v1::GovernanceEvent::kMemberAppointed:
    case v1::GovernanceEvent::kMemberResigned:
    case v1::GovernanceEvent::kHandoverNoted:
    case v1::GovernanceEvent::kWorkingGroupEstablished:
      return true;
    default:
      return false;
  }
}

std::string ActSentenceNl(const v1::GovernanceEvent& act, const BesluitNames& names) {
  switch (act.event_case()) {
    case v1::GovernanceEvent::kBodyEstablished:
      return names.BodyFullName(act.body_established().body_id());
    case v1::GovernanceEvent::kBodyChanged:
      return names.BodyFullName(act.body_changed().body_id());
    case v1::GovernanceEvent::kMemberAppointed: {
      const auto& e = act.member_appointed();
      return absl::StrCat(e.name(), " in ", names.BodyShort(e.body_id()),
                          e.represents().empty() ? "" : absl::StrCat(", namens ", e.represents()));
    }
    case v1::GovernanceEvent::kMemberResigned: {
      const auto& e = act.member_resigned();
      return absl::StrCat(names.Member(e.body_id(), e.member_id()), " uit ",
                          names.BodyShort(e.body_id()));
    }
    case v1::GovernanceEvent::kHandoverNoted: {
      const auto& e = act.handover_noted();
      return absl::StrCat(names.Member(e.body_id(), e.from_member_id()), " aan ",
                          names.Member(e.body_id(), e.to_member_id()), " in ",
                          names.BodyShort(e.body_id()));
    }
    case v1::GovernanceEvent::kMeetingScheduled:
      return names.MeetingLabel(act.meeting_scheduled().meeting_id());
    case v1::GovernanceEvent::kMeetingOpened:
      return names.MeetingLabel(act.meeting_opened().meeting_id());
    case v1::GovernanceEvent::kMeetingClosed:
      return names.MeetingLabel(act.meeting_closed().meeting_id());
    case v1::GovernanceEvent::kAttendanceRecorded: {
      const auto& e = act.attendance_recorded();
      return absl::StrCat(names.Member(names.MeetingBody(e.meeting_id()), e.member_id()), ": ",
                          e.present() ? "aanwezig" : "afwezig", ", ",
                          names.MeetingLabel(e.meeting_id()));
    }
    case v1::GovernanceEvent::kSubstituteNamed: {
      const auto& e = act.substitute_named();
      return absl::StrCat(names.Member(names.MeetingBody(e.meeting_id()), e.member_id()),
                          " vervangen door ", e.substitute_name(), ", ",
                          names.MeetingLabel(e.meeting_id()));
    }
    case v1::GovernanceEvent::kMinutesAdopted: {
      const auto& e = act.minutes_adopted();
      return absl::StrCat(
          MinutesAdoptedNl(names.MeetingDate(e.minutes_of_meeting_id()), e.document()), ", ",
          names.MeetingLabel(e.meeting_id()));
    }
    case v1::GovernanceEvent::kAgendaItemAdded: {
      const auto& e = act.agenda_item_added();
      return absl::StrCat("agendapunt ", e.item_id(), ": ", names.Title(e.proposal_id()), ", ",
                          names.MeetingLabel(e.meeting_id()));
    }
    case v1::GovernanceEvent::kProposalSubmitted: {
      const auto& e = act.proposal_submitted();
      return absl::StrCat(e.title(), ", bij ", names.BodyWithArticle(e.body_id()));
    }
    case v1::GovernanceEvent::kProposalAmended:
      return act.proposal_amended().title();
    case v1::GovernanceEvent::kProposalWithdrawn: {
      const auto& e = act.proposal_withdrawn();
      return absl::StrCat(names.Title(e.proposal_id()),
                          e.reason().empty() ? "" : absl::StrCat(": ", e.reason()));
    }
    case v1::GovernanceEvent::kVoteCast: {
      const auto& e = act.vote_cast();
      const std::string body = names.MeetingBody(e.meeting_id());
      const std::string voter = names.Voter(e.meeting_id(), body, e.voter_id());
      const std::string member = names.Member(body, e.member_id());
      return absl::StrCat(voter, voter == member ? "" : absl::StrCat(" (voor ", member, ")"), ": ",
                          VoteChoiceNl(e.choice()), ", ",
                          PointOf(e.meeting_id(), e.item_id(), e.decision_point(), names));
    }
    case v1::GovernanceEvent::kObjectionRecorded: {
      const auto& e = act.objection_recorded();
      const std::string body = names.MeetingBody(e.meeting_id());
      return absl::StrCat(names.Voter(e.meeting_id(), body, e.voter_id()), ": bezwaar, ",
                          PointOf(e.meeting_id(), e.item_id(), e.decision_point(), names),
                          e.reason().empty() ? "" : absl::StrCat(" (", e.reason(), ")"));
    }
    case v1::GovernanceEvent::kDecisionTaken: {
      const auto& e = act.decision_taken();
      std::vector<std::string> points;
      for (const v1::PointOutcome& o : e.outcomes()) {
        points.push_back(absl::StrCat("besluitpunt ", o.decision_point(), " ", OutcomeNl(o), " (",
                                      TallyNl(o), ")"));
      }
      return absl::StrCat("agendapunt ", e.item_id(), " ", names.Title(e.proposal_id()), ", ",
                          names.MeetingLabel(e.meeting_id()), ": ", absl::StrJoin(points, "; "));
    }
    case v1::GovernanceEvent::kEscalationRaised: {
      const auto& e = act.escalation_raised();
      return absl::StrCat(names.Title(e.proposal_id()), ": ",
                          ForwardedToNl(names.BodyWithArticle(e.to_body_id()),
                                        names.MeetingDate(e.to_meeting_id()), e.to_item_id()));
    }
    case v1::GovernanceEvent::kEscalationResolved: {
      const auto& e = act.escalation_resolved();
      return absl::StrCat(names.Title(e.proposal_id()), ": ", e.resolution());
    }
    case v1::GovernanceEvent::kRatificationRequested: {
      const auto& e = act.ratification_requested();
      return absl::StrCat(names.Title(e.proposal_id()), ": colleges van ",
                          absl::StrJoin(e.municipalities(), ", "));
    }
    case v1::GovernanceEvent::kCollegeDecisionRecorded: {
      const auto& e = act.college_decision_recorded();
      return absl::StrCat(names.Title(e.proposal_id()), ": ", CollegeDecisionNl(e));
    }
    case v1::GovernanceEvent::kZienswijzeRequested: {
      const auto& e = act.zienswijze_requested();
      return absl::StrCat(names.Title(e.proposal_id()), ": ", ZienswijzeRequestNl(e));
    }
    case v1::GovernanceEvent::kZienswijzeSubmitted:
      return ZienswijzeNl(act.zienswijze_submitted());
    case v1::GovernanceEvent::kWorkingGroupEstablished: {
      const auto& e = act.working_group_established();
      return absl::StrCat(e.name(), ", onder ", names.BodyWithArticle(e.parent_body_id()));
    }
    case v1::GovernanceEvent::kWorkingGroupReported: {
      const auto& e = act.working_group_reported();
      return absl::StrCat(names.BodyFullName(e.body_id()), ", ", DutchDate(e.reported_on()));
    }
    default:
      return "";
  }
}

}  // namespace besluitlog::projections::acts
