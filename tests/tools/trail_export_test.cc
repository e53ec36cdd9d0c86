#include "tools/trail_export.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "besluitlog/v1/cli.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/sha256.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(TrailExportTest, CsvEscapesQuotesDelimitersAndFormulas) {
  EXPECT_EQ(CsvLine({"a", "b;c", "say \"hi\"", "two\nlines"}, ';'),
            "a;\"b;c\";\"say \"\"hi\"\"\";\"two\nlines\"\r\n");
  EXPECT_EQ(CsvLine({"=SUM(A1)", "+1", "-1", "@cmd", "plain"}, ','),
            "'=SUM(A1),'+1,'-1,'@cmd,plain\r\n");
}

TEST(TrailExportTest, JsonStringsAreEscaped) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
}

TEST(TrailExportTest, TrailLinesAreProtobufJson) {
  v1::Event event;
  event.set_event_id("6f9619ff-8b86-d011-b42d-00c04fc964ff");
  event.set_stream_id("meeting/\"quoted\"");
  event.set_stream_version(3);
  event.set_global_position(12345678901ULL);
  event.set_event_type("VoteCast");
  event.mutable_recorded_at()->set_seconds(1764000000);
  event.mutable_recorded_at()->set_nanos(123000);
  event.set_actor("w\u00e9thouder\n");
  event.set_content_type("application/json");
  event.set_payload(std::string("\0\xff{}", 4));
  event.set_prev_hash(std::string(32, '\x01'));
  event.set_hash(std::string(32, '\x02'));
  v1::InclusionProof proof;
  proof.set_leaf_index(12345678900ULL);
  proof.set_tree_size(12345678902ULL);
  proof.add_hashes(std::string(32, '\x03'));
  proof.add_hashes(std::string(32, '\x04'));
  std::string line;
  AppendTrailEventLine(event, proof, {}, &line);
  v1::cli::TrailLine parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &parsed).ok()) << line;
  // Every byte string is lower-case hex.
  EXPECT_EQ(parsed.event().payload(), "00ff7b7d");
  std::string ones;
  for (int i = 0; i < 32; ++i) ones += "01";
  EXPECT_EQ(parsed.event().prev_hash(), ones);
  EXPECT_EQ(parsed.event().hash(), absl::BytesToHexString(std::string(32, '\x02')));
  EXPECT_THAT(parsed.proof().hashes(), ElementsAre(absl::BytesToHexString(proof.hashes(0)),
                                                   absl::BytesToHexString(proof.hashes(1))));
  EXPECT_EQ(parsed.event().global_position(), event.global_position());
  EXPECT_EQ(parsed.event().stream_id(), event.stream_id());
  EXPECT_EQ(parsed.event().actor(), event.actor());
  EXPECT_EQ(parsed.event().recorded_at().nanos(), 123000);
  EXPECT_EQ(parsed.proof().leaf_index(), proof.leaf_index());
  EXPECT_EQ(parsed.proof().tree_size(), proof.tree_size());

  // The same proof as references into a batch's shared nodes.
  v1::InclusionProof shared;
  shared.set_leaf_index(proof.leaf_index());
  shared.set_tree_size(proof.tree_size());
  shared.add_node_refs(1);
  shared.add_node_refs(0);
  const std::vector<std::string> encoded_nodes = {absl::BytesToHexString(proof.hashes(1)),
                                                  absl::BytesToHexString(proof.hashes(0))};
  std::string shared_line;
  AppendTrailEventLine(event, shared, encoded_nodes, &shared_line);
  EXPECT_EQ(shared_line, line);
}

TEST(TrailExportTest, RecordedAtIsSpelledAsProtobufSpellsATimestamp) {
  // Whole seconds, milli-, micro- and nanoseconds, the same second twice
  // with different fractions, and the first and last second protobuf allows.
  const std::vector<std::pair<int64_t, int32_t>> times = {
      {1764000000, 0},   {1764000000, 250000000}, {1764000000, 123000},
      {1764000000, 7},   {1764000001, 999999999}, {1764000001, 0},
      {-62135596800, 0}, {253402300799, 1000000}, {0, 10}};
  for (const auto& [seconds, nanos] : times) {
    v1::Event event;
    event.mutable_recorded_at()->set_seconds(seconds);
    event.mutable_recorded_at()->set_nanos(nanos);
    std::string line;
    AppendTrailEventLine(event, v1::InclusionProof(), {}, &line);
    EXPECT_THAT(line, HasSubstr(absl::StrCat(
                          "\"recordedAt\":\"",
                          google::protobuf::util::TimeUtil::ToString(event.recorded_at()), "\"")))
        << seconds << " s " << nanos << " ns";
  }
}

