// The export's writers as ledgerctl export uses them (MakeExportWriter):
// over gRPC from a real server holding a generated history of several
// pages (so that pages are read ahead, recycled and written while the next
// is formatted), every format writes what its writer alone writes, and an
// output that stops taking bytes ends the export with an error.
#include "tools/export_writer.h"

#include <memory>
#include <sstream>
#include <streambuf>
#include <string>

#include "absl/strings/str_split.h"
#include "bench/history_generator.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/page_size.h"
#include "ledger/event_log.h"
#include "services/ledger_server.h"
#include "tests/testing/temp_dir.h"
#include "tools/async_output.h"
#include "tools/csv_writer.h"
#include "tools/export_trail.h"
#include "tools/html_writer.h"
#include "tools/jsonl_writer.h"
#include "tools/popolo_writer.h"
#include "tools/votes_writer.h"

namespace besluitlog::tools {
namespace {

// Takes `capacity` bytes, then fails like a full disk.
class FullDisk : public std::streambuf {
 public:
  explicit FullDisk(size_t capacity) : capacity_(capacity) {}
  const std::string& taken() const { return taken_; }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    return xsputn(&byte, 1) == 1 ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    const size_t room = capacity_ - taken_.size();
    const size_t taken = std::min<size_t>(room, size);
    taken_.append(data, taken);
    return static_cast<std::streamsize>(taken);
  }

