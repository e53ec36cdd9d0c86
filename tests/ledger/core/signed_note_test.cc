// C2SP signed notes, checkpoints and cosignatures (ledger/core/signed_note.h)
// against byte-exact vectors published by others, and our own notes checked
// by an independent implementation written from the specifications
// (tests/tools/c2sp_note_check.py, Python's `cryptography`).
#include "ledger/core/signed_note.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/sha256.h"
#include "tests/testing/c2sp_examples.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::ledger::core {
namespace {

using ::testing::HasSubstr;
using testing::kSpecCheckpoint;

// The key whose ID (033de0ae) that example's signature carries: the Go
// checksum database's published key. The example is its checkpoint of
// tree 20852163 with the origin line renamed, so the signature verifies
// over the original origin "go.sum database tree" and nothing else.
constexpr char kSumDbKey[] = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

// c2sp.org/signed-note's example (its earlier version) with its key.
constexpr char kSpecNoteKey[] =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
constexpr char kSpecNote[] =
    "This is an example message.\n"
    "\n"
    "\xE2\x80\x94 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM="
    "\n";

// golang.org/x/mod/sumdb/note's example: key pair and signed note.
constexpr char kPeterKey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr char kPeterPrivateKey[] = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr char kPeterText[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr char kPeterNote[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

// A PEM file holding the Ed25519 private key with this 32-byte seed, so the
// signer can load a published key (PKCS#8: fixed prefix, then the seed).
std::string WritePem(const std::string& path, const std::string& seed) {
  const std::string der = absl::HexStringToBytes("302e020100300506032b657004220420") + seed;
  std::ofstream(path) << "-----BEGIN PRIVATE KEY-----\n"
                      << absl::Base64Escape(der) << "\n-----END PRIVATE KEY-----\n";
  return path;
}

// Runs the independent checker; its exit code and output.
int RunIndependentCheck(const std::string& note_file, const std::vector<std::string>& vkeys,
                        std::string* output) {
  std::string command = absl::StrCat("/usr/bin/python3 ", C2SP_NOTE_CHECK, " ", note_file);
  for (const std::string& vkey : vkeys) absl::StrAppend(&command, " '", vkey, "'");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[512];
  output->clear();
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(SignedNoteTest, SpecCheckpointExampleParsesByteExactly) {
  absl::StatusOr<SignedNote> note = ParseSignedNote(kSpecCheckpoint);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(FormatSignedNote(*note), kSpecCheckpoint);
  absl::StatusOr<CheckpointText> checkpoint = ParseCheckpointText(note->text);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint->size, 20852163u);
  EXPECT_EQ(absl::Base64Escape(checkpoint->root_hash),
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_EQ(FormatCheckpointText(checkpoint->origin, checkpoint->size, checkpoint->root_hash),
            note->text);
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, "example.com/behind-the-sofa");
  EXPECT_EQ(note->signatures[0].key_id, 0x033de0aeu);
  EXPECT_EQ(note->signatures[0].signature.size(), 64u);
}

TEST(SignedNoteTest, SpecCheckpointExampleSignatureIsTheChecksumDatabaseKeys) {
  absl::StatusOr<VerifierKey> sumdb = ParseVerifierKey(kSumDbKey);
  ASSERT_TRUE(sumdb.ok()) << sumdb.status();
  EXPECT_EQ(FormatVerifierKey(*sumdb), kSumDbKey);
  absl::StatusOr<SignedNote> note = ParseSignedNote(kSpecCheckpoint);
  ASSERT_TRUE(note.ok());
  // Under the example's name the key is unknown: ignored, so no trusted
  // signature (signed-note: name and ID must both match).
  EXPECT_EQ(VerifyNote(*note, {*sumdb}).status().code(), absl::StatusCode::kPermissionDenied);
  // The same signature on the tree head as the checksum database signed it.
  SignedNote original = *note;
  original.text = "go.sum database tree\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  original.signatures[0].name = "sum.golang.org";
  absl::StatusOr<std::vector<VerifiedSignature>> verified = VerifyNote(original, {*sumdb});
  ASSERT_TRUE(verified.ok()) << verified.status();
  ASSERT_EQ(verified->size(), 1u);
  EXPECT_EQ((*verified)[0].key.name, "sum.golang.org");
  // One changed byte of the root: the known key's signature fails, the
  // whole note is rejected.
  original.text[30] ^= 1;
  EXPECT_EQ(VerifyNote(original, {*sumdb}).status().code(), absl::StatusCode::kDataLoss);
}

TEST(SignedNoteTest, SignedNoteSpecExampleVerifies) {
  absl::StatusOr<VerifierKey> key = ParseVerifierKey(kSpecNoteKey);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->key_id, 0x530d903au);
  EXPECT_EQ(FormatVerifierKey(*key), kSpecNoteKey);
  absl::StatusOr<SignedNote> note = ParseSignedNote(kSpecNote);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_EQ(note->text, "This is an example message.\n");
  EXPECT_TRUE(VerifyNote(*note, {*key}).ok());
}

TEST(SignedNoteTest, GoSumdbExampleVerifiesAndOurSignerReproducesItByteForByte) {
  absl::StatusOr<VerifierKey> key = ParseVerifierKey(kPeterKey);
  ASSERT_TRUE(key.ok()) << key.status();
  absl::StatusOr<SignedNote> note = ParseSignedNote(kPeterNote);
  ASSERT_TRUE(note.ok()) << note.status();
  EXPECT_TRUE(VerifyNote(*note, {*key}).ok());

  // Ed25519 is deterministic: the published private key must give the
  // published signature.
  testing::TempDir dir;
  std::string seed;
  ASSERT_TRUE(absl::Base64Unescape(kPeterPrivateKey, &seed));
  ASSERT_EQ(seed[0], 1);
  absl::StatusOr<std::unique_ptr<CheckpointSigner>> signer =
      CheckpointSigner::LoadOrCreate(WritePem(dir.Sub("peter.pem"), seed.substr(1)));
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(
      FormatVerifierKey(MakeVerifierKey("PeterNeumann", kNoteEd25519, (*signer)->public_key())),
      kPeterKey);
  absl::StatusOr<std::string> signature = (*signer)->SignBytes(kPeterText);
  ASSERT_TRUE(signature.ok());
  SignedNote ours{
      .text = kPeterText,
      .signatures = {{.name = "PeterNeumann", .key_id = key->key_id, .signature = *signature}}};
  EXPECT_EQ(FormatSignedNote(ours), kPeterNote);
}

TEST(SignedNoteTest, MalformedNotesAndKeysAreRefused) {
  EXPECT_FALSE(ParseSignedNote("no blank line\n\xE2\x80\x94 a AAAAAAA=\n").ok());
  EXPECT_FALSE(ParseSignedNote("text\n\n- a AAAAAAAAAAAA\n").ok());           // Hyphen.
  EXPECT_FALSE(ParseSignedNote("text\n\n\xE2\x80\x94 a AAAAAAAAAAAA").ok());  // No newline.
  EXPECT_FALSE(ParseSignedNote("te\rxt\n\n\xE2\x80\x94 a AAAAAAAAAAAA\n").ok());
  EXPECT_FALSE(ParseSignedNote("text\n\n\xE2\x80\x94 a+b AAAAAAAAAAAA\n").ok());
  EXPECT_FALSE(ParseCheckpointText("origin\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")
                   .ok());  // Leading zero.
  EXPECT_FALSE(ParseCheckpointText("origin\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n")
                   .ok());  // No padding.
  EXPECT_FALSE(ParseCheckpointText("origin\n12\n").ok());
  // A key ID that does not belong to the key.
  EXPECT_FALSE(
      ParseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
  EXPECT_FALSE(
      ParseVerifierKey("PeterNeumenn+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
}

TEST(SignedNoteTest, OurCheckpointsAndCosignaturesVerifyUnderAnIndependentImplementation) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<CheckpointSigner>> log =
      CheckpointSigner::LoadOrCreate(dir.Sub("log.pem"));
  absl::StatusOr<std::unique_ptr<CheckpointSigner>> witness =
      CheckpointSigner::LoadOrCreate(dir.Sub("witness.pem"));
  ASSERT_TRUE(log.ok() && witness.ok());
  const std::string origin = "besluitlog.example/zhz";
  const std::string root = Sha256("some tree");
  absl::StatusOr<std::string> note = SignCheckpointNote(**log, origin, 34, root);
  ASSERT_TRUE(note.ok()) << note.status();
  absl::StatusOr<SignedNote> parsed = ParseSignedNote(*note);
  ASSERT_TRUE(parsed.ok());
  absl::StatusOr<NoteSignature> cosignature =
      Cosign(**witness, "witness.example/gemeente-a", parsed->text, 1764460800);
  ASSERT_TRUE(cosignature.ok());
  parsed->signatures.push_back(*cosignature);
  const std::string cosigned = FormatSignedNote(*parsed);

  const std::string log_key =
      FormatVerifierKey(MakeVerifierKey(origin, kNoteEd25519, (*log)->public_key()));
  const std::string witness_key = FormatVerifierKey(
      MakeVerifierKey("witness.example/gemeente-a", kNoteCosignatureV1, (*witness)->public_key()));
  const std::string file = dir.Sub("note");
  std::ofstream(file) << cosigned;
  std::string output;
  EXPECT_EQ(RunIndependentCheck(file, {log_key, witness_key}, &output), 0) << output;
  EXPECT_THAT(output, HasSubstr(absl::StrCat("checkpoint besluitlog.example/zhz 34 ",
                                             absl::BytesToHexString(root))));
  EXPECT_THAT(output, HasSubstr("verified besluitlog.example/zhz ed25519"));
  EXPECT_THAT(output, HasSubstr("verified witness.example/gemeente-a cosignature 1764460800"));

  // The independent check can fail: one byte of the size changed.
  std::string altered = cosigned;
  altered[origin.size() + 1] = '4';  // "34" -> "44".
  std::ofstream(file, std::ios::trunc) << altered;
  EXPECT_EQ(RunIndependentCheck(file, {log_key, witness_key}, &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("does not verify"));

  // And ours agrees with it on both.
  absl::StatusOr<VerifierKey> lk = ParseVerifierKey(log_key);
  absl::StatusOr<VerifierKey> wk = ParseVerifierKey(witness_key);
  ASSERT_TRUE(lk.ok() && wk.ok());
  absl::StatusOr<std::vector<VerifiedSignature>> verified =
      VerifyNote(*ParseSignedNote(cosigned), {*lk, *wk});
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->size(), 2u);
  EXPECT_EQ((*verified)[1].timestamp, 1764460800u);
  EXPECT_EQ(VerifyNote(*ParseSignedNote(altered), {*lk, *wk}).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace besluitlog::ledger::core
