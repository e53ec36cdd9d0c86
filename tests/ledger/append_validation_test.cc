#include "ledger/append_validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace besluitlog::ledger {
namespace {

using ::testing::HasSubstr;

v1::StreamAppend ValidAppend() {
  v1::StreamAppend append;
  append.set_stream_id("proposal/1");
  v1::ProposedEvent* event = append.add_events();
  event->set_event_type("ProposalSubmitted");
  event->set_payload("{}");
  return append;
}

void ExpectInvalid(const v1::StreamAppend& append, const AppendLimits& limits,
                   const std::string& fragment) {
  absl::Status status = ValidateStreamAppend(append, limits);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr(fragment));
}

TEST(AppendValidationTest, AcceptsAWellFormedAppend) {
  EXPECT_TRUE(ValidateStreamAppend(ValidAppend(), AppendLimits()).ok());
}

TEST(AppendValidationTest, StreamIdMustBeNonEmptyBoundedAndPrintable) {
  v1::StreamAppend append = ValidAppend();
  append.set_stream_id("");
  ExpectInvalid(append, AppendLimits(), "stream_id must not be empty");
  append.set_stream_id(std::string(257, 'a'));
  ExpectInvalid(append, AppendLimits(), "stream_id is 257 bytes; the limit is 256");
  append.set_stream_id(std::string("a\0b", 3));
  ExpectInvalid(append, AppendLimits(), "control character");
  append.set_stream_id("\xff\xfe");
  ExpectInvalid(append, AppendLimits(), "not valid UTF-8");
  append.set_stream_id("gemeente/’s-Hertogenbosch");
  EXPECT_TRUE(ValidateStreamAppend(append, AppendLimits()).ok());
}

TEST(AppendValidationTest, EventsMustBePresentAndWithinTheCountLimit) {
  v1::StreamAppend append = ValidAppend();
  append.clear_events();
  ExpectInvalid(append, AppendLimits(), "has no events");
  AppendLimits limits;
  limits.max_events_per_append = 2;
  append = ValidAppend();
  *append.add_events() = append.events(0);
  *append.add_events() = append.events(0);
  ExpectInvalid(append, limits, "append has 3 events; the limit is 2");
}

TEST(AppendValidationTest, EventOverTheSizeLimitIsRefused) {
  AppendLimits limits;
  limits.max_event_bytes = 100;
  v1::StreamAppend append = ValidAppend();
  append.mutable_events(0)->set_payload(std::string(200, 'x'));
  ExpectInvalid(append, limits, "the limit is 100 bytes per event");
}

TEST(AppendValidationTest, IdsMustBeUuidsAndUniqueWithinAnAppend) {
  v1::StreamAppend append = ValidAppend();
  append.mutable_events(0)->set_event_id("42");
  ExpectInvalid(append, AppendLimits(), "events[0].event_id: malformed UUID");
  append.mutable_events(0)->set_event_id("6f9619ff-8b86-d011-b42d-00c04fc964ff");
  append.mutable_events(0)->set_correlation_id("x");
  ExpectInvalid(append, AppendLimits(), "events[0].correlation_id");
  append.mutable_events(0)->clear_correlation_id();
  append.mutable_events(0)->set_causation_id("x");
  ExpectInvalid(append, AppendLimits(), "events[0].causation_id");
  append.mutable_events(0)->clear_causation_id();
  *append.add_events() = append.events(0);
  append.mutable_events(1)->set_event_id("6F9619FF-8B86-D011-B42D-00C04FC964FF");
  ExpectInvalid(append, AppendLimits(), "appears twice in one append");
}

TEST(AppendValidationTest, EventTypeIsRequired) {
  v1::StreamAppend append = ValidAppend();
  append.mutable_events(0)->clear_event_type();
  ExpectInvalid(append, AppendLimits(), "events[0].event_type must not be empty");
}

TEST(AppendValidationTest, ExpectedVersionMustBeKnownAndConsistent) {
  v1::StreamAppend append = ValidAppend();
  append.mutable_expected_version()->set_kind(v1::ExpectedVersion::NO_STREAM);
  append.mutable_expected_version()->set_version(3);
  ExpectInvalid(append, AppendLimits(), "only meaningful with kind EXACT");
  append.mutable_expected_version()->set_kind(static_cast<v1::ExpectedVersion::Kind>(99));
  ExpectInvalid(append, AppendLimits(), "99 is not a known kind");
}

}  // namespace
}  // namespace besluitlog::ledger
