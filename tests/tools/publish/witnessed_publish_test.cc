// `ledgerctl publish --policy`: the site is built up to a checkpoint that
// meets the publisher's witness policy; its bundles carry the cosigned note,
// its pages carry the policy's witnesses and quorum, and verify.js checks
// the cosignatures in headless Chromium (C2SP tlog-cosignature). Three real
// besluitlog-witness processes cosign for the real LedgerServer of the
// publish fixture.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/witness_collector.h"
#include "tests/tools/publish/publish_fixture.h"
#include "tests/tools/witnessed_log_fixture.h"
#include "tools/witness_policy.h"
#include "tools/witnessed_checkpoint.h"

namespace besluitlog::tools::publish {
namespace {

class WitnessedPublishTest : public PublisherTest {
 protected:
  void BeforeServerStarts(services::ServerOptions& options) override {
    const std::string log_key = ledger::core::FormatVerifierKey(ledger::core::MakeVerifierKey(
        options.origin, ledger::core::kNoteEd25519, signer_->public_key()));
    services::WitnessCollectorOptions collector;
    collector.origin = options.origin;
    collector.policy = 2;
    collector.batch_interval = absl::Milliseconds(200);
    collector.timeout = absl::Seconds(3);
    std::string policy = absl::StrCat("log ", log_key, "\n");
    for (const char* name : {"a", "b", "c"}) {
      witnesses_.push_back(StartWitness(witness_dir_, name, log_key));
      const RunningWitness& witness = witnesses_.back();
      ASSERT_GT(witness.port, 0);
      absl::StatusOr<services::WitnessEndpoint> endpoint = services::ParseWitnessFlag(
          absl::StrCat(witness.name, "=", witness.vkey, "@http://127.0.0.1:", witness.port));
      ASSERT_TRUE(endpoint.ok()) << endpoint.status();
      collector.witnesses.push_back(*std::move(endpoint));
      absl::StrAppend(&policy, "witness w", witnesses_.size() - 1, " ", witness.vkey, "\n");
    }
    absl::StrAppend(&policy, "group parties 2 w0 w1 w2\nquorum parties\n");
    policy_file_ = dir_.Sub("policy");
    WriteFile(policy_file_, policy);
    auto started = services::WitnessCollector::Start(log_.get(), signer_.get(), collector);
    ASSERT_TRUE(started.ok()) << started.status();
    collector_ = *std::move(started);
    options.witnesses = collector_.get();
  }
  void TearDown() override {
    PublisherTest::TearDown();
    collector_.reset();
  }

  // Options with the policy, once the head is cosigned by all three.
  PublishOptions WitnessedOptions() {
    collector_->CollectNow();
    PublishOptions options = Options();
    absl::StatusOr<WitnessPolicy> policy = LoadWitnessPolicy(policy_file_);
    EXPECT_TRUE(policy.ok()) << policy.status();
    options.witness_policy = *policy;
    return options;
  }

  std::string BundleNote(uint64_t position) {
    google::protobuf::Struct bundle;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    ReadFile(dir_.Sub(absl::StrCat("site/bewijs/", position, ".json"))), &bundle)
                    .ok());
    return bundle.fields().at("checkpoint").struct_value().fields().at("note").string_value();
  }
  void SetBundleNote(uint64_t position, const std::string& note) {
    const std::string path = dir_.Sub(absl::StrCat("site/bewijs/", position, ".json"));
    google::protobuf::Struct bundle;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(path), &bundle).ok());
    (*(*bundle.mutable_fields())["checkpoint"].mutable_struct_value()->mutable_fields())["note"]
        .set_string_value(note);
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(bundle, &json).ok());
    WriteFile(path, json);
  }

  testing::TempDir witness_dir_;
  std::vector<RunningWitness> witnesses_;
  std::unique_ptr<services::WitnessCollector> collector_;
  std::string policy_file_;
};

