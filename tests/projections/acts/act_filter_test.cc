#include "projections/acts/act_filter.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace besluitlog::projections::acts {
namespace {

using ::testing::HasSubstr;

TEST(ActFilterTest, DatesMustBeRealDaysWrittenYearFirst) {
  for (const char* bad : {"01-01-2026", "2026-13-45", "2026-02-30", "2026-1-5", "morgen"}) {
    ActFilter filter;
    filter.from_date = bad;
    const absl::Status status = filter.Validate();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(status.message(), HasSubstr("from_date")) << bad;
  }
  ActFilter filter;
  filter.from_date = "2026-01-13";
  filter.to_date = "2026-12-31";
  EXPECT_TRUE(filter.Validate().ok());
}

TEST(ActFilterTest, AFromDateAfterTheToDateIsRefusedNotSilentlyEmpty) {
  ActFilter filter;
  filter.from_date = "2027-01-01";
  filter.to_date = "2026-01-01";
  EXPECT_EQ(filter.Validate().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(filter.Validate().message(), HasSubstr("nothing could match"));
}

}  // namespace
}  // namespace besluitlog::projections::acts