 private:
  const size_t capacity_;
  std::string taken_;
};

class ExportWriterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    history_ = new History;
    auto log = ledger::EventLog::Open(history_->dir.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    history_->log = *std::move(log);
    bench::HistoryOptions options;
    options.target_events = 2 * ledger::core::kMaxPageSize + 5000;
    options.items_per_oro_meeting = 10;
    ASSERT_TRUE(bench::GenerateHistory(history_->log.get(), options).ok());
    auto signer = ledger::core::CheckpointSigner::LoadOrCreate(history_->dir.Sub("key.pem"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    history_->signer = *std::move(signer);
    services::ServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    server_options.clock = &history_->clock;
    auto server = services::LedgerServer::Start(history_->log.get(), server_options, nullptr,
                                                nullptr, history_->signer.get());
    ASSERT_TRUE(server.ok()) << server.status();
    history_->server = *std::move(server);
    auto channel =
        grpc::CreateChannel(history_->server->address(), grpc::InsecureChannelCredentials());
    history_->ledger = v1::LedgerService::NewStub(channel);
    history_->audit = v1::AuditService::NewStub(channel);
  }
  static void TearDownTestSuite() {
    if (history_->server != nullptr) history_->server->Shutdown();
    delete history_;
    history_ = nullptr;
  }

  // The format's writer alone, writing straight into `out`.
  static std::unique_ptr<ExportWriter> Alone(const std::string& format, std::ostream* out) {
    if (format == "csv") return std::make_unique<CsvWriter>(';', out);
    if (format == "votes") return std::make_unique<VotesWriter>(';', out);
    if (format == "jsonl") return std::make_unique<JsonlWriter>(history_->audit.get(), out);
    if (format == "html") return std::make_unique<HtmlWriter>(out);
    return std::make_unique<PopoloWriter>(out);
  }

  static absl::Status Export(ExportWriter& writer, ExportSummary* summary = nullptr) {
    return ExportTrail(*history_->ledger, *history_->audit, TrailFilter(), /*progress=*/nullptr,
                       writer, summary);
  }

  // The JSONL checkpoint line carries the time the server signed it, which
  // differs per export; everything after it must not.
  static std::string WithoutCheckpointLine(const std::string& format, const std::string& text) {
    if (format != "jsonl") return text;
    return std::string(absl::StripPrefix(text, text.substr(0, text.find('\n') + 1)));
  }

  struct History {
    testing::TempDir dir;
    ledger::ManualClock clock{absl::FromUnixSeconds(1893456000)};  // 2030-01-01.
    std::unique_ptr<ledger::EventLog> log;
    std::unique_ptr<ledger::core::CheckpointSigner> signer;
    std::unique_ptr<services::LedgerServer> server;
    std::unique_ptr<v1::LedgerService::Stub> ledger;
    std::unique_ptr<v1::AuditService::Stub> audit;
  };
  static History* history_;
};

ExportWriterTest::History* ExportWriterTest::history_ = nullptr;

TEST_F(ExportWriterTest, EveryFormatWritesWhatItsWriterAloneWrites) {
  const uint64_t head = history_->log->GetHead().position();
  ASSERT_GT(head, 2 * ledger::core::kMaxPageSize) << "the history spans three pages";
  for (const char* format : kExportFormats) {
    SCOPED_TRACE(format);
    std::ostringstream alone_out;
    {
      std::unique_ptr<ExportWriter> alone = Alone(format, &alone_out);
      const absl::Status exported = Export(*alone);
      ASSERT_TRUE(exported.ok()) << exported;
    }
    std::ostringstream out;
    ExportSummary summary;
    {
      absl::StatusOr<std::unique_ptr<ExportWriter>> writer =
          MakeExportWriter(format, ';', history_->audit.get(), &out);
      ASSERT_TRUE(writer.ok()) << writer.status();
      const absl::Status exported = Export(**writer, &summary);
      ASSERT_TRUE(exported.ok()) << exported;
    }
    EXPECT_EQ(summary.tree_size, head);
    ASSERT_GT(out.str().size(), AsyncOutput::kBlockSize) << "more than one block";
    // Compared without gtest printing two long documents when they differ.
    const std::string expected = WithoutCheckpointLine(format, alone_out.str());
    const std::string actual = WithoutCheckpointLine(format, out.str());
    EXPECT_EQ(actual.size(), expected.size());
    EXPECT_TRUE(actual == expected);
    if (std::string(format) == "jsonl") {
      EXPECT_EQ(summary.acts, head);
      const std::vector<absl::string_view> lines = absl::StrSplit(actual, '\n', absl::SkipEmpty());
      EXPECT_EQ(lines.size(), head) << "one line per event after the checkpoint";
    }
  }
}

TEST_F(ExportWriterTest, AnOutputThatStopsTakingBytesEndsTheExportWithAnError) {
  for (const char* format : kExportFormats) {
    SCOPED_TRACE(format);
    // Room for the start of the document, not for the trail.
    FullDisk disk(64 << 10);
    std::ostream out(&disk);
    absl::StatusOr<std::unique_ptr<ExportWriter>> writer =
        MakeExportWriter(format, ';', history_->audit.get(), &out);
    ASSERT_TRUE(writer.ok()) << writer.status();
    const absl::Status exported = Export(**writer);
    EXPECT_EQ(exported.code(), absl::StatusCode::kDataLoss) << exported;
    EXPECT_THAT(exported.message(), ::testing::HasSubstr("could not be written completely"));
    EXPECT_EQ(disk.taken().size(), 64u << 10) << "what fitted was written";
  }
}

TEST(AsyncOutputTest, BytesArriveInOrderAcrossBlocksWhateverTheWriteSizes) {
  std::ostringstream target;
  std::string expected;
  {
    AsyncOutput output(&target, /*block_size=*/100, /*depth=*/2);
    for (int i = 0; i < 5000; ++i) {
      // Single characters, short lines and runs longer than a block.
      const std::string piece =
          i % 7 == 0 ? std::string(1, static_cast<char>('a' + i % 26))
                     : absl::StrCat(i, ":", std::string(static_cast<size_t>(i % 250), 'x'), "\n");
      if (piece.size() == 1) {
        output.stream().put(piece[0]);
      } else {
        output.stream() << piece;
      }
      expected += piece;
    }
    EXPECT_TRUE(output.Finish().ok());
    EXPECT_EQ(target.str().size(), expected.size()) << "all there once Finish() returned";
    output.stream() << "after";
    EXPECT_FALSE(output.stream().good()) << "nothing goes anywhere after Finish()";
  }
  EXPECT_TRUE(target.str() == expected);
}

TEST(AsyncOutputTest, TheDestructorWritesWhatWasLeft) {
  std::ostringstream target;
  {
    AsyncOutput output(&target, /*block_size=*/16, /*depth=*/1);
    output.stream() << "ends without Finish()";
  }
  EXPECT_EQ(target.str(), "ends without Finish()");
}

}  // namespace
}  // namespace besluitlog::tools
