#include "ledger/core/civil_date.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace besluitlog::ledger::core {

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view field, absl::string_view text) {
  absl::CivilDay day;
  // ParseCivilTime normalises (2026-02-30 would become March), so the date
  // must also print back as it was given.
  if (text.size() != 10 || !absl::ParseCivilTime(std::string(text), &day) ||
      FormatDate(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " \"", text, "\" is not a calendar date of the form YYYY-MM-DD"));
  }
  if (day.year() < 1900 || day.year() > 2999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " \"", text, "\" is out of range (1900-2999)"));
  }
  return day;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay EffectiveDate(absl::CivilDay college_decision_date) {
  return absl::CivilDay(absl::CivilYear(college_decision_date) + 1);
}

absl::StatusOr<absl::TimeZone> AmsterdamTimeZone() {
  static const absl::TimeZone* const amsterdam = [] {
    auto* zone = new absl::TimeZone();
    if (!absl::LoadTimeZone("Europe/Amsterdam", zone)) {
      delete zone;
      return static_cast<absl::TimeZone*>(nullptr);
    }
    return zone;
  }();
  if (amsterdam == nullptr) {
    return absl::FailedPreconditionError(
        "time zone Europe/Amsterdam is not available (install tzdata)");
  }
  return *amsterdam;
}

absl::StatusOr<absl::CivilDay> DayInAmsterdam(absl::Time t) {
  absl::StatusOr<absl::TimeZone> amsterdam = AmsterdamTimeZone();
  if (!amsterdam.ok()) return amsterdam.status();
  return absl::ToCivilDay(t, *amsterdam);
}

absl::Time RecordedTime(const v1::Event& event) {
  return absl::FromUnixSeconds(event.recorded_at().seconds()) +
         absl::Nanoseconds(event.recorded_at().nanos());
}

std::string RecordedDay(const v1::Event& event) {
  absl::StatusOr<absl::CivilDay> day = DayInAmsterdam(RecordedTime(event));
  return day.ok() ? FormatDate(*day) : "";
}

}  // namespace besluitlog::ledger::core
