#include "ledger/governance/dispatcher.h"

#include "ledger/governance/bodies.h"
#include "ledger/governance/escalation.h"
#include "ledger/governance/meetings.h"
#include "ledger/governance/proposals.h"
#include "ledger/governance/ratification.h"
#include "ledger/governance/votes.h"
#include "ledger/governance/working_groups.h"
#include "ledger/governance/zienswijze.h"

namespace besluitlog::ledger::governance {

absl::Status Dispatch(Attempt& attempt, const Clock& clock, Municipalities& municipalities,
                      const v1::GovernanceCommand& command) {
  switch (command.command_case()) {
    case v1::GovernanceCommand::kEstablishBody:
      return EstablishBody(attempt, command.establish_body());
    case v1::GovernanceCommand::kChangeBody:
      return ChangeBody(attempt, command.change_body());
    case v1::GovernanceCommand::kAppointMember:
      return AppointMember(attempt, command.appoint_member());
    case v1::GovernanceCommand::kResignMember:
      return ResignMember(attempt, command.resign_member());
    case v1::GovernanceCommand::kNoteHandover:
      return NoteHandover(attempt, command.note_handover());
    case v1::GovernanceCommand::kScheduleMeeting:
      return ScheduleMeeting(attempt, command.schedule_meeting());
    case v1::GovernanceCommand::kOpenMeeting:
      return OpenMeeting(attempt, clock, command.open_meeting());
    case v1::GovernanceCommand::kCloseMeeting:
      return CloseMeeting(attempt, command.close_meeting());
    case v1::GovernanceCommand::kRecordAttendance:
      return RecordAttendance(attempt, command.record_attendance());
    case v1::GovernanceCommand::kNameSubstitute:
      return NameSubstitute(attempt, command.name_substitute());
    case v1::GovernanceCommand::kAdoptMinutes:
      return AdoptMinutes(attempt, command.adopt_minutes());
    case v1::GovernanceCommand::kSubmitProposal:
      return SubmitProposal(attempt, command.submit_proposal());
    case v1::GovernanceCommand::kAmendProposal:
      return AmendProposal(attempt, command.amend_proposal());
    case v1::GovernanceCommand::kWithdrawProposal:
      return WithdrawProposal(attempt, command.withdraw_proposal());
    case v1::GovernanceCommand::kAddAgendaItem:
      return AddAgendaItem(attempt, command.add_agenda_item());
    case v1::GovernanceCommand::kCastVote:
      return CastVote(attempt, command.cast_vote());
    case v1::GovernanceCommand::kRecordObjection:
      return RecordObjection(attempt, command.record_objection());
    case v1::GovernanceCommand::kTakeDecision:
      return TakeDecision(attempt, command.take_decision());
    case v1::GovernanceCommand::kRaiseEscalation:
      return RaiseEscalation(attempt, command.raise_escalation());
    case v1::GovernanceCommand::kResolveEscalation:
      return ResolveEscalation(attempt, command.resolve_escalation());
    case v1::GovernanceCommand::kRequestRatification:
      return RequestRatification(attempt, municipalities, command.request_ratification());
    case v1::GovernanceCommand::kRecordCollegeDecision:
      return RecordCollegeDecision(attempt, municipalities, clock,
                                   command.record_college_decision());
    case v1::GovernanceCommand::kRequestZienswijze:
      return RequestZienswijze(attempt, municipalities, command.request_zienswijze());
    case v1::GovernanceCommand::kSubmitZienswijze:
      return SubmitZienswijze(attempt, municipalities, clock, command.submit_zienswijze());
    case v1::GovernanceCommand::kEstablishWorkingGroup:
      return EstablishWorkingGroup(attempt, command.establish_working_group());
    case v1::GovernanceCommand::kReportWorkingGroup:
      return ReportWorkingGroup(attempt, command.report_working_group());
    default:
      return absl::InvalidArgumentError(kNoAct);
  }
}

}  // namespace besluitlog::ledger::governance