TEST(TrailExportTest, CsvRoundTrips) {
  const std::vector<std::vector<std::string>> rows = {
      CsvHeader(),
      {"1", "2025-11-24 17:00:00", "sbo", "sbo-1", "VoteCast", "w1", "KPI; \"wachttijd\"", "w1 FOR",
       "ab"},
      {"2", "x", "", "", "", "", "line\r\nbreak", "", ""}};
  for (char delimiter : {';', ','}) {
    std::string text(kUtf8Bom);
    for (const auto& row : rows) text += CsvLine(row, delimiter);
    EXPECT_EQ(ParseCsv(text, delimiter), rows) << delimiter;
  }
}

class TrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = ledger::EventLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok());
    log_ = *std::move(log);
    auto signer = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("key.pem"));
    ASSERT_TRUE(signer.ok());
    signer_ = *std::move(signer);
    ledger::governance::GovernanceCommands commands(log_.get(), &clock_);
    testing::RecordKpiDispute(commands);
  }

  // The JSONL lines an export of everything (or of `positions`) holds.
  std::vector<std::string> Trail(std::vector<uint64_t> positions = {}) {
    return TrailOf(*log_, *signer_, std::move(positions));
  }
  static std::vector<std::string> TrailOf(const ledger::EventLog& log,
                                          const ledger::core::CheckpointSigner& signer,
                                          std::vector<uint64_t> positions = {}) {
    const uint64_t size = log.GetHead().position();
    const bool complete = positions.empty();
    if (complete) {
      for (uint64_t p = 1; p <= size; ++p) positions.push_back(p);
    }
    std::vector<std::string> lines;
    v1::Checkpoint checkpoint;
    checkpoint.set_tree_size(size);
    checkpoint.set_root_hash(*log.TreeRoot(size));
    EXPECT_TRUE(signer.Sign(&checkpoint).ok());
    lines.push_back(TrailCheckpointLine(checkpoint, complete));
    for (uint64_t p : positions) {
      v1::InclusionProof proof;
      proof.set_leaf_index(p - 1);
      proof.set_tree_size(size);
      absl::StatusOr<std::vector<std::string>> hashes = log.InclusionProof(p - 1, size);
      EXPECT_TRUE(hashes.ok());
      if (hashes.ok()) {
        for (const std::string& h : *hashes) proof.add_hashes(h);
      }
      std::string json;
      AppendTrailEventLine(*log.ReadEvent(p), proof, {}, &json);
      lines.push_back(json);
    }
    return lines;
  }

  absl::Status Verify(const std::vector<std::string>& lines, uint64_t* count = nullptr) {
    uint64_t verified = 0;
    std::istringstream trail(absl::StrJoin(lines, "\n"));
    absl::Status status =
        VerifyJsonlTrail(trail, SignerTrust::Only(signer_->public_key()), &verified);
    if (count != nullptr) *count = verified;
    return status;
  }

  testing::TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(1764000000)};
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<ledger::core::CheckpointSigner> signer_;
};

TEST_F(TrailTest, AnUntouchedTrailVerifies) {
  uint64_t count = 0;
  EXPECT_TRUE(Verify(Trail(), &count).ok());
  EXPECT_EQ(count, log_->GetHead().position());
  EXPECT_TRUE(Verify(Trail({3, 7, 20}), &count).ok()) << "a filtered trail";
  EXPECT_EQ(count, 3u);
}

