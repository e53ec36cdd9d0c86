// The witness (tools/witness/witness.h): the C2SP tlog-witness rules in
// process, and besluitlog-witness as a separate process with its own data
// dir that keeps its promise across kill -9.
#include "tools/witness/witness.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/sha256.h"
#include "ledger/core/signed_note.h"
#include "tests/testing/c2sp_examples.h"
#include "tests/testing/child_process.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools::witness {
namespace {

using ledger::core::CheckpointSigner;
using ::testing::HasSubstr;

constexpr char kOrigin[] = "besluitlog.test/zhz";

// A log: its key and a history of leaves (`flavour` makes another history).
struct TestLog {
  std::unique_ptr<CheckpointSigner> signer;
  std::string flavour;
  std::string LeafHash(uint64_t i) const {
    return ledger::core::MerkleLeafHash(absl::StrCat(flavour, "event ", i));
  }
  std::string Root(uint64_t size) const {
    return ledger::core::MerkleRoot(size, [&](uint64_t i) { return LeafHash(i); });
  }
  std::vector<std::string> Proof(uint64_t old_size, uint64_t new_size) const {
    if (old_size == 0 || old_size >= new_size) return {};
    return *ledger::core::MerkleConsistencyProof(old_size, new_size,
                                                 [&](uint64_t i) { return LeafHash(i); });
  }
  std::string Note(uint64_t size) const {
    return *ledger::core::SignCheckpointNote(*signer, kOrigin, size, Root(size));
  }
  // The add-checkpoint body from `old_size` to `size`.
  std::string Body(uint64_t old_size, uint64_t size) const {
    std::string body = absl::StrCat("old ", old_size, "\n");
    for (const std::string& hash : Proof(old_size, size)) {
      absl::StrAppend(&body, absl::Base64Escape(hash), "\n");
    }
    return absl::StrCat(body, "\n", Note(size));
  }
  ledger::core::VerifierKey Key() const {
    return ledger::core::MakeVerifierKey(kOrigin, ledger::core::kNoteEd25519, signer->public_key());
  }
};

TestLog MakeLog(const std::string& key_file, std::string flavour = "") {
  return TestLog{.signer = *CheckpointSigner::LoadOrCreate(key_file), .flavour = flavour};
}

std::unique_ptr<Witness> OpenWitness(const std::string& dir, const TestLog& log) {
  absl::StatusOr<std::unique_ptr<Witness>> witness =
      Witness::Open({.data_dir = dir, .name = "witness.test/a", .logs = {log.Key()}, .now = [] {
                       return absl::FromUnixSeconds(1764460800);
                     }});
  EXPECT_TRUE(witness.ok()) << witness.status();
  return witness.ok() ? *std::move(witness) : nullptr;
}

// The cosignature in `answer` verifies for `log`'s note of `size`.
void ExpectCosigned(const HttpAnswer& answer, const Witness& witness, const TestLog& log,
                    uint64_t size) {
  ASSERT_EQ(answer.status, 200) << answer.body;
  absl::StatusOr<ledger::core::SignedNote> note =
      ledger::core::ParseSignedNote(log.Note(size) + answer.body);
  ASSERT_TRUE(note.ok()) << note.status();
  absl::StatusOr<std::vector<ledger::core::VerifiedSignature>> verified =
      ledger::core::VerifyNote(*note, {witness.verifier_key()});
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ((*verified)[0].timestamp, 1764460800u);
}

TEST(WitnessTest, CosignsOnlyAppendOnlyExtensionsOfWhatItCosigned) {
  testing::TempDir dir;
  TestLog log = MakeLog(dir.Sub("log.pem"));
  std::unique_ptr<Witness> witness = OpenWitness(dir.path(), log);
  ASSERT_NE(witness, nullptr);
  ExpectCosigned(witness->AddCheckpoint(log.Body(0, 5)), *witness, log, 5);
  ExpectCosigned(witness->AddCheckpoint(log.Body(5, 13)), *witness, log, 13);
  ExpectCosigned(witness->AddCheckpoint(log.Body(13, 13)), *witness, log, 13);  // Same head.

  // A stale "old": 409 with the size it last cosigned, as text/x.tlog.size.
  HttpAnswer stale = witness->AddCheckpoint(log.Body(5, 20));
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.content_type, "text/x.tlog.size");
  EXPECT_EQ(stale.body, "13\n");
  // Never a smaller tree.
  EXPECT_EQ(witness->AddCheckpoint(log.Body(13, 7)).status, 400);
  // A proof with one hash changed: 422.
  std::string body = log.Body(13, 20);
  body[9] = body[9] == 'A' ? 'B' : 'A';
  EXPECT_EQ(witness->AddCheckpoint(body).status, 422);
  // The state did not move.
  EXPECT_EQ(witness->AddCheckpoint(log.Body(0, 1)).body, "13\n");
}

