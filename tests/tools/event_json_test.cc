#include "tools/event_json.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/core/event_hash.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;

TEST(EventJsonTest, ParsesAnAppendWithJsonData) {
  absl::StatusOr<v1::StreamAppend> append = ParseAppendJson(R"({
    "stream": "oro/2026-02", "expected": "3",
    "events": [{"id": "6f9619ff-8b86-d011-b42d-00c04fc964ff",
                "type": "VoteCast", "actor": "beleid-regio-1",
                "data": {"point": 1, "vote": "for"}}]})");
  ASSERT_TRUE(append.ok()) << append.status();
  EXPECT_EQ(append->stream_id(), "oro/2026-02");
  EXPECT_EQ(append->expected_version().kind(), v1::ExpectedVersion::EXACT);
  EXPECT_EQ(append->expected_version().version(), 3u);
  ASSERT_EQ(append->events_size(), 1);
  EXPECT_EQ(append->events(0).event_type(), "VoteCast");
  EXPECT_EQ(append->events(0).content_type(), "application/json");
  EXPECT_THAT(append->events(0).payload(), HasSubstr("\"vote\":\"for\""));
}

TEST(EventJsonTest, ExpectedVersionWords) {
  EXPECT_EQ(ParseAppendJson(R"({"stream":"s"})")->expected_version().kind(),
            v1::ExpectedVersion::ANY);
  EXPECT_EQ(ParseAppendJson(R"({"stream":"s","expected":"no_stream"})")->expected_version().kind(),
            v1::ExpectedVersion::NO_STREAM);
  EXPECT_EQ(ParseAppendJson(R"({"stream":"s","expected":"exists"})")->expected_version().kind(),
            v1::ExpectedVersion::STREAM_EXISTS);
  absl::StatusOr<v1::StreamAppend> bad =
      ParseAppendJson(R"({"stream":"s","expected":"sometimes"})");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("\"sometimes\""));
}

TEST(EventJsonTest, MalformedJsonIsInvalidArgument) {
  absl::StatusOr<v1::StreamAppend> bad = ParseAppendJson("{\"stream\": ");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("append input is not valid"));
  EXPECT_FALSE(ParseAppendJson(R"({"strem":"typo"})").ok());
}

TEST(EventJsonTest, PrintsJsonPayloadsAsJsonAndOthersAsBase64) {
  v1::Event event;
  event.set_global_position(7);
  event.set_stream_id("s");
  event.set_content_type("application/json");
  event.set_payload(R"({"a":1})");
  event.set_prev_hash(ledger::core::GenesisHash());
  EXPECT_THAT(EventToJsonLine(event), HasSubstr(R"("data":{"a":1})"));
  EXPECT_THAT(EventToJsonLine(event), HasSubstr(R"("position":"7")"));
  EXPECT_THAT(EventToJsonLine(event), HasSubstr(R"("prev_hash":"0000000000000000)"));
  event.set_content_type("application/octet-stream");
  event.set_payload("\x01\x02");
  EXPECT_THAT(EventToJsonLine(event), HasSubstr(R"("payload_base64":"AQI=")"));
}

}  // namespace
}  // namespace besluitlog::tools
