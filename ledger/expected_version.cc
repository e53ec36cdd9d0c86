#include "ledger/expected_version.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace besluitlog::ledger {
namespace {

constexpr char kWrongExpectedVersionPayload[] = "type.besluitlog/WrongExpectedVersion";

std::string DescribeExpected(const v1::ExpectedVersion& expected) {
  switch (expected.kind()) {
    case v1::ExpectedVersion::NO_STREAM:
      return "no stream (version 0)";
    case v1::ExpectedVersion::STREAM_EXISTS:
      return "an existing stream (version >= 1)";
    case v1::ExpectedVersion::EXACT:
      return absl::StrCat("version ", expected.version());
    default:
      return "any version";
  }
}

}  // namespace

bool IsWrongExpectedVersion(const absl::Status& status) {
  return status.code() == absl::StatusCode::kFailedPrecondition &&
         status.GetPayload(kWrongExpectedVersionPayload).has_value();
}

bool ExpectedVersionHolds(const v1::ExpectedVersion& expected, uint64_t actual) {
  switch (expected.kind()) {
    case v1::ExpectedVersion::NO_STREAM:
      return actual == 0;
    case v1::ExpectedVersion::STREAM_EXISTS:
      return actual > 0;
    case v1::ExpectedVersion::EXACT:
      return actual == expected.version();
    default:
      return true;
  }
}

absl::Status WrongExpectedVersionError(const std::string& stream_id,
                                       const v1::ExpectedVersion& expected, uint64_t actual) {
  absl::Status wrong = absl::FailedPreconditionError(
      absl::StrCat("wrong expected version for stream \"", stream_id, "\": expected ",
                   DescribeExpected(expected), ", actual version ", actual));
  wrong.SetPayload(kWrongExpectedVersionPayload, absl::Cord());
  return wrong;
}

}  // namespace besluitlog::ledger
