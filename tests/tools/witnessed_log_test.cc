// Witnessed checkpoints end to end, every party a real process: besluitlogd
// with three besluitlog-witness processes (each with its own data dir) and
// a policy of 2 of 3; witnesses killed while appends go on; a second log
// with the same key and origin but another history (a split view); and
// `ledgerctl audit --policy` as the client that must notice.
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/sha256.h"
#include "ledger/core/signed_note.h"
#include "ledger/uuid.h"
#include "tests/testing/child_process.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"
#include "tests/tools/witnessed_log_fixture.h"
#include "tools/client_channel.h"
#include "tools/trusted_keys.h"
#include "tools/witness_policy.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

PolicyVerdict Check(const std::string& policy_file, const std::string& note) {
  std::ifstream in(policy_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  absl::StatusOr<WitnessPolicy> policy = ParseWitnessPolicy(text);
  EXPECT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<PolicyVerdict> verdict = CheckNote(*policy, note);
  EXPECT_TRUE(verdict.ok()) << verdict.status() << "\n" << note;
  return verdict.value_or(PolicyVerdict());
}

// The policy examples an auditor copies from the README and docs/audit.md
// (the fenced blocks with a quorum line), with real keys in place of their
// elided ones: each must parse as written, comments and all.
TEST(WitnessedLogTest, ThePolicyExamplesInTheDocsParse) {
  const std::string log_key = ledger::core::FormatVerifierKey(ledger::core::MakeVerifierKey(
      "besluitlog.zhz.example/jeugdzorg", ledger::core::kNoteEd25519, std::string(32, 'l')));
  int examples = 0;
  for (const char* doc : {"README.md", "docs/audit.md"}) {
    std::ifstream in(std::string(SOURCE_DIR) + "/" + doc);
    ASSERT_TRUE(in) << doc;
    std::string line;
    std::vector<std::string> block;
    bool fenced = false;
    while (std::getline(in, line)) {
      if (line.rfind("```", 0) == 0) {
        const bool is_policy = std::any_of(block.begin(), block.end(), [](const std::string& l) {
          return l.rfind("quorum ", 0) == 0;
        });
        if (fenced && is_policy) {
          ++examples;
          std::string text;
          int witness = 0;
          for (const std::string& l : block) {
            std::vector<std::string> words = absl::StrSplit(l, ' ', absl::SkipEmpty());
            if (!words.empty() && words[0] == "log" && words.size() >= 2) {
              words[1] = log_key;
            } else if (!words.empty() && words[0] == "witness" && words.size() >= 3) {
              words[2] = ledger::core::FormatVerifierKey(ledger::core::MakeVerifierKey(
                  words[1], ledger::core::kNoteCosignatureV1, std::string(32, 'a' + witness++)));
            } else {
              absl::StrAppend(&text, l, "\n");  // Comments and spacing as written.
              continue;
            }
            absl::StrAppend(&text, absl::StrJoin(words, " "), "\n");
          }
          absl::StatusOr<WitnessPolicy> policy = ParseWitnessPolicy(text);
          EXPECT_TRUE(policy.ok()) << doc << ": " << policy.status() << "\n" << text;
        }
        fenced = !fenced;
        block.clear();
        continue;
      }
      if (fenced) block.push_back(line);
    }
  }
  EXPECT_GE(examples, 1) << "the docs show a policy";
  // A comment after a line's words is named as such.
  absl::StatusOr<WitnessPolicy> trailing =
      ParseWitnessPolicy(absl::StrCat("log ", log_key, "\nquorum none    # or a group\n"));
  EXPECT_FALSE(trailing.ok());
  EXPECT_THAT(trailing.status().message(), HasSubstr("a comment must be on a line of its own"));
}

TEST(WitnessedLogTest, TheLogsVerifierKeyCanBePinned) {
  testing::TempDir dir;
  const std::string vkey = PrepareDataDir(dir.Sub("log"));
  absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> signer =
      ledger::core::CheckpointSigner::LoadOrCreate(dir.Sub("log/checkpoint_key.pem"));
  ASSERT_TRUE(signer.ok());
  absl::StatusOr<std::string> digest = KeyDigestFromArgument(vkey);
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_EQ(*digest, ledger::core::Sha256((*signer)->public_key()));
  // A witness's key (type 0x04) is no log key.
  const std::string witness_key = ledger::core::FormatVerifierKey(ledger::core::MakeVerifierKey(
      "witness.test/a", ledger::core::kNoteCosignatureV1, (*signer)->public_key()));
  EXPECT_FALSE(KeyDigestFromArgument(witness_key).ok());
}

TEST(WitnessedLogTest, TwoOfThreeWitnessesKeepCheckpointsWitnessedAndNoneBlockAppends) {
  testing::TempDir dir;
  const std::string data = dir.Sub("log");
  const std::string log_key = PrepareDataDir(data);
  std::vector<RunningWitness> witnesses;
  for (const char* name : {"a", "b", "c"}) witnesses.push_back(StartWitness(dir, name, log_key));
  for (const RunningWitness& witness : witnesses) {
    ASSERT_GT(witness.port, 0);
    ASSERT_FALSE(witness.vkey.empty());
  }
  RunningLog log = StartLog(data, witnesses, 2);
  ASSERT_FALSE(log.address.empty());
  const std::string policy = WritePolicy(dir, log_key, witnesses, "2");

  // Batched: without asking, the head gets cosigned by all three.
  ASSERT_TRUE(Append(log, "first", 5).ok());
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  v1::Checkpoint checkpoint;
  do {
    checkpoint = Get(log);
    if (checkpoint.tree_size() == 5 && checkpoint.witnessed_note() == checkpoint.note()) break;
    absl::SleepFor(absl::Milliseconds(50));  // Polling the server, not syncing.
  } while (absl::Now() < deadline);
  ASSERT_EQ(checkpoint.witnessed_note(), checkpoint.note());
  EXPECT_EQ(checkpoint.witness_policy(), 2u);
  PolicyVerdict verdict = Check(policy, checkpoint.note());
  // The served note, log signature and three cosignatures by separate
  // witness processes, verifies under an independent implementation of
  // the specifications too.
  {
    const std::string note_file = dir.Sub("served.note");
    std::ofstream(note_file) << checkpoint.note();
    std::string command =
        absl::StrCat("/usr/bin/python3 ", C2SP_NOTE_CHECK, " ", note_file, " '", log_key, "'");
    for (const RunningWitness& witness : witnesses)
      absl::StrAppend(&command, " '", witness.vkey, "'");
    int exit_code = -1;
    const std::string independent = testing::RunCommand(command, &exit_code);
    EXPECT_EQ(exit_code, 0) << independent;
    EXPECT_THAT(independent, HasSubstr("checkpoint besluitlog.test/zhz 5 "));
    EXPECT_THAT(independent, HasSubstr("verified besluitlog.test/zhz ed25519"));
    for (const RunningWitness& witness : witnesses) {
      EXPECT_THAT(independent, HasSubstr("verified " + witness.name + " cosignature "));
    }
  }
  EXPECT_TRUE(verdict.meets);
  EXPECT_EQ(verdict.cosigners.size(), 3u);
  EXPECT_EQ(verdict.checkpoint.size, 5u);
  int exit_code = -1;
  std::string output = AuditWithPolicy(dir, log, policy, &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("cosigned by w0, w1, w2"));
  EXPECT_THAT(output, HasSubstr("witnessed: the policy's quorum (parties) is met"));
  // An export made now carries the witnessed note, and passes offline.
  output = AuditExportWithPolicy(dir, log, policy, &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("trail checkpoint of besluitlog.test/zhz, tree size 5: signed by "
                                "the log; cosigned by w0, w1, w2"));

  // One witness killed: appends go on, and 2 of 3 still meet the policy.
  witnesses[0].process->Kill();
  ASSERT_TRUE(Append(log, "second", 4).ok());
  checkpoint = Collect(log);
  EXPECT_EQ(checkpoint.tree_size(), 9u);
  EXPECT_EQ(checkpoint.witnessed_note(), checkpoint.note());
  verdict = Check(policy, checkpoint.note());
  EXPECT_TRUE(verdict.meets);
  EXPECT_THAT(verdict.cosigners, ::testing::ElementsAre("w1", "w2"));
  output = AuditWithPolicy(dir, log, policy, &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("cosigned by w1, w2"));

  // All three down: appends still go on; the newest checkpoint is not
  // witnessed and clients are told so, with the newest one that is.
  witnesses[1].process->Kill();
  witnesses[2].process->Kill();
  ASSERT_TRUE(Append(log, "third", 3).ok());
  ASSERT_TRUE(Append(log, "fourth", 3).ok());
  checkpoint = Collect(log);
  EXPECT_EQ(checkpoint.tree_size(), 15u);
  verdict = Check(policy, checkpoint.note());
  EXPECT_FALSE(verdict.meets);
  EXPECT_TRUE(verdict.cosigners.empty());
  EXPECT_EQ(Check(policy, checkpoint.witnessed_note()).checkpoint.size, 9u);
  output = AuditWithPolicy(dir, log, policy, &exit_code);
  EXPECT_THAT(output, HasSubstr("NOT WITNESSED: the newest checkpoint (size 15)"));
  EXPECT_THAT(output, HasSubstr("newest witnessed checkpoint: size 9, cosigned by w1, w2"));
  // The unwitnessed head is refused: not kept as trusted, and a non-zero exit.
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("NOT WITNESSED: the checkpoint of size 15 is consistent"));
  // An export of the unwitnessed head is refused offline.
  output = AuditExportWithPolicy(dir, log, policy, &exit_code);
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("NOT WITNESSED: the trail's checkpoint does not meet"));
}

