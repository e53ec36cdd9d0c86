// Rules for meetings and attendance (stream "meeting/<id>"): a meeting
// is scheduled for an existing body, opened once and not before its
// scheduled day (Europe/Amsterdam), closed while open;
// attendance and substitutes are recorded until it closes (a seat is held
// once: by the member or by the substitute they named, never both; a member
// whose vote stands on an undecided item cannot be recorded absent); an
// open meeting adopts the minutes of a closed meeting of the same body,
// once.
//
// Each function decides one command on the state it reads through `a`:
// it refuses the command (FAILED_PRECONDITION naming the rule, or
// INVALID_ARGUMENT for a malformed command) or emits the command's events
// into `a`, only after every check has passed. Nothing is written here;
// GovernanceCommands appends what was emitted. Thread-compatible, like the
// Attempt.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_MEETINGS_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_MEETINGS_H_

#include "absl/status/status.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/clock.h"
#include "ledger/governance/attempt.h"

namespace besluitlog::ledger::governance {

// MeetingScheduled.
[[nodiscard]] absl::Status ScheduleMeeting(Attempt& a, const v1::ScheduleMeeting& c);
// MeetingOpened, on or after the scheduled day (today in Europe/Amsterdam
// by `clock`).
[[nodiscard]] absl::Status OpenMeeting(Attempt& a, const Clock& clock, const v1::OpenMeeting& c);
// MeetingClosed.
[[nodiscard]] absl::Status CloseMeeting(Attempt& a, const v1::CloseMeeting& c);
// AttendanceRecorded (present or absent).
[[nodiscard]] absl::Status RecordAttendance(Attempt& a, const v1::RecordAttendance& c);
// SubstituteNamed for an absent voting member.
[[nodiscard]] absl::Status NameSubstitute(Attempt& a, const v1::NameSubstitute& c);
// MinutesAdopted, in the stream of the meeting whose minutes they are.
[[nodiscard]] absl::Status AdoptMinutes(Attempt& a, const v1::AdoptMinutes& c);

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_MEETINGS_H_
