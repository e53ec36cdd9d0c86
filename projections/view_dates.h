// The date rules of the views, in one place: which agreements are in force
// on a day, who sits on a body on a day, how many days a deadline has left.
// Days are "YYYY-MM-DD" in Europe/Amsterdam (strings of that form order as
// dates); "today" comes from the caller's clock. Pure; thread-safe.
#ifndef BESLUITLOG_PROJECTIONS_VIEW_DATES_H_
#define BESLUITLOG_PROJECTIONS_VIEW_DATES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "besluitlog/v1/query.pb.h"

namespace besluitlog::projections {

// What the ledger knew at (Consistency.known_at, ledgerctl --known_at): the
// acts recorded up to a position, or up to an instant. A date means the end
// of that day in Europe/Amsterdam (its last microsecond).
struct KnownAt {
  uint64_t position = 0;           // 0: not given.
  std::optional<absl::Time> time;  // Unset: not given.
};

// Parses "" (now), a position ("1200"), an RFC 3339 instant
// ("2026-01-13T17:00:00+01:00") or a date ("2026-01-13"); INVALID_ARGUMENT
// naming `field` and the three forms otherwise.
[[nodiscard]] absl::StatusOr<KnownAt> ParseKnownAt(const char* field, const std::string& text);

// The day asked for with `in_force_on`, or with its deprecated alias
// `on_date`; the day `now` falls on in Europe/Amsterdam when neither is
// given. INVALID_ARGUMENT when both are given and differ, or the date is no
// calendar date.
[[nodiscard]] absl::StatusOr<absl::CivilDay> InForceDay(const std::string& in_force_on,
                                                        const std::string& on_date, absl::Time now);

// Splits `view` into the agreements in force on `day` and those ratified
// that take effect later (`upcoming`).
void SplitAgreementsOn(absl::CivilDay day, v1::AgreementsView* view);

// `date` as a day, nullopt when it is empty. INVALID_ARGUMENT names
// `field` when `date` is no calendar date.
[[nodiscard]] absl::StatusOr<std::optional<absl::CivilDay>> OptionalDay(const char* field,
                                                                        const std::string& date);

// Keeps the agreements that have taken effect by `day`.
void KeepAgreementsInForce(absl::CivilDay day, v1::AgreementsView* view);

// Keeps the members appointed on or before `day` who had not resigned by
// then, and the substitutes named for a meeting on `day`.
void KeepRosterOn(absl::CivilDay day, v1::RosterView* view);

// Sets each deadline's days remaining as of `today` and lists the soonest
// first, work without a deadline last.
void CountDaysRemaining(absl::CivilDay today, v1::DeadlinesView* view);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_VIEW_DATES_H_
