#include "ledger/uuid.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace besluitlog::ledger {
namespace {

using ::testing::HasSubstr;

TEST(UuidTest, ParseAndFormatRoundTripNormalisesCase) {
  absl::StatusOr<UuidBytes> parsed = ParseUuid("6F9619FF-8B86-D011-B42D-00C04FC964FF");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(FormatUuid(*parsed), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
  EXPECT_EQ((*parsed)[0], 0x6f);
  EXPECT_EQ((*parsed)[15], 0xff);
}

TEST(UuidTest, MalformedInputIsRefusedWithTheReason) {
  EXPECT_THAT(ParseUuid("not-a-uuid").status().message(), HasSubstr("expected 36 characters"));
  EXPECT_THAT(ParseUuid("6f9619ff+8b86-d011-b42d-00c04fc964ff").status().message(),
              HasSubstr("expected '-' at offset 8"));
  EXPECT_THAT(ParseUuid("6f9619fg-8b86-d011-b42d-00c04fc964ff").status().message(),
              HasSubstr("non-hex character at offset 7"));
  EXPECT_EQ(ParseUuid("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(UuidTest, RandomUuidsAreVersion4AndDistinct) {
  const UuidBytes a = NewRandomUuid();
  const UuidBytes b = NewRandomUuid();
  EXPECT_NE(a, b);
  EXPECT_EQ(a[6] >> 4, 4);
  EXPECT_EQ(a[8] & 0xc0, 0x80);
}

TEST(UuidTest, TimeOrderedUuidsSortByMillisecond) {
  const absl::Time t = absl::FromUnixMillis(1764000000000);
  const UuidBytes early = NewTimeOrderedUuid(t);
  const UuidBytes late = NewTimeOrderedUuid(t + absl::Milliseconds(1));
  EXPECT_EQ(early[6] >> 4, 7);
  EXPECT_EQ(early[8] & 0xc0, 0x80);
  EXPECT_LT(FormatUuid(early), FormatUuid(late));
  EXPECT_EQ(FormatUuid(early).substr(0, 13), "019ab697-e800");
}

}  // namespace
}  // namespace besluitlog::ledger