TEST_F(TrailTest, EditedDroppedAndReorderedLinesAreNamed) {
  std::vector<std::string> lines = Trail();
  std::vector<std::string> edited = lines;
  const size_t at = edited[6].find("secretariaat");
  ASSERT_NE(at, std::string::npos);
  edited[6].replace(at, 12, "mallory12345");
  EXPECT_THAT(Verify(edited).message(), HasSubstr("line 7: the event at position 6 was edited"));

  std::vector<std::string> dropped = lines;
  dropped.erase(dropped.begin() + 4);
  EXPECT_THAT(Verify(dropped).message(), HasSubstr("line 5: position 4 is missing"));

  std::vector<std::string> truncated(lines.begin(), lines.end() - 2);
  EXPECT_THAT(Verify(truncated).message(), HasSubstr("lines at the end were dropped"));

  std::vector<std::string> reordered = lines;
  std::swap(reordered[3], reordered[4]);
  EXPECT_THAT(Verify(reordered).message(), HasSubstr("line 4: position 3 is missing"));
  std::vector<std::string> filtered = Trail({3, 7, 20});
  std::swap(filtered[1], filtered[2]);
  EXPECT_THAT(Verify(filtered).message(), HasSubstr("line 3: position 3 comes after 7"));

  std::vector<std::string> resigned = lines;
  resigned[0] = Trail({1})[0];
  auto other = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("other.pem"));
  v1::Checkpoint checkpoint;
  checkpoint.set_tree_size(log_->GetHead().position());
  checkpoint.set_root_hash(*log_->TreeRoot(checkpoint.tree_size()));
  ASSERT_TRUE((*other)->Sign(&checkpoint).ok());
  resigned[0] = TrailCheckpointLine(checkpoint, true);
  const absl::Status resigned_status = Verify(resigned);
  EXPECT_EQ(resigned_status.code(), absl::StatusCode::kPermissionDenied) << resigned_status;
  EXPECT_THAT(
      resigned_status.message(),
      HasSubstr(absl::StrCat("line 1: the checkpoint is signed by key ",
                             KeyFingerprint((*other)->public_key()), ", not by the trusted key ",
                             KeyFingerprint(signer_->public_key()))));
}

// The whole history again with one vote turned round: the chain, the tree,
// every proof and the checkpoint are recomputed and signed with a new key.
// Everything in it is consistent; only the signer is a stranger.
TEST_F(TrailTest, AReSignedForgeryIsRefusedWithoutATrustedKey) {
  auto forged_log = ledger::EventLog::Open(dir_.Sub("forged"));
  ASSERT_TRUE(forged_log.ok());
  bool turned = false;
  for (uint64_t p = 1; p <= log_->GetHead().position(); ++p) {
    const v1::Event event = *log_->ReadEvent(p);
    v1::StreamAppend append;
    append.set_stream_id(event.stream_id());
    v1::ProposedEvent* copy = append.add_events();
    copy->set_event_type(event.event_type());
    copy->set_actor(event.actor());
    copy->set_content_type(event.content_type());
    copy->set_payload(event.payload());
    absl::StatusOr<v1::GovernanceEvent> g = ledger::core::DecodeGovernanceEvent(event);
    if (!turned && g.ok() && g->has_vote_cast() && g->vote_cast().choice() == v1::AGAINST) {
      g->mutable_vote_cast()->set_choice(v1::FOR);
      copy->set_payload(g->SerializeAsString());
      turned = true;
    }
    ASSERT_TRUE((*forged_log)->Append(append).ok());
  }
  ASSERT_TRUE(turned);
  auto forger = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("forger.pem"));
  ASSERT_TRUE(forger.ok());
  const std::vector<std::string> forged = TrailOf(**forged_log, **forger);
  uint64_t count = 0;
  // Nothing trusted, or only the genuine key pinned: the forger is unknown.
  std::istringstream no_key(absl::StrJoin(forged, "\n"));
  const absl::Status status = VerifyJsonlTrail(no_key, SignerTrust(), &count);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition)
      << "a signature by a key nobody trusts proves nothing: " << status;
  EXPECT_THAT(status.message(),
              HasSubstr("line 1: unknown signer: the checkpoint is signed by a key you have not "
                        "trusted, fingerprint " +
                        KeyFingerprint((*forger)->public_key())));
  const std::string config = dir_.Sub("config");
  ASSERT_TRUE(PinKey(config, ledger::core::Sha256(signer_->public_key()), "").ok());
  absl::StatusOr<SignerTrust> pinned = SignerTrust::Load(config);
  ASSERT_TRUE(pinned.ok()) << pinned.status();
  std::istringstream with_pin(absl::StrJoin(forged, "\n"));
  EXPECT_THAT(VerifyJsonlTrail(with_pin, *pinned, &count).message(), HasSubstr("unknown signer"));
  EXPECT_EQ(count, 0u);
  // The genuine trail passes against the same pin.
  std::istringstream genuine(absl::StrJoin(Trail(), "\n"));
  EXPECT_TRUE(VerifyJsonlTrail(genuine, *pinned, &count).ok());
  EXPECT_EQ(count, log_->GetHead().position());
}

