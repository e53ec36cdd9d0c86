// The date rules of the views, in one place: which agreements are in force
// on a day, who sits on a body on a day, how many days a deadline has left.
// Days are "YYYY-MM-DD" in Europe/Amsterdam (strings of that form order as
// dates); "today" comes from the caller's clock. Pure; thread-safe.
#ifndef BESLUITLOG_PROJECTIONS_VIEW_DATES_H_
#define BESLUITLOG_PROJECTIONS_VIEW_DATES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "besluitlog/v1/query.pb.h"

namespace besluitlog::projections {

// `date` as a day, or the day `now` falls on when it is empty.
// INVALID_ARGUMENT names `field` when `date` is no calendar date.
[[nodiscard]] absl::StatusOr<absl::CivilDay> DayOrToday(const char* field, const std::string& date,
                                                        absl::Time now);

// `date` as a day, nullopt when it is empty; errors as above.
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
