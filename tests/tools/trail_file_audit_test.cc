// VerifyJsonlTrailFile (the trail check of `ledgerctl audit --file`, in
// blocks of lines on several threads) against VerifyJsonlTrail (one line
// after another) on trails a real besluitlogd exported through ledgerctl:
// for every way of tampering with every line, with blocks so small that
// each line is a block's first (the seam), and of sizes that cut the trail
// elsewhere, both must give the same answer: the same error naming the
// same line, the same count of verified events.
#include "tools/trail_file_audit.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/event_hash.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/server_process.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;

// What a check answered.
struct Answer {
  absl::Status status;
  uint64_t verified = 0;
};

class TrailFileAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string data = dir_.Sub("data");
    {
      auto log = ledger::EventLog::Open(data);
      ASSERT_TRUE(log.ok()) << log.status();
      ledger::ManualClock clock(absl::FromUnixSeconds(1764000000));
      ledger::governance::GovernanceCommands commands(log->get(), &clock);
      testing::RecordKpiDispute(commands);
      events_ = (*log)->GetHead().position();
      // Each event with another prevHash and its hash recomputed: a line
      // that is sound in itself but not chained to the line before.
      for (uint64_t p = 1; p <= events_; ++p) {
        v1::Event event = *(*log)->ReadEvent(p);
        Rechained r;
        r.old_prev = absl::BytesToHexString(event.prev_hash());
        r.old_hash = absl::BytesToHexString(event.hash());
        event.set_prev_hash(std::string(32, '\x07'));
        r.new_prev = absl::BytesToHexString(event.prev_hash());
        r.new_hash = absl::BytesToHexString(ledger::core::ComputeEventHash(event));
        rechained_.push_back(r);
      }
    }
    auto key = ledger::core::CheckpointSigner::LoadOrCreate(data + "/checkpoint_key.pem");
    ASSERT_TRUE(key.ok()) << key.status();
    signers_ = SignerTrust::Only((*key)->public_key());
    testing::ServerProcess server(BESLUITLOGD_PATH, data, dir_.path());
    const std::string address = server.WaitForAddress();
    ASSERT_FALSE(address.empty());
    complete_ = Export(server.AdminFlags(address), "");
    filtered_ = Export(server.AdminFlags(address), "--type=VoteCast");
    ASSERT_EQ(complete_.size(), events_ + 1);
    ASSERT_GT(filtered_.size(), 3u);
  }

  // The lines of a JSONL export through the real binaries.
  std::vector<std::string> Export(const std::string& at, const std::string& flags) {
    const std::string path = dir_.Sub("export.jsonl");
    int exit_code = -1;
    const std::string output =
        testing::RunCommand(absl::StrCat(LEDGERCTL_PATH, " ", at, " export --format=jsonl ", flags,
                                         " --out=", path, " 2>&1"),
                            &exit_code);
    EXPECT_EQ(exit_code, 0) << output;
    return absl::StrSplit(testing::ReadFile(path), '\n', absl::SkipEmpty());
  }

  // The trail as a file: its lines, each ended by a newline but the last
  // when `last_newline` is false.
  std::string Write(const std::vector<std::string>& lines, bool last_newline = true) {
    const std::string path = dir_.Sub("trail.jsonl");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << absl::StrJoin(lines, "\n") << (last_newline && !lines.empty() ? "\n" : "");
    return path;
  }

  static Answer Serial(const std::string& path, const SignerTrust& signers) {
    Answer answer;
    std::ifstream in(path, std::ios::binary);
    answer.status = VerifyJsonlTrail(in, signers, &answer.verified);
    return answer;
  }
  static Answer InBlocks(const std::string& path, const SignerTrust& signers, size_t block_bytes,
                         int threads, bool map_file = true) {
    Answer answer;
    answer.status = VerifyJsonlTrailFile(
        path, signers, &answer.verified, nullptr, nullptr,
        {.block_bytes = block_bytes, .threads = threads, .map_file = map_file});
    return answer;
  }

  // Checks `lines` one after another and in blocks of several sizes (1:
  // every line is a block's first); all must agree. Returns the serial
  // answer.
  Answer ExpectSameAnswer(const std::vector<std::string>& lines, const std::string& what,
                          bool last_newline = true) {
    const std::string path = Write(lines, last_newline);
    const Answer serial = Serial(path, signers_);
    for (const size_t block_bytes : {size_t{1}, size_t{1500}, size_t{4000}, size_t{4} << 20}) {
      for (const int threads : {1, 3}) {
        for (const bool map_file : {true, false}) {
          const Answer blocks = InBlocks(path, signers_, block_bytes, threads, map_file);
          const std::string where =
              absl::StrCat(what, ", blocks of ", block_bytes, " bytes, ", threads, " threads, ",
                           map_file ? "mapped" : "read");
          EXPECT_EQ(blocks.status, serial.status) << where;
          EXPECT_EQ(blocks.verified, serial.verified) << where;
        }
      }
    }
    return serial;
  }

  struct Rechained {
    std::string old_prev, old_hash, new_prev, new_hash;
  };

  testing::TempDir dir_;
  uint64_t events_ = 0;
  std::vector<Rechained> rechained_;  // By position - 1.
  SignerTrust signers_;
  std::vector<std::string> complete_;  // Line 1 the checkpoint, line p + 1 position p.
  std::vector<std::string> filtered_;
};