TEST(WitnessedLogTest, AWitnessThatNeverAnswersDoesNotHoldAppendsUp) {
  testing::TempDir dir;
  const std::string data = dir.Sub("log");
  const std::string log_key = PrepareDataDir(data);
  // A "witness" that accepts connections and never answers.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> key =
      ledger::core::CheckpointSigner::LoadOrCreate(dir.Sub("slow.pem"));
  ASSERT_TRUE(key.ok());
  RunningWitness slow{
      .process = nullptr,
      .name = "witness.test/slow",
      .vkey = ledger::core::FormatVerifierKey(ledger::core::MakeVerifierKey(
          "witness.test/slow", ledger::core::kNoteCosignatureV1, (*key)->public_key())),
      .port = ntohs(address.sin_port)};
  // Its timeout is far longer than anything below waits.
  RunningLog log = StartLog(data, {slow}, 1, "600s");
  ASSERT_FALSE(log.address.empty());
  ASSERT_TRUE(Append(log, "before", 2).ok());
  v1::Checkpoint collected;
  std::thread round([&] { collected = Collect(log); });
  // The log has connected and waits for the answer.
  pollfd pending{.fd = listener, .events = POLLIN, .revents = 0};
  ASSERT_EQ(poll(&pending, 1, 120000), 1);
  const int connection = accept(listener, nullptr, nullptr);
  ASSERT_GE(connection, 0);
  // Meanwhile appends go on, and the head is served.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Append(log, absl::StrCat("during ", i), 2).ok());
  EXPECT_EQ(Get(log).tree_size(), 8u);
  // The witness hangs up: the round ends without its cosignature.
  close(connection);
  close(listener);
  round.join();
  EXPECT_TRUE(collected.witnessed_note().empty());
  EXPECT_EQ(collected.witness_policy(), 1u);
}