TEST(WitnessTest, RefusesASplitViewAtTheSameSizeAndAnInconsistentLargerOne) {
  testing::TempDir dir;
  TestLog log = MakeLog(dir.Sub("log.pem"));
  // The same key and origin, another history.
  TestLog other = MakeLog(dir.Sub("log.pem"), "rewritten ");
  std::unique_ptr<Witness> witness = OpenWitness(dir.path(), log);
  ASSERT_NE(witness, nullptr);
  ExpectCosigned(witness->AddCheckpoint(log.Body(0, 8)), *witness, log, 8);

  HttpAnswer same_size = witness->AddCheckpoint(other.Body(8, 8));
  EXPECT_EQ(same_size.status, 409);
  EXPECT_EQ(same_size.body, "8\n");
  HttpAnswer larger = witness->AddCheckpoint(other.Body(8, 12));
  EXPECT_EQ(larger.status, 422) << larger.body;
  // The honest log still gets its extension cosigned.
  ExpectCosigned(witness->AddCheckpoint(log.Body(8, 12)), *witness, log, 12);
}

TEST(WitnessTest, UnknownOriginIs404UntrustedKeyIs403MalformedIs400) {
  testing::TempDir dir;
  TestLog log = MakeLog(dir.Sub("log.pem"));
  TestLog impostor = MakeLog(dir.Sub("impostor.pem"));
  std::unique_ptr<Witness> witness = OpenWitness(dir.path(), log);
  ASSERT_NE(witness, nullptr);
  // c2sp.org/tlog-witness's example request, byte for byte: its origin is
  // not one this witness serves.
  const std::string spec_request = absl::StrCat(
      "old 20852014\n"
      "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
      "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
      "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
      "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
      "\n",
      // The checkpoint, with a second signature after the first.
      testing::kSpecCheckpoint,
      "\xE2\x80\x94 example.com/behind-the-sofa "
      "opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/"
      "V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n");
  EXPECT_EQ(witness->AddCheckpoint(spec_request).status, 404);
  // Signed by a key with the right origin but not the trusted one.
  EXPECT_EQ(witness->AddCheckpoint(impostor.Body(0, 3)).status, 403);
  EXPECT_EQ(witness->AddCheckpoint("old 0\n").status, 400);
  EXPECT_EQ(witness->AddCheckpoint("old 01\n\n" + log.Note(3)).status, 400);
  std::string too_long = "old 1\n";
  for (int i = 0; i < 64; ++i) {
    absl::StrAppend(&too_long, absl::Base64Escape(log.LeafHash(i)), "\n");
  }
  EXPECT_EQ(witness->AddCheckpoint(too_long + "\n" + log.Note(3)).status, 400);
  // None of it moved the state.
  EXPECT_EQ(witness->AddCheckpoint(log.Body(0, 3)).status, 200);
}

TEST(WitnessTest, StateSurvivesReopening) {
  testing::TempDir dir;
  TestLog log = MakeLog(dir.Sub("log.pem"));
  {
    std::unique_ptr<Witness> witness = OpenWitness(dir.path(), log);
    ASSERT_NE(witness, nullptr);
    ASSERT_EQ(witness->AddCheckpoint(log.Body(0, 6)).status, 200);
  }
  std::unique_ptr<Witness> witness = OpenWitness(dir.path(), log);
  ASSERT_NE(witness, nullptr);
  HttpAnswer fresh = witness->AddCheckpoint(log.Body(0, 9));
  EXPECT_EQ(fresh.status, 409);
  EXPECT_EQ(fresh.body, "6\n");
}