// What another writer of the same trail may do (the line format grows):
// keys in another order and in proto spelling, numbers as JSON numbers,
// hashes in lower-case hex, URL-safe base64 without padding, escapes, and
// fields the verifier does not know (a decoded view beside the exact
// bytes). Such a trail verifies, and a change to it is still found.
TEST_F(TrailTest, TheLineFormatMayGrowAndSpellHashesInHex) {
  const std::vector<std::string> lines = Trail();
  std::vector<std::string> respelled = {lines[0]};
  for (size_t i = 1; i < lines.size(); ++i) {
    v1::cli::TrailLine parsed;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[i], &parsed).ok());
    const v1::cli::TrailEvent& e = parsed.event();
    std::string hashes;
    for (const std::string& h : parsed.proof().hashes()) {
      absl::StrAppend(&hashes, hashes.empty() ? "" : ",", "\"", h, "\"");
    }
    // The previous hash in URL-safe base64 without padding; the payload
    // stays hex, its one spelling.
    std::string prev_hash;
    absl::WebSafeBase64Escape(absl::HexStringToBytes(e.prev_hash()), &prev_hash);
    const std::string& payload = e.payload();
    // The actor with every ASCII character escaped, as a JSON writer may.
    std::string actor = "\"";
    for (unsigned char c : e.actor()) {
      if (c < 0x80) {
        absl::StrAppend(&actor, absl::StrFormat("\\u%04x", c));
      } else {
        actor.push_back(static_cast<char>(c));
      }
    }
    actor += "\"";
    respelled.push_back(absl::StrCat(
        R"({"note":{"x":[1,-2.5e3,true,null,{"y":"\"]"}]},"proof":{"hashes":[)", hashes,
        R"(],"tree_size":)", parsed.proof().tree_size(), R"(,"leaf_index":")",
        parsed.proof().leaf_index(), R"("},"event":{"extra":{"decoded":[{"a":"b"}]},"hash":")",
        e.hash(), R"(","prev_hash":")", prev_hash, R"(","payload":")", payload,
        R"(","global_position":)", e.global_position(), R"(,"stream_version":)", e.stream_version(),
        R"(,"event_id":)", JsonQuote(e.event_id()), R"(,"stream_id":)", JsonQuote(e.stream_id()),
        R"(,"event_type":)", JsonQuote(e.event_type()), R"(,"recorded_at":")",
        google::protobuf::util::TimeUtil::ToString(e.recorded_at()), R"(","actor":)", actor,
        R"(,"correlation_id":)", JsonQuote(e.correlation_id()), R"(,"causation_id":)",
        JsonQuote(e.causation_id()), R"(,"content_type":)", JsonQuote(e.content_type()), "}}"));
  }
  uint64_t count = 0;
  const absl::Status respelled_status = Verify(respelled, &count);
  EXPECT_TRUE(respelled_status.ok()) << respelled_status << "\n" << respelled[5];
  EXPECT_EQ(count, log_->GetHead().position());

  // One hex digit of one proof hash in the middle, and of an event hash.
  std::vector<std::string> changed = respelled;
  const size_t proof_at = changed[9].find(R"("hashes":[")") + 11;
  changed[9][proof_at] = changed[9][proof_at] == '0' ? '1' : '0';
  EXPECT_THAT(Verify(changed).message(),
              HasSubstr("line 10: inclusion proof for leaf 8 does not lead to the root"));
  changed = respelled;
  const size_t hash_at = changed[9].find(R"("hash":")") + 8;
  changed[9][hash_at] = changed[9][hash_at] == '0' ? '1' : '0';
  EXPECT_THAT(Verify(changed).message(), HasSubstr("line 10: the event at position 9 was edited"));
  // Not JSON, or not an event with a proof.
  changed = respelled;
  changed[9].pop_back();
  EXPECT_THAT(Verify(changed).message(), HasSubstr("line 10: not an event with a proof"));
  changed = respelled;
  changed[9] = R"({"event":{"hash":"00"}})";
  EXPECT_THAT(Verify(changed).message(), HasSubstr("line 10: not an event with a proof"));
}