// A witness run by another party serves HTTPS with a certificate of its
// own: the log asks it only when that certificate is trusted
// (--witness_tls_ca), never past an unverified one.
TEST(WitnessedLogTest, AnHttpsWitnessIsAskedOnlyWhenItsCertificateIsTrusted) {
  testing::TempDir dir;
  const std::string data = dir.Sub("log");
  const std::string log_key = PrepareDataDir(data);
  const std::string cert = dir.Sub("witness-cert.pem");
  const std::string key = dir.Sub("witness-key.pem");
  int exit_code = -1;
  const std::string made = testing::RunCommand(
      absl::StrCat("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                   "-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout ",
                   key, " -out ", cert, " 2>&1"),
      &exit_code);
  ASSERT_EQ(exit_code, 0) << made;
  RunningWitness witness =
      StartWitness(dir, "tls", log_key, {"--tls_cert=" + cert, "--tls_key=" + key});
  ASSERT_GT(witness.port, 0);
  const std::string policy = WritePolicy(dir, log_key, {witness}, "1");
  {
    RunningLog log = StartLog(data, {witness}, 1, "3s", "https", {"--witness_tls_ca=" + cert});
    ASSERT_FALSE(log.address.empty());
    ASSERT_TRUE(Append(log, "trusted", 3).ok());
    const v1::Checkpoint checkpoint = Collect(log);
    EXPECT_EQ(checkpoint.tree_size(), 3u);
    EXPECT_EQ(checkpoint.witnessed_note(), checkpoint.note());
    EXPECT_THAT(Check(policy, checkpoint.note()).cosigners, ::testing::ElementsAre("w0"));
  }
  // The same witness, its certificate not among the system's CAs.
  RunningLog log = StartLog(data, {witness}, 1, "3s", "https");
  ASSERT_FALSE(log.address.empty());
  ASSERT_TRUE(Append(log, "untrusted", 2).ok());
  const v1::Checkpoint checkpoint = Collect(log);
  EXPECT_EQ(checkpoint.tree_size(), 5u);
  EXPECT_TRUE(Check(policy, checkpoint.note()).cosigners.empty()) << checkpoint.note();
  EXPECT_NE(checkpoint.witnessed_note(), checkpoint.note());
  // A CA file that is not there stops the server at start.
  const std::string other = dir.Sub("log2");
  PrepareDataDir(other);
  RunningLog missing = StartLog(other, {witness}, 1, "3s", "https",
                                {"--witness_tls_ca=" + dir.Sub("no-such-ca.pem")});
  EXPECT_TRUE(missing.address.empty());
}

