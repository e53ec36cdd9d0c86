#include "ledger/core/civil_date.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace besluitlog::ledger::core {
namespace {

using ::testing::HasSubstr;

TEST(CivilDateTest, ParsesAndFormatsRealDates) {
  absl::StatusOr<absl::CivilDay> day = ParseDate("date", "2024-02-29");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(FormatDate(*day), "2024-02-29");
}

TEST(CivilDateTest, RefusesWhatIsNotACalendarDate) {
  for (const char* text : {"2026-02-29", "2026-13-01", "2026-1-1", "01-01-2026", "",
                           "2026-01-01T00:00", "yesterday"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDate("deadline", text);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(day.status().message(), HasSubstr("deadline")) << text;
  }
  EXPECT_THAT(ParseDate("date", "3026-01-01").status().message(), HasSubstr("out of range"));
}

TEST(CivilDateTest, EffectiveDateIsFirstOfJanuaryOfTheNextYear) {
  EXPECT_EQ(EffectiveDate(absl::CivilDay(2025, 12, 31)), absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(EffectiveDate(absl::CivilDay(2026, 1, 1)), absl::CivilDay(2027, 1, 1));
  EXPECT_EQ(EffectiveDate(absl::CivilDay(2024, 2, 29)), absl::CivilDay(2025, 1, 1));
}

TEST(CivilDateTest, DayInAmsterdamFollowsTheLocalCalendar) {
  // 23:30 UTC on 31 December is already New Year in Amsterdam (CET, +1).
  absl::StatusOr<absl::CivilDay> new_year = DayInAmsterdam(
      absl::FromCivil(absl::CivilSecond(2025, 12, 31, 23, 30, 0), absl::UTCTimeZone()));
  ASSERT_TRUE(new_year.ok()) << new_year.status();
  EXPECT_EQ(*new_year, absl::CivilDay(2026, 1, 1));
  // In summer (CEST, +2) 22:30 UTC is the next day, 21:30 UTC is not.
  EXPECT_EQ(*DayInAmsterdam(
                absl::FromCivil(absl::CivilSecond(2026, 7, 1, 22, 30, 0), absl::UTCTimeZone())),
            absl::CivilDay(2026, 7, 2));
  EXPECT_EQ(*DayInAmsterdam(
                absl::FromCivil(absl::CivilSecond(2026, 7, 1, 21, 30, 0), absl::UTCTimeZone())),
            absl::CivilDay(2026, 7, 1));
}

}  // namespace
}  // namespace besluitlog::ledger::core
