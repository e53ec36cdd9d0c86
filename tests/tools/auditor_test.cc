// The auditor against an honest server over gRPC, and against servers that
// lie: each lie must be rejected with a message saying what failed.
#include "tools/auditor.h"

#include <sys/stat.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/sha256.h"
#include "ledger/event_log.h"
#include "services/ledger_server.h"
#include "tests/testing/documented_fingerprint.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;

// Answers like `honest` unless told otherwise.
class LyingSource final : public AuditSource {
 public:
  explicit LyingSource(AuditSource* honest) : honest_(honest) {}
  absl::StatusOr<v1::Checkpoint> GetCheckpoint() override {
    return checkpoint ? checkpoint() : honest_->GetCheckpoint();
  }
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(uint64_t old_size,
                                                           uint64_t new_size) override {
    return consistency ? consistency(old_size, new_size)
                       : honest_->GetConsistencyProof(old_size, new_size);
  }
  absl::StatusOr<v1::EventWithProof> GetEventWithProof(uint64_t position,
                                                       uint64_t tree_size) override {
    return event ? event(position, tree_size) : honest_->GetEventWithProof(position, tree_size);
  }

  std::function<absl::StatusOr<v1::Checkpoint>()> checkpoint;
  std::function<absl::StatusOr<v1::ConsistencyProof>(uint64_t, uint64_t)> consistency;
  std::function<absl::StatusOr<v1::EventWithProof>(uint64_t, uint64_t)> event;

 private:
  AuditSource* honest_;
};

class AuditorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = Open("log");
    auto signer = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("key.pem"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = *std::move(signer);
    services::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    auto server =
        services::LedgerServer::Start(log_.get(), options, nullptr, nullptr, signer_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    honest_ = std::make_unique<GrpcAuditSource>(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  std::unique_ptr<ledger::EventLog> Open(const std::string& name) {
    auto log = ledger::EventLog::Open(dir_.Sub(name));
    EXPECT_TRUE(log.ok()) << log.status();
    return *std::move(log);
  }

  static void Append(ledger::EventLog& log, int count, const std::string& text) {
    for (int i = 0; i < count; ++i) {
      v1::StreamAppend append;
      append.set_stream_id("audit/test");
      v1::ProposedEvent* event = append.add_events();
      event->set_event_type("Recorded");
      event->set_payload(absl::StrCat(text, i));
      ASSERT_TRUE(log.Append(append).ok());
    }
  }

  // A checkpoint of `log` at `size`, signed with the server's own key: what
  // a compromised server can produce.
  v1::Checkpoint SignedBy(const ledger::EventLog& log, uint64_t size) {
    v1::Checkpoint checkpoint;
    checkpoint.set_tree_size(size);
    checkpoint.set_root_hash(*log.TreeRoot(size));
    checkpoint.mutable_time()->set_seconds(1764000000);
    EXPECT_TRUE(signer_->Sign(&checkpoint).ok());
    return checkpoint;
  }

  // The server's own key, as an auditor who compared its fingerprint pins it.
  SignerTrust Pinned() const { return SignerTrust::Only(signer_->public_key()); }

  v1::Checkpoint Trusted() {
    absl::StatusOr<v1::Checkpoint> checkpoint = Audit(*honest_, {.signers = Pinned()});
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    return *checkpoint;
  }

  testing::TempDir dir_;
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<ledger::core::CheckpointSigner> signer_;
  std::unique_ptr<services::LedgerServer> server_;
  std::unique_ptr<GrpcAuditSource> honest_;
};

TEST_F(AuditorTest, AnHonestServerPassesAsItGrows) {
  Append(*log_, 5, "a");
  const v1::Checkpoint first = Trusted();
  EXPECT_EQ(first.tree_size(), 5u);
  EXPECT_EQ(first.public_key(), signer_->public_key());
  Append(*log_, 9, "b");
  AuditRequest request{.signers = Pinned(), .trusted = first, .event_position = 3};
  absl::StatusOr<v1::Checkpoint> second = Audit(*honest_, request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->tree_size(), 14u);
  request.trusted = *second;
  request.event_position = 14;
  EXPECT_TRUE(Audit(*honest_, request).ok()) << "same size, same root";
}

TEST_F(AuditorTest, AWrongRootIsRejected) {
  Append(*log_, 6, "a");
  const v1::Checkpoint trusted = Trusted();
  Append(*log_, 4, "b");
  LyingSource liar(honest_.get());
  // Altered without re-signing: the signature fails.
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> {
    v1::Checkpoint c = *honest_->GetCheckpoint();
    c.set_root_hash(std::string(32, 'r'));
    return c;
  };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .trusted = trusted}).status().message(),
              HasSubstr("signature of the checkpoint of size 10 does not verify"));
  // Re-signed by a compromised server: the consistency proof fails.
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> {
    v1::Checkpoint c = SignedBy(*log_, 10);
    c.set_root_hash(std::string(32, 'r'));
    EXPECT_TRUE(signer_->Sign(&c).ok());
    return c;
  };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .trusted = trusted}).status().message(),
              HasSubstr("does not reproduce the new root"));
}