// Found in review: one witness listed twice would count twice towards the
// policy; besluitlogd refuses to start with it.
TEST(WitnessedLogTest, AWitnessListedTwiceIsRefusedAtStart) {
  testing::TempDir dir;
  const std::string data = dir.Sub("log");
  const std::string log_key = PrepareDataDir(data);
  RunningWitness witness = StartWitness(dir, "a", log_key);
  ASSERT_GT(witness.port, 0);
  const std::string flag = absl::StrCat("--witness=", witness.name, "=", witness.vkey,
                                        "@http://127.0.0.1:", witness.port);
  const std::string command = absl::StrCat(BESLUITLOGD_PATH, " --data_dir=", data,
                                           " --listen=127.0.0.1:0 --origin=", kOrigin,
                                           " --witness_policy=2 '", flag, "' '", flag, "' 2>&1");
  int exit_code = -1;
  const std::string output = testing::RunCommand(command, &exit_code);
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_THAT(output, HasSubstr("the witness witness.test/a is configured twice"));
}

TEST(WitnessedLogTest, NoWitnessedCheckpointAtAllIsRefused) {
  testing::TempDir dir;
  const std::string data = dir.Sub("log");
  const std::string log_key = PrepareDataDir(data);
  RunningWitness witness = StartWitness(dir, "a", log_key);
  ASSERT_GT(witness.port, 0);
  witness.process->Kill();  // Down from the start.
  RunningLog log = StartLog(data, {witness}, 1);
  ASSERT_FALSE(log.address.empty());
  ASSERT_TRUE(Append(log, "only", 2).ok());
  const v1::Checkpoint checkpoint = Collect(log);
  EXPECT_EQ(checkpoint.tree_size(), 2u);
  EXPECT_TRUE(checkpoint.witnessed_note().empty());
  int exit_code = -1;
  const std::string output =
      AuditWithPolicy(dir, log, WritePolicy(dir, log_key, {witness}, "any"), &exit_code);
  EXPECT_NE(exit_code, 0);
  EXPECT_THAT(output, HasSubstr("no checkpoint of this log meets the witness policy"));
}