TEST_F(TrailFileAuditTest, AnUntouchedTrailVerifiesInAnyBlocks) {
  Answer answer = ExpectSameAnswer(complete_, "complete");
  EXPECT_TRUE(answer.status.ok()) << answer.status;
  EXPECT_EQ(answer.verified, events_);
  answer = ExpectSameAnswer(filtered_, "filtered");
  EXPECT_TRUE(answer.status.ok()) << answer.status;
  EXPECT_EQ(answer.verified, filtered_.size() - 1);
  answer = ExpectSameAnswer(complete_, "no newline at the end", /*last_newline=*/false);
  EXPECT_TRUE(answer.status.ok()) << answer.status;
  // Blank lines are skipped but counted in the line numbers.
  std::vector<std::string> blank = complete_;
  blank.insert(blank.begin() + 3, "");
  blank.insert(blank.begin() + 3, "");
  blank.push_back("");
  answer = ExpectSameAnswer(blank, "blank lines");
  EXPECT_TRUE(answer.status.ok()) << answer.status;
  EXPECT_EQ(answer.verified, events_);
  // The same characters spelled with JSON escapes are the same event.
  std::vector<std::string> escaped = complete_;
  for (size_t i = 1; i < escaped.size(); ++i) {
    const size_t at = escaped[i].find("\"actor\":\"");
    ASSERT_NE(at, std::string::npos);
    const char c = escaped[i][at + 9];
    escaped[i].replace(at + 9, 1, absl::StrFormat("\\u%04x", c));
  }
  answer = ExpectSameAnswer(escaped, "escaped");
  EXPECT_TRUE(answer.status.ok()) << answer.status;
  EXPECT_EQ(answer.verified, events_);
}

TEST_F(TrailFileAuditTest, ATamperedLineIsNamedWhereverTheBlocksAreCut) {
  for (uint64_t p = 1; p <= events_; ++p) {
    const size_t i = p;  // Its line is number p + 1.
    std::vector<std::string> edited = complete_;
    const size_t at = edited[i].find("\"actor\":\"");
    ASSERT_NE(at, std::string::npos);
    edited[i].insert(at + 9, "X");
    EXPECT_THAT(
        ExpectSameAnswer(edited, absl::StrCat("edited ", p)).status.message(),
        HasSubstr(absl::StrCat("line ", p + 1, ": the event at position ", p, " was edited")));

    std::vector<std::string> rechained = complete_;
    const Rechained& r = rechained_[p - 1];
    rechained[i].replace(rechained[i].find(r.old_prev), r.old_prev.size(), r.new_prev);
    rechained[i].replace(rechained[i].find(r.old_hash), r.old_hash.size(), r.new_hash);
    EXPECT_THAT(
        ExpectSameAnswer(rechained, absl::StrCat("rechained ", p)).status.message(),
        HasSubstr(absl::StrCat("line ", p + 1, ": the event at position ", p,
                               p == 1 ? " does not follow" : " does not follow the event before")));

    std::vector<std::string> garbled = complete_;
    garbled[i] = "{\"event\":";
    EXPECT_THAT(ExpectSameAnswer(garbled, absl::StrCat("garbled ", p)).status.message(),
                HasSubstr(absl::StrCat("line ", p + 1, ": not an event with a proof")));

    std::vector<std::string> doubled = complete_;
    doubled.insert(doubled.begin() + i, complete_[i]);
    EXPECT_THAT(ExpectSameAnswer(doubled, absl::StrCat("doubled ", p)).status.message(),
                HasSubstr(absl::StrCat("line ", p + 2, ": position ", p, " comes after ", p)));

    if (p < events_) {
      std::vector<std::string> dropped = complete_;
      dropped.erase(dropped.begin() + i);
      EXPECT_THAT(ExpectSameAnswer(dropped, absl::StrCat("dropped ", p)).status.message(),
                  HasSubstr(absl::StrCat("line ", p + 1, ": position ", p, " is missing")));
      std::vector<std::string> swapped = complete_;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_THAT(ExpectSameAnswer(swapped, absl::StrCat("swapped ", p)).status.message(),
                  HasSubstr(absl::StrCat("line ", p + 1, ": position ", p, " is missing")));
    }
  }
  std::vector<std::string> truncated(complete_.begin(), complete_.end() - 3);
  EXPECT_THAT(ExpectSameAnswer(truncated, "truncated").status.message(),
              HasSubstr("lines at the end were dropped"));
}

TEST_F(TrailFileAuditTest, AFilteredTrailOutOfOrderIsNamedWhereverTheBlocksAreCut) {
  for (size_t i = 1; i + 1 < filtered_.size(); ++i) {
    std::vector<std::string> swapped = filtered_;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_THAT(ExpectSameAnswer(swapped, absl::StrCat("filtered, swapped ", i)).status.message(),
                HasSubstr(absl::StrCat("line ", i + 2, ": position ")));
  }
}

TEST_F(TrailFileAuditTest, TheCheckpointLineIsCheckedAsBefore) {
  EXPECT_THAT(ExpectSameAnswer({}, "empty").status.message(), HasSubstr("the trail is empty"));
  std::vector<std::string> no_checkpoint = complete_;
  no_checkpoint[0] = "{}";
  EXPECT_THAT(ExpectSameAnswer(no_checkpoint, "no checkpoint").status.message(),
              HasSubstr("line 1 is not a checkpoint"));
  const Answer stranger =
      InBlocks(Write(complete_), SignerTrust::Only(std::string(32, '\x01')), 1, 2);
  EXPECT_THAT(stranger.status.message(), HasSubstr("line 1: "));
  EXPECT_EQ(stranger.status,
            Serial(Write(complete_), SignerTrust::Only(std::string(32, '\x01'))).status);
  EXPECT_EQ(InBlocks(dir_.Sub("missing.jsonl"), signers_, 1, 2).status.code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace besluitlog::tools