TEST_F(AuditorTest, AProofForAnotherLeafIsRejected) {
  Append(*log_, 8, "a");
  LyingSource liar(honest_.get());
  liar.event = [&](uint64_t position, uint64_t size) -> absl::StatusOr<v1::EventWithProof> {
    v1::EventWithProof answer = *honest_->GetEventWithProof(position + 1, size);
    // Pass off the next event's proof as this one's.
    answer.mutable_event()->CopyFrom(honest_->GetEventWithProof(position, size)->event());
    answer.mutable_proof()->set_leaf_index(position - 1);
    return answer;
  };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .event_position = 3}).status().message(),
              HasSubstr("does not lead to the root"));
  liar.event = [&](uint64_t position, uint64_t size) {
    return honest_->GetEventWithProof(position + 1, size);
  };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .event_position = 3}).status().message(),
              HasSubstr("asked for event 3"));
  // An event altered after the fact no longer matches its hash.
  liar.event = [&](uint64_t position, uint64_t size) -> absl::StatusOr<v1::EventWithProof> {
    v1::EventWithProof answer = *honest_->GetEventWithProof(position, size);
    answer.mutable_event()->set_payload("rewritten");
    return answer;
  };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .event_position = 3}).status().message(),
              HasSubstr("do not match its own hash"));
}

TEST_F(AuditorTest, AForkedHistoryIsRejected) {
  Append(*log_, 6, "a");
  const v1::Checkpoint trusted = Trusted();
  // Another history with a different past, signed with the same key.
  std::unique_ptr<ledger::EventLog> fork = Open("fork");
  Append(*fork, 6, "other");
  Append(*fork, 4, "b");
  LyingSource liar(honest_.get());
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> { return SignedBy(*fork, 10); };
  liar.consistency = [&](uint64_t old_size,
                         uint64_t new_size) -> absl::StatusOr<v1::ConsistencyProof> {
    absl::StatusOr<std::vector<std::string>> hashes = fork->ConsistencyProof(old_size, new_size);
    if (!hashes.ok()) return hashes.status();
    v1::ConsistencyProof proof;
    for (const std::string& h : *hashes) proof.add_hashes(h);
    return proof;
  };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .trusted = trusted}).status().message(),
              HasSubstr("history before it was changed"));
  // The same size with another root is a fork as well.
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> { return SignedBy(*fork, 6); };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .trusted = trusted}).status().message(),
              HasSubstr("forked"));
}

TEST_F(AuditorTest, ATruncatedLogIsRejected) {
  Append(*log_, 9, "a");
  const v1::Checkpoint trusted = Trusted();
  LyingSource liar(honest_.get());
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> { return SignedBy(*log_, 4); };
  EXPECT_THAT(Audit(liar, {.signers = Pinned(), .trusted = trusted}).status().message(),
              HasSubstr("shrank from 9 to 4"));
}

TEST_F(AuditorTest, AnotherKeyIsRejected) {
  Append(*log_, 3, "a");
  const v1::Checkpoint trusted = Trusted();
  auto other = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("other.pem"));
  ASSERT_TRUE(other.ok());
  LyingSource liar(honest_.get());
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> {
    v1::Checkpoint c = *honest_->GetCheckpoint();
    EXPECT_TRUE((*other)->Sign(&c).ok());
    return c;
  };
  const absl::Status status = Audit(liar, {.signers = Pinned(), .trusted = trusted}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(status.message(), HasSubstr("not by the trusted key"));
}

using testing::DocumentedFingerprint;