TEST(WitnessedLogTest, SplitViewIsRefusedByTheWitnessAndReportedByTheClient) {
  testing::TempDir dir;
  const std::string data_a = dir.Sub("log-a");
  const std::string log_key = PrepareDataDir(data_a);
  // The same key and origin, another history.
  const std::string data_b = dir.Sub("log-b");
  ASSERT_EQ(PrepareDataDir(data_b, data_a + "/checkpoint_key.pem"), log_key);
  RunningWitness witness = StartWitness(dir, "a", log_key);
  ASSERT_GT(witness.port, 0);
  RunningLog a = StartLog(data_a, {witness}, 1);
  RunningLog b = StartLog(data_b, {witness}, 1);
  ASSERT_FALSE(a.address.empty());
  ASSERT_FALSE(b.address.empty());
  const std::string policy = WritePolicy(dir, log_key, {witness}, "any");

  ASSERT_TRUE(Append(a, "honest", 3).ok());
  v1::Checkpoint seen_a = Collect(a);
  EXPECT_EQ(seen_a.witnessed_note(), seen_a.note());
  int exit_code = -1;
  std::string output = AuditWithPolicy(dir, a, policy, &exit_code);
  ASSERT_EQ(exit_code, 0) << output;

  // The other history at the same size: the witness does not cosign it.
  ASSERT_TRUE(Append(b, "rewritten", 3).ok());
  v1::Checkpoint seen_b = Collect(b);
  EXPECT_EQ(seen_b.tree_size(), 3u);
  EXPECT_NE(seen_b.root_hash(), seen_a.root_hash());
  EXPECT_TRUE(seen_b.witnessed_note().empty());
  EXPECT_FALSE(Check(policy, seen_b.note()).meets);
  // A client that saw A's checkpoint and now sees B's reports both.
  output = AuditWithPolicy(dir, b, policy, &exit_code);
  EXPECT_NE(exit_code, 0);
  EXPECT_THAT(output, HasSubstr("split view"));
  EXPECT_THAT(output, HasSubstr("two different roots for tree size 3"));
  EXPECT_THAT(output, HasSubstr(seen_a.note()));
  EXPECT_THAT(output, HasSubstr(seen_b.note()));

  // An inconsistent larger tree: the witness refuses it too (422), and
  // the client reports both.
  ASSERT_TRUE(Append(b, "more", 3).ok());
  seen_b = Collect(b);
  EXPECT_EQ(seen_b.tree_size(), 6u);
  EXPECT_TRUE(seen_b.witnessed_note().empty());
  EXPECT_FALSE(Check(policy, seen_b.note()).meets);
  output = AuditWithPolicy(dir, b, policy, &exit_code);
  EXPECT_NE(exit_code, 0);
  EXPECT_THAT(output, HasSubstr("tree size 3 is not a prefix of tree size 6"));
  EXPECT_THAT(output, HasSubstr(seen_b.note()));

  // The honest log is still witnessed as it grows.
  ASSERT_TRUE(Append(a, "honest more", 4).ok());
  const v1::Checkpoint next_a = Collect(a);
  EXPECT_EQ(next_a.tree_size(), 7u);
  EXPECT_EQ(next_a.witnessed_note(), next_a.note());
  output = AuditWithPolicy(dir, a, policy, &exit_code);
  EXPECT_EQ(exit_code, 0) << output;
  EXPECT_THAT(output, Not(HasSubstr("split view")));
}

}  // namespace
}  // namespace besluitlog::tools