// A line may not name a field twice (in either spelling): a reader would
// see the first value while the hash covers the last.
TEST_F(TrailTest, AFieldGivenTwiceIsRefused) {
  std::vector<std::string> lines = Trail();
  const size_t event_at = lines[5].find(R"("event":{)");
  ASSERT_NE(event_at, std::string::npos);
  std::vector<std::string> changed = lines;
  changed[5].insert(event_at + 9, R"("stream_id":"meeting/verzonnen",)");
  EXPECT_THAT(Verify(changed).message(), HasSubstr("line 6: not an event with a proof"));
  changed = lines;
  const size_t proof_at = changed[5].find(R"("proof":{)");
  ASSERT_NE(proof_at, std::string::npos);
  changed[5].insert(proof_at + 9, R"("leaf_index":"0",)");
  EXPECT_THAT(Verify(changed).message(), HasSubstr("line 6: not an event with a proof"));
  // A governance act has one decoded view: "data" beside "act" is refused.
  changed = lines;
  changed[5].insert(event_at + 9, R"("data":{"titel":"verzonnen"},)");
  EXPECT_THAT(Verify(changed).message(),
              HasSubstr("line 6: the decoded act of the event at position 5 was edited"));
}

// The leaf covers neither prevHash nor hash, so a line whose prevHash was
// changed and hash recomputed is caught by the chain to the line before.
TEST_F(TrailTest, ARechainedLineIsCaughtByTheLineBefore) {
  std::vector<std::string> lines = Trail();
  v1::Event event = *log_->ReadEvent(5);
  const std::string old_prev = absl::BytesToHexString(event.prev_hash());
  const std::string old_hash = absl::BytesToHexString(event.hash());
  event.set_prev_hash(std::string(32, '\x07'));
  const std::string new_hash = absl::BytesToHexString(ledger::core::ComputeEventHash(event));
  std::string& line = lines[5];
  const size_t prev_at = line.find(old_prev);
  ASSERT_NE(prev_at, std::string::npos);
  line.replace(prev_at, old_prev.size(), absl::BytesToHexString(event.prev_hash()));
  const size_t hash_at = line.find(old_hash);
  ASSERT_NE(hash_at, std::string::npos);
  line.replace(hash_at, old_hash.size(), new_hash);
  EXPECT_THAT(Verify(lines).message(),
              HasSubstr("line 6: the event at position 5 does not follow the event before it"));
}

TEST_F(TrailTest, RowsSayWhichBodyMeetingAndOutcome) {
  ActDescriber describer;
  std::vector<ActRow> decisions, votes, attendance;
  for (uint64_t p = 1; p <= log_->GetHead().position(); ++p) {
    ActRow row = describer.Describe(*log_->ReadEvent(p));
    if (row.act == "DecisionTaken") decisions.push_back(row);
    if (row.act == "VoteCast") votes.push_back(row);
    if (row.act == "AttendanceRecorded") attendance.push_back(row);
  }
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_EQ(decisions[2].body, "sbo");
  EXPECT_EQ(decisions[2].meeting, "sbo-1");
  EXPECT_EQ(decisions[2].meeting_date, "2024-11-20");
  EXPECT_EQ(decisions[2].item, "2");
  EXPECT_EQ(decisions[2].subject, "Proposal kpi");
  // The outcome in Dutch; the point's number and text; who was there.
  EXPECT_EQ(decisions[2].outcome,
            "punt 1: aangenomen, bekrachtiging gevraagd (voor 4, tegen 0, onthouding 0)");
  EXPECT_EQ(decisions[1].outcome, "punt 1: geen overeenstemming (voor 1, tegen 1, onthouding 0)");
  EXPECT_EQ(decisions[2].point, "1");
  EXPECT_EQ(decisions[2].point_text, "Wachttijd-KPI");
  EXPECT_EQ(decisions[2].present,
            "Name of w1 (w1); Name of w2 (w2); Name of d1 (d1); Name of d2 (d2)");
  EXPECT_EQ(decisions[2].absent, "");
  // A vote says which point, its text, whose seat and who voted.
  ASSERT_FALSE(votes.empty());
  EXPECT_EQ(votes.back().point, "1");
  EXPECT_EQ(votes.back().point_text, "Wachttijd-KPI");
  EXPECT_EQ(votes.back().seat, "Name of d2 (d2)");
  EXPECT_EQ(votes.back().voter, "Name of d2 (d2)");
  EXPECT_EQ(votes.back().represents, "Combinatie");
  EXPECT_EQ(votes.back().outcome, "voor");
  ASSERT_FALSE(attendance.empty());
  EXPECT_EQ(attendance.front().present, "Name of g (g)");
  TrailFilter filter;
  filter.body = "oro";
  EXPECT_FALSE(filter.Matches(decisions[2]));
  EXPECT_TRUE(filter.Matches(decisions[1]));
}

}  // namespace
}  // namespace besluitlog::tools
