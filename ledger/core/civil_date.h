// Calendar dates as the governance domain uses them: "YYYY-MM-DD" strings in
// Europe/Amsterdam, handled with absl civil time, never by adding seconds.
// Thread-safe.
#ifndef BESLUITLOG_LEDGER_CORE_CIVIL_DATE_H_
#define BESLUITLOG_LEDGER_CORE_CIVIL_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "besluitlog/v1/event.pb.h"

namespace besluitlog::ledger::core {

// Parses "YYYY-MM-DD" (a real date, years 1900..2999). INVALID_ARGUMENT
// names `field` and what is wrong.
[[nodiscard]] absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view field,
                                                       absl::string_view text);

std::string FormatDate(absl::CivilDay day);

// The governance memo: an amended agreement takes effect on 1 January of the
// calendar year after the municipality's decision.
absl::CivilDay EffectiveDate(absl::CivilDay college_decision_date);

// Europe/Amsterdam. FAILED_PRECONDITION when the zone's rules (tzdata) are
// missing: a legal date is never guessed.
[[nodiscard]] absl::StatusOr<absl::TimeZone> AmsterdamTimeZone();

// The calendar day `t` falls on in Europe/Amsterdam (errors as above).
[[nodiscard]] absl::StatusOr<absl::CivilDay> DayInAmsterdam(absl::Time t);

// The moment an event was recorded (its recorded_at).
absl::Time RecordedTime(const v1::Event& event);

// "YYYY-MM-DD" of the day `event` was recorded, in Europe/Amsterdam; empty
// when the zone's rules are missing.
std::string RecordedDay(const v1::Event& event);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_CIVIL_DATE_H_