// Found in review: the empty tree has one root; one data dir has one
// witness; a state file that exists but cannot be read stops the witness.
TEST(WitnessTest, KeepsOneRootForTheEmptyTreeOneProcessPerStateAndNoBlindStart) {
  testing::TempDir dir;
  TestLog log = MakeLog(dir.Sub("log.pem"));
  {
    std::unique_ptr<Witness> witness = OpenWitness(dir.path(), log);
    ASSERT_NE(witness, nullptr);
    ExpectCosigned(witness->AddCheckpoint(log.Body(0, 0)), *witness, log, 0);
    const std::string other_empty_root = absl::StrCat(
        "old 0\n\n",
        *ledger::core::SignCheckpointNote(*log.signer, kOrigin, 0, std::string(32, '\x01')));
    HttpAnswer empty = witness->AddCheckpoint(other_empty_root);
    EXPECT_EQ(empty.status, 422) << empty.body;
    EXPECT_THAT(empty.body, HasSubstr("a tree of size 0 has the root SHA-256"));
    absl::StatusOr<std::unique_ptr<Witness>> second =
        Witness::Open({.data_dir = dir.path(), .name = "witness.test/a", .logs = {log.Key()}});
    ASSERT_FALSE(second.ok());
    EXPECT_THAT(second.status().message(), HasSubstr("another besluitlog-witness uses"));
    ASSERT_EQ(witness->AddCheckpoint(log.Body(0, 4)).status, 200);
  }
  // A state that cannot be read as a file (here: a directory in its place).
  ASSERT_EQ(std::remove(dir.Sub("witness_state").c_str()), 0);
  ASSERT_EQ(mkdir(dir.Sub("witness_state").c_str(), 0700), 0);
  absl::StatusOr<std::unique_ptr<Witness>> blind =
      Witness::Open({.data_dir = dir.path(), .name = "witness.test/a", .logs = {log.Key()}});
  ASSERT_FALSE(blind.ok());
  EXPECT_THAT(blind.status().message(), HasSubstr("does not start without the state"));
}

// besluitlog-witness as a child process on a port it picks itself.
class WitnessProcess : public testing::ChildProcess {
 public:
  WitnessProcess(const std::string& data_dir, const std::string& log_key)
      : testing::ChildProcess(WITNESS_PATH,
                              {"--name=witness.test/process", "--data_dir=" + data_dir,
                               "--log=" + log_key, "--listen=127.0.0.1:0"},
                              data_dir + ".port") {}
};

TEST(WitnessProcessTest, KeepsItsPromiseAcrossKill9) {
  testing::TempDir dir;
  TestLog log = MakeLog(dir.Sub("log.pem"));
  TestLog other = MakeLog(dir.Sub("log.pem"), "rewritten ");
  const std::string log_key = ledger::core::FormatVerifierKey(log.Key());
  {
    WitnessProcess process(dir.Sub("w"), log_key);
    const int port = process.WaitForPort();
    ASSERT_GT(port, 0);
    httplib::Client client("127.0.0.1", port);
    httplib::Result result = client.Post("/add-checkpoint", log.Body(0, 10), "text/plain");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
    std::ifstream vkey_file(dir.Sub("w/witness.vkey"));
    std::string vkey_text;
    vkey_file >> vkey_text;
    absl::StatusOr<ledger::core::VerifierKey> vkey = ledger::core::ParseVerifierKey(vkey_text);
    ASSERT_TRUE(vkey.ok()) << vkey.status();
    EXPECT_TRUE(ledger::core::VerifyNote(
                    *ledger::core::ParseSignedNote(log.Note(10) + result->body), {*vkey})
                    .ok());
    process.Kill(SIGKILL);  // Right after the answer: no clean shutdown.
  }
  WitnessProcess restarted(dir.Sub("w"), log_key);
  const int port = restarted.WaitForPort();
  ASSERT_GT(port, 0);
  httplib::Client client("127.0.0.1", port);
  // The other history at the cosigned size: refused, with the size.
  httplib::Result same = client.Post("/add-checkpoint", other.Body(10, 10), "text/plain");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 409);
  EXPECT_EQ(same->body, "10\n");
  EXPECT_EQ(same->get_header_value("Content-Type"), "text/x.tlog.size");
  // A smaller tree of either history: refused.
  httplib::Result smaller = client.Post("/add-checkpoint", log.Body(0, 4), "text/plain");
  ASSERT_TRUE(smaller);
  EXPECT_EQ(smaller->status, 409);
  // An inconsistent larger one: 422.
  httplib::Result larger = client.Post("/add-checkpoint", other.Body(10, 15), "text/plain");
  ASSERT_TRUE(larger);
  EXPECT_EQ(larger->status, 422);
  // The honest extension: cosigned.
  httplib::Result next = client.Post("/add-checkpoint", log.Body(10, 15), "text/plain");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200) << next->body;
  EXPECT_THAT(next->body, HasSubstr("\xE2\x80\x94 witness.test/process "));
}

// `besluitlog-witness --help` lists its flags, as an operator's first
// question is how to start it.
TEST(WitnessMainTest, HelpListsTheFlags) {
  int exit_code = -1;
  const std::string output =
      testing::RunCommand(absl::StrCat(WITNESS_PATH, " --help 2>&1"), &exit_code);
  EXPECT_THAT(output, ::testing::Not(::testing::HasSubstr("No flags matched")));
  for (const char* flag :
       {"--name", "--data_dir", "--log", "--listen", "--tls_cert", "--tls_key"}) {
    EXPECT_THAT(output, ::testing::HasSubstr(flag)) << output;
  }
}

}  // namespace
}  // namespace besluitlog::tools::witness
