// The fixture of the publish tests (publisher_test.cc, publisher_browser_test.cc):
// a real LedgerServer over real gRPC with the KPI dispute recorded (three
// meetings), Python's http.server on an ephemeral port of 127.0.0.1 serving
// a site, and headless Chromium's DOM of a page after its scripts ran.
#ifndef BESLUITLOG_TESTS_TOOLS_PUBLISH_PUBLISH_FIXTURE_H_
#define BESLUITLOG_TESTS_TOOLS_PUBLISH_PUBLISH_FIXTURE_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/access_policy.h"
#include "ledger/clock.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/signed_note.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"
#include "tests/testing/chromium.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/shell.h"
#include "tests/testing/temp_dir.h"
#include "tools/client_channel.h"
#include "tools/publish/besluitenlijst_pages.h"
#include "tools/publish/publisher.h"
#include "tools/trusted_keys.h"

extern char** environ;

namespace besluitlog::tools::publish {

using ::testing::HasSubstr;
using ::testing::Not;

using testing::ReadFile;
using testing::RunCommand;

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// Every file of the site: relative path -> bytes.
inline std::map<std::string, std::string> SiteFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    files[std::filesystem::relative(entry.path(), dir).string()] = ReadFile(entry.path());
  }
  return files;
}

// Python's http.server on an ephemeral port of 127.0.0.1, serving `dir`.
class StaticServer {
 public:
  explicit StaticServer(const std::string& dir) {
    int out[2];
    if (pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);  // Its request log.
    std::vector<std::string> args = {"/usr/bin/python3", "-u",          "-m",
                                     "http.server",      "0",           "--bind",
                                     "127.0.0.1",        "--directory", dir};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    // "Serving HTTP on 127.0.0.1 port 41235 (http://127.0.0.1:41235/) ..."
    FILE* lines = fdopen(out[0], "r");
    char line[512];
    const std::regex serving("port ([0-9]+)");
    while (pid_ > 0 && fgets(line, sizeof(line), lines) != nullptr) {
      std::cmatch match;
      if (std::regex_search(line, match, serving)) {
        port_ = std::stoi(match[1]);
        break;
      }
    }
    fclose(lines);  // Later output goes nowhere; the server ignores SIGPIPE on stdout.
  }
  ~StaticServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status;
      waitpid(pid_, &status, 0);
    }
  }
  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", port_, "/", path);
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// The DOM after the page's scripts ran, in a fresh headless Chromium (a
// new profile each time: nothing cached from an earlier load).
inline std::string BrowserDom(const std::string& profiles, const std::string& url,
                              int width = 1280) {
  static int runs = 0;
  const std::string profile = absl::StrCat(profiles, "-", ++runs);
  int code = -1;
  const std::string dom = RunCommand(
      testing::HeadlessChromium(
          profile, absl::StrCat("--hide-scrollbars --window-size=", width,
                                ",900 --virtual-time-budget=20000 --dump-dom '", url, "'")),
      &code);
  EXPECT_EQ(code, 0) << "chromium is a test dependency (tools/dev.sh installs it)";
  return dom;
}

struct Verdict {
  std::string verified;  // "true", "false", or "" while unchecked.
  std::string message;
};
// Per decision element (data-event) of a page, what its check said.
inline std::map<uint64_t, Verdict> Verdicts(const std::string& dom) {
  std::map<uint64_t, Verdict> verdicts;
  const std::regex element("<[a-z]+ [^>]*data-event=\"([0-9]+)\"[^>]*>");
  const std::regex verified("data-verified=\"([a-z]+)\"");
  const std::regex message("data-verificatie=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), element);
       it != std::sregex_iterator(); ++it) {
    const std::string tag = (*it)[0];
    Verdict verdict;
    std::smatch m;
    if (std::regex_search(tag, m, verified)) verdict.verified = m[1];
    if (std::regex_search(tag, m, message)) verdict.message = m[1];
    verdicts[std::stoull((*it)[1])] = verdict;
  }
  return verdicts;
}

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = ledger::EventLog::Open(dir_.Sub("log"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    auto signer = ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("key.pem"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = *std::move(signer);
    ledger::governance::GovernanceCommands commands(log_.get(), &clock_);
    testing::RecordKpiDispute(commands);
    services::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    // Every identity before the server reads the file.
    WriteFile(dir_.Sub("identities"), "");
    auditor_token_ = Token("publisher", ledger::Role::kAuditor);
    member_token_ = Token("w1", ledger::Role::kMember);
    secretariaat_token_ = Token("griffie", ledger::Role::kSecretariaat);
    auto identities = services::IdentityFile::Open(dir_.Sub("identities"));
    ASSERT_TRUE(identities.ok()) << identities.status();
    identities_ = *std::move(identities);
    options.identities = identities_.get();
    BeforeServerStarts(options);
    auto server =
        services::LedgerServer::Start(log_.get(), options, nullptr, nullptr, signer_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  void TearDown() override { server_->Shutdown(); }

  // A fixture that needs more of the server (witnesses) sets it up here.
  virtual void BeforeServerStarts(services::ServerOptions& /*options*/) {}

  std::string Token(const std::string& name, ledger::Role role) {
    absl::StatusOr<std::string> token =
        services::IdentityFile::AddToken(dir_.Sub("identities"), name, role);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

  PublishOptions Options() const {
    PublishOptions options;
    options.out_dir = dir_.Sub("site");
    options.base_url = "https://besluiten.example.nl/regio";
    options.publisher_name = "Gemeente Dordrecht";
    options.publisher_uri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0505";
    options.today = absl::CivilDay(2025, 6, 1);
    options.progress = false;
    return options;
  }

  absl::StatusOr<PublishResult> PublishSite(const PublishOptions& options) {
    ClientOptions client;
    client.server = server_->address();
    client.token = auditor_token_;
    auto channel = OpenChannel(client);
    auto ledger = v1::LedgerService::NewStub(channel);
    auto audit = v1::AuditService::NewStub(channel);
    BesluitenlijstPages renderer;
    return Publish(*ledger, *audit, renderer, options);
  }

  std::string Fingerprint() const { return KeyFingerprint(signer_->public_key()); }

  testing::TempDir dir_;
  ledger::ManualClock clock_{absl::FromUnixSeconds(1764000000)};
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<ledger::core::CheckpointSigner> signer_;
  std::unique_ptr<services::IdentityFile> identities_;
  std::unique_ptr<services::LedgerServer> server_;
  std::string auditor_token_;
  std::string member_token_;
  std::string secretariaat_token_;
};

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TESTS_TOOLS_PUBLISH_PUBLISH_FIXTURE_H_
