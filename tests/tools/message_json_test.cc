#include "tools/message_json.h"

#include <memory>
#include <string>

#include "bench/history_generator.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "ledger/core/governance_codec.h"
#include "ledger/event_log.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools {
namespace {

std::string Fast(const google::protobuf::Message& message) {
  std::string json = "prefix";
  EXPECT_TRUE(AppendMessageJson(message, &json));
  return json.substr(6);
}

std::string Protobuf(const google::protobuf::Message& message) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

TEST(MessageJsonTest, EveryActOfAGeneratedHistoryPrintsAsProtobufPrintsIt) {
  testing::TempDir dir;
  auto log = ledger::EventLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok()) << log.status();
  bench::HistoryOptions options;
  options.target_events = 20000;
  options.items_per_oro_meeting = 10;
  ASSERT_TRUE(bench::GenerateHistory(log->get(), options).ok());
  const uint64_t head = (*log)->GetHead().position();
  ASSERT_GT(head, 10000u);
  int compared = 0;
  int direct_walks = 0;
  for (uint64_t p = 1; p <= head; ++p) {
    absl::StatusOr<v1::GovernanceEvent> act =
        ledger::core::DecodeGovernanceEvent(*(*log)->ReadEvent(p));
    if (!act.ok()) continue;
    ASSERT_EQ(Fast(*act), Protobuf(*act)) << "position " << p;
    std::string direct;
    if (AppendMessageJsonDirectly(*act, &direct)) ++direct_walks;
    ++compared;
  }
  EXPECT_GT(compared, 10000);
  // The fast walk, not the fallback, printed nearly all of them.
  EXPECT_GT(direct_walks, compared * 9 / 10);
}

TEST(MessageJsonTest, WhatItIsNotSureOfIsPrintedByProtobuf) {
  v1::GovernanceEvent act;
  v1::ProposalSubmitted* proposal = act.mutable_proposal_submitted();
  proposal->set_proposal_id("p<1>&'=\"\\");
  proposal->set_title("Co\u00f6rdinatie\n\ttab \u2028 \x01 \x7f");
  proposal->add_decision_points()->set_number(4294967295u);
  proposal->add_decision_points();  // An empty message in a list.
  v1::DocumentRef* document = proposal->add_documents();
  document->set_size_bytes(18446744073709551615ull);
  document->set_sha256(std::string(64, 'a'));
  EXPECT_EQ(Fast(act), Protobuf(act));
  std::string direct;
  EXPECT_FALSE(AppendMessageJsonDirectly(act, &direct));
  EXPECT_EQ(direct, "");
  v1::GovernanceEvent vote;
  vote.mutable_vote_cast()->set_choice(static_cast<v1::VoteChoice>(77));  // No name.
  EXPECT_EQ(Fast(vote), Protobuf(vote));
  v1::GovernanceEvent empty_body;
  empty_body.mutable_body_established();  // Set, but all defaults.
  EXPECT_EQ(Fast(empty_body), Protobuf(empty_body));
  EXPECT_EQ(Fast(empty_body), R"({"bodyEstablished":{}})");
  v1::Checkpoint checkpoint;  // Bytes and a Timestamp.
  checkpoint.set_tree_size(3);
  checkpoint.set_root_hash(std::string("\x00\xff", 2));
  checkpoint.mutable_time()->set_seconds(1764000000);
  EXPECT_EQ(Fast(checkpoint), Protobuf(checkpoint));
}

}  // namespace
}  // namespace besluitlog::tools