TEST_F(AuditorTest, AnUnknownSignerIsNotBelieved) {
  Append(*log_, 3, "a");
  // Nothing pinned, no key given: a valid signature by a stranger's key.
  const absl::Status status = Audit(*honest_, {}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  const std::string fingerprint = DocumentedFingerprint(signer_->public_key());
  EXPECT_THAT(status.message(), HasSubstr("unknown signer"));
  EXPECT_THAT(status.message(), HasSubstr(fingerprint));
  EXPECT_THAT(status.message(), HasSubstr("ledgerctl audit --trust_key " + fingerprint));
}

// Sets $XDG_CONFIG_HOME (and $HOME) to temp dirs for one test, so that
// nothing is written to the real home; puts the old values back after.
class ConfigHome {
 public:
  explicit ConfigHome(const testing::TempDir& dir) : xdg_(dir.Sub("xdg")), home_(dir.Sub("home")) {
    for (const char* name : {"XDG_CONFIG_HOME", "HOME"}) {
      if (const char* value = std::getenv(name)) saved_.emplace_back(name, value);
    }
    setenv("XDG_CONFIG_HOME", xdg_.c_str(), 1);
    setenv("HOME", home_.c_str(), 1);
  }
  ~ConfigHome() {
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    for (const auto& [name, value] : saved_) setenv(name.c_str(), value.c_str(), 1);
  }
  std::string config() const { return xdg_ + "/besluitlog"; }
  const std::string& home() const { return home_; }

 private:
  std::string xdg_;
  std::string home_;
  std::vector<std::pair<std::string, std::string>> saved_;
};

TEST_F(AuditorTest, APinnedKeyIsBelievedAndItsCheckpointKeptInTheConfigDirectory) {
  ConfigHome env(dir_);
  absl::StatusOr<std::string> config = ConfigDirectory();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(*config, env.config());
  // Pinned by the fingerprint the server prints.
  absl::StatusOr<std::string> digest =
      KeyDigestFromArgument(DocumentedFingerprint(signer_->public_key()));
  ASSERT_TRUE(digest.ok()) << digest.status();
  absl::StatusOr<std::string> store = PinKey(*config, *digest, "compared by phone");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*store, env.config() + "/trusted_keys");
  ASSERT_TRUE(PinKey(*config, *digest, "again").ok());
  struct stat info;
  ASSERT_EQ(stat(config->c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0077, 0u) << "what decides belief is the owner's only";

  Append(*log_, 4, "a");
  absl::StatusOr<SignerTrust> pinned = SignerTrust::Load(*config);
  ASSERT_TRUE(pinned.ok()) << pinned.status();
  auto recall = [&](const std::string& key) { return LoadLastCheckpoint(*config, key); };
  absl::StatusOr<v1::Checkpoint> first = Audit(*honest_, {.signers = *pinned, .recall = recall});
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::string> kept = SaveLastCheckpoint(*config, *first);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(*kept, absl::StrCat(env.config(), "/checkpoints/",
                                absl::BytesToHexString(ledger::core::Sha256(signer_->public_key())),
                                ".json"));
  // The kept checkpoint is recalled for this key: a forked history fails.
  std::unique_ptr<ledger::EventLog> fork = Open("fork");
  Append(*fork, 6, "other");
  LyingSource liar(honest_.get());
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> { return SignedBy(*fork, 4); };
  EXPECT_THAT(Audit(liar, {.signers = *pinned, .recall = recall}).status().message(),
              HasSubstr("forked"));

  // Another key is unknown, however well it signs.
  auto other = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("other.pem"));
  ASSERT_TRUE(other.ok());
  liar.checkpoint = [&]() -> absl::StatusOr<v1::Checkpoint> {
    v1::Checkpoint c = *honest_->GetCheckpoint();
    EXPECT_TRUE((*other)->Sign(&c).ok());
    return c;
  };
  const absl::Status stranger = Audit(liar, {.signers = *pinned, .recall = recall}).status();
  EXPECT_EQ(stranger.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(stranger.message(), HasSubstr("unknown signer"));
  EXPECT_THAT(stranger.message(), HasSubstr("ledgerctl audit --trust_key " +
                                            DocumentedFingerprint((*other)->public_key())));
  EXPECT_THAT(stranger.message(), HasSubstr(env.config() + "/trusted_keys"));

  // Without $XDG_CONFIG_HOME: ~/.config/besluitlog.
  unsetenv("XDG_CONFIG_HOME");
  EXPECT_EQ(*ConfigDirectory(), env.home() + "/.config/besluitlog");
  unsetenv("HOME");
  EXPECT_EQ(ConfigDirectory().status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(AuditorTest, AKeyIsPinnedByFingerprintHexOrPublicKeyFile) {
  const std::string digest = ledger::core::Sha256(signer_->public_key());
  const std::string fingerprint = DocumentedFingerprint(signer_->public_key());
  EXPECT_EQ(KeyFingerprint(signer_->public_key()), fingerprint);
  EXPECT_EQ(*KeyDigestFromArgument(fingerprint), digest);
  std::string upper_ungrouped = "sha256:" + absl::BytesToHexString(digest);
  EXPECT_EQ(*KeyDigestFromArgument(upper_ungrouped), digest);
  EXPECT_EQ(*KeyDigestFromArgument(absl::BytesToHexString(signer_->public_key())), digest)
      << "the key in hex, as besluitlogd prints it";
  // The PEM public key as openssl writes it from the server's key file.
  const std::string pem = dir_.Sub("public.pem");
  ASSERT_EQ(std::system(absl::StrCat("openssl pkey -in ", dir_.Sub("key.pem"), " -pubout -out ",
                                     pem, " 2>/dev/null")
                            .c_str()),
            0);
  absl::StatusOr<std::string> from_pem = KeyDigestFromArgument(pem);
  ASSERT_TRUE(from_pem.ok()) << from_pem.status();
  EXPECT_EQ(*from_pem, digest);
  EXPECT_EQ(KeyDigestFromArgument("SHA256:abc").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(KeyDigestFromArgument(dir_.Sub("key.pem")).status().code(),
            absl::StatusCode::kInvalidArgument)
      << "a private key file is not what an auditor pins";
}

TEST_F(AuditorTest, TheKeyFileIsReusedAndPrivate) {
  auto again = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("key.pem"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->public_key(), signer_->public_key());
  struct stat info;
  ASSERT_EQ(stat(dir_.Sub("key.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0077, 0u) << "readable by the owner only";
}

}  // namespace
}  // namespace besluitlog::tools