TEST_F(WitnessedPublishTest, BundlesCarryTheCosignedNoteAndTheBrowserChecksTheWitnesses) {
  absl::StatusOr<PublishResult> result = PublishSite(WitnessedOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_GT(result->bundles, 0);
  // Every bundle's note meets the policy.
  absl::StatusOr<WitnessPolicy> policy = LoadWitnessPolicy(policy_file_);
  ASSERT_TRUE(policy.ok());
  std::vector<uint64_t> bundled;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("site/bewijs"))) {
    bundled.push_back(std::stoull(entry.path().stem().string()));
  }
  ASSERT_FALSE(bundled.empty());
  for (uint64_t position : bundled) {
    absl::StatusOr<PolicyVerdict> verdict = CheckNote(*policy, BundleNote(position));
    ASSERT_TRUE(verdict.ok()) << verdict.status();
    EXPECT_TRUE(verdict->meets) << position;
    EXPECT_THAT(verdict->cosigners, ::testing::ElementsAre("w0", "w1", "w2"));
  }

  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::string expected_ok =
      absl::StrCat("geverifieerd tegen checkpoint ", result->tree_size, ", sleutel ", Fingerprint(),
                   "; medeondertekend door w0, w1, w2");
  const std::string page = "voorstel/kpi.html";
  const std::string dom = BrowserDom(dir_.Sub("chromium"), http.Url(page));
  EXPECT_THAT(dom, HasSubstr("Getuigen van dit besluitlog: w0, w1, w2 (beleid: 2 van 3)"));
  const std::map<uint64_t, Verdict> verdicts = Verdicts(dom);
  ASSERT_EQ(verdicts.size(), 6u);
  std::vector<uint64_t> positions;
  for (const auto& [position, verdict] : verdicts) {
    EXPECT_EQ(verdict.verified, "true") << position << ": " << verdict.message;
    EXPECT_THAT(verdict.message, HasSubstr(expected_ok)) << position;
    positions.push_back(position);
  }

  // A picture of the page for a person to look at, when asked for.
  if (const char* shot = std::getenv("BESLUITLOG_PUBLISH_SCREENSHOT"); shot != nullptr) {
    int code = -1;
    RunCommand(testing::HeadlessChromium(dir_.Sub("chromium-shot"),
                                         absl::StrCat("--hide-scrollbars --window-size=1000,1600 "
                                                      "--virtual-time-budget=20000 --screenshot=",
                                                      shot, " '", http.Url(page), "'")),
               &code);
  }

  // One changed byte in w1's cosignature; a note without cosignatures (the
  // log's own signature still holds).
  absl::StatusOr<ledger::core::SignedNote> note =
      ledger::core::ParseSignedNote(BundleNote(positions[0]));
  ASSERT_TRUE(note.ok()) << note.status();
  ledger::core::SignedNote altered = *note;
  bool flipped = false;
  for (ledger::core::NoteSignature& signature : altered.signatures) {
    if (signature.name == witnesses_[1].name) {
      signature.signature[signature.signature.size() - 5] ^= 0x01;
      flipped = true;
    }
  }
  ASSERT_TRUE(flipped);
  SetBundleNote(positions[0], ledger::core::FormatSignedNote(altered));
  ledger::core::SignedNote bare = *note;
  bare.signatures.resize(1);  // The log's.
  ASSERT_EQ(bare.signatures[0].name, note->signatures[0].name);
  SetBundleNote(positions[1], ledger::core::FormatSignedNote(bare));
  const std::map<uint64_t, Verdict> after =
      Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url(page)));
  ASSERT_EQ(after.size(), 6u);
  EXPECT_EQ(after.at(positions[0]).verified, "false");
  EXPECT_THAT(after.at(positions[0]).message,
              HasSubstr("de medeondertekening van getuige w1 klopt niet"));
  EXPECT_EQ(after.at(positions[1]).verified, "false");
  EXPECT_THAT(after.at(positions[1]).message,
              HasSubstr("de getuigen hebben dit checkpoint niet medeondertekend (beleid: 2 van "
                        "3; medeondertekend door: niemand)"));
  for (size_t i = 2; i < positions.size(); ++i) {
    EXPECT_EQ(after.at(positions[i]).verified, "true") << after.at(positions[i]).message;
  }
}

TEST_F(WitnessedPublishTest, WithTheWitnessesDownTheSiteStopsAtTheWitnessedCheckpoint) {
  PublishOptions options = WitnessedOptions();
  const uint64_t witnessed = log_->GetHead().position();
  for (RunningWitness& witness : witnesses_) witness.process->Kill();
  {
    ledger::governance::GovernanceCommands c(log_.get(), &clock_);
    testing::Must(c, testing::Schedule("oro-9", "oro", "2025-03-10"));
  }
  collector_->CollectNow();
  absl::StatusOr<PublishResult> result = PublishSite(options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->tree_size, witnessed);
  EXPECT_EQ(result->witnessed,
            absl::StrCat("; cosigned by w0, w1, w2 (policy: 2 of 3); events ", witnessed + 1,
                         " to ", witnessed + 1, " are left out: not yet witnessed"));
  // The meeting recorded after the witnessed checkpoint is not published.
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("site/vergadering/oro-9.html")));
  EXPECT_TRUE(std::filesystem::exists(dir_.Sub("site/vergadering/oro-1.html")));
  // Without the policy it is.
  ASSERT_TRUE(PublishSite(Options()).ok());
  EXPECT_TRUE(std::filesystem::exists(dir_.Sub("site/vergadering/oro-9.html")));
}

TEST_F(WitnessedPublishTest, ACheckpointNotMeetingThePolicyLeavesTheSiteAsItWas) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  const std::map<std::string, std::string> before = SiteFiles(dir_.Sub("site"));
  // A policy whose quorum is a witness that never cosigned.
  PublishOptions options = WitnessedOptions();
  absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> stranger =
      ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("stranger.pem"));
  ASSERT_TRUE(stranger.ok());
  WitnessPolicy::Witness absent;
  absent.name = "afwezig";
  absent.key = ledger::core::MakeVerifierKey(
      "witness.test/afwezig", ledger::core::kNoteCosignatureV1, (*stranger)->public_key());
  options.witness_policy->witnesses.push_back(absent);
  options.witness_policy->quorum = "afwezig";
  absl::StatusOr<PublishResult> result = PublishSite(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
  EXPECT_THAT(result.status().message(),
              HasSubstr("no checkpoint of this log meets the witness policy"));
  EXPECT_EQ(SiteFiles(dir_.Sub("site")), before);
}

TEST_F(WitnessedPublishTest, LedgerctlPublishRefusesAnInvalidPolicyFileBeforeWriting) {
  const std::string broken = dir_.Sub("broken.policy");
  WriteFile(broken, "witness\n");
  int code = -1;
  const std::string output = RunCommand(
      absl::StrCat(LEDGERCTL_PATH, " publish --out=", dir_.Sub("cli-site"), " --policy=", broken,
                   " --server=", server_->address(), " --token=", auditor_token_, " 2>&1"),
      &code);
  EXPECT_NE(code, 0) << output;
  EXPECT_THAT(output, HasSubstr(absl::StrCat("INVALID_ARGUMENT: ", broken, ": policy line 1")));
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("cli-site")));
}

}  // namespace
}  // namespace besluitlog::tools::publish
