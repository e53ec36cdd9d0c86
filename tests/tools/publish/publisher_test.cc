// The static decision site against a real LedgerServer over real gRPC: its
// files, a body left out, an incremental publish, the Woo sitemaps, and the
// pages in headless Chromium served by Python's http.server (every decision
// verified by the page's own script; tampered bundles named; no horizontal
// overflow on a desktop or a phone), and `ledgerctl publish` by role.
#include "tools/publish/publisher.h"

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
#include "tests/testing/governance_history.h"
#include "tests/testing/temp_dir.h"
#include "tools/client_channel.h"
#include "tools/publish/besluitenlijst_pages.h"
#include "tools/trusted_keys.h"

extern char** environ;

namespace besluitlog::tools::publish {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string RunCommand(const std::string& command, int* exit_code) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// Every file of the site: relative path -> bytes.
std::map<std::string, std::string> SiteFiles(const std::string& dir) {
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
std::string BrowserDom(const std::string& profiles, const std::string& url, int width = 1280) {
  static int runs = 0;
  const std::string profile = absl::StrCat(profiles, "-", ++runs);
  int code = -1;
  const std::string dom = RunCommand(
      absl::StrCat("chromium --headless --no-sandbox --disable-gpu --no-first-run "
                   "--disable-background-networking --disable-component-update --disable-sync "
                   "--disable-quic --hide-scrollbars --window-size=",
                   width, ",900 --virtual-time-budget=20000 --user-data-dir=", profile,
                   " --dump-dom '", url, "' 2>/dev/null"),
      &code);
  EXPECT_EQ(code, 0) << "chromium is a test dependency (tools/dev.sh installs it)";
  return dom;
}

struct Verdict {
  std::string verified;  // "true", "false", or "" while unchecked.
  std::string message;
};
// Per decision element (data-event) of a page, what its check said.
std::map<uint64_t, Verdict> Verdicts(const std::string& dom) {
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

TEST(SitePathsTest, IdsBecomeDistinctFileNamesSafeInAPathAndAUrl) {
  EXPECT_EQ(SitePaths::Meeting("sbo-2024.1_a"), "vergadering/sbo-2024.1_a.html");
  EXPECT_EQ(SitePaths::Meeting("../etc/passwd"), "vergadering/~2E.~2Fetc~2Fpasswd.html");
  EXPECT_EQ(SitePaths::Municipality("Alphen aan den Rijn"),
            "gemeente/Alphen~20aan~20den~20Rijn.html");
  EXPECT_NE(SitePaths::Slug("a/b"), SitePaths::Slug("a~2Fb"));
  EXPECT_EQ(SitePaths::Slug(""), "~");
  EXPECT_EQ(SitePaths::Bundle(47), "bewijs/47.json");
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
    auto server =
        services::LedgerServer::Start(log_.get(), options, nullptr, nullptr, signer_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  void TearDown() override { server_->Shutdown(); }

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

TEST_F(PublisherTest, ThreeMeetingsMakeASiteOfPagesBundlesAndDownloads) {
  absl::StatusOr<PublishResult> result = PublishSite(Options());
  ASSERT_TRUE(result.ok()) << result.status();
  const std::map<std::string, std::string> files = SiteFiles(dir_.Sub("site"));
  std::vector<std::string> names;
  for (const auto& [name, bytes] : files) names.push_back(name);
  // The file list of the report: printed, not asserted as a whole.
  std::printf("site of the 3-meeting history:\n  %s\n", absl::StrJoin(names, "\n  ").c_str());
  // A copy for a person to open in a browser, when asked for.
  if (const char* keep = std::getenv("BESLUITLOG_PUBLISH_KEEP"); keep != nullptr) {
    std::filesystem::copy(dir_.Sub("site"), keep,
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
  }
  for (const char* expected :
       {"index.html", "verify.js", "site.css", "vergadering/cg-1.html", "vergadering/oro-1.html",
        "vergadering/sbo-1.html", "voorstel/kpi.html", "gemeente/Dordrecht.html",
        "gemeente/Zwijndrecht.html", "gemeente/Molenlanden.html", "downloads/besluitlog.csv",
        "downloads/besluitlog.jsonl", "downloads/besluitlog-popolo.json"}) {
    EXPECT_TRUE(files.count(expected)) << expected << " missing; the site has:\n"
                                       << absl::StrJoin(names, "\n");
  }
  // Index: the bodies by name, per body the meetings by year.
  const std::string& index = files.at("index.html");
  EXPECT_THAT(index, HasSubstr("<h2>sbo</h2>"));
  EXPECT_THAT(index, HasSubstr("<h3>2024</h3>"));
  EXPECT_THAT(index, HasSubstr("href=\"vergadering/sbo-1.html\""));
  EXPECT_THAT(index, HasSubstr("20 november 2024"));
  // A meeting page: names, not ids; the outcome in Dutch; who attended.
  const std::string& sbo = files.at("vergadering/sbo-1.html");
  EXPECT_THAT(sbo, HasSubstr("Name of w1"));
  EXPECT_THAT(sbo, HasSubstr("Proposal kpi"));
  EXPECT_THAT(sbo, HasSubstr("<dt>Aanwezig</dt><dd>Name of w1, Name of w2"));
  // The besluitenlijst's own wording and markup (tools/besluitenlijst_html.h).
  EXPECT_THAT(sbo, HasSubstr("<span class=\"gremium\">sbo</span>Vergadering van 20 november "
                             "2024</h1>"));
  EXPECT_THAT(sbo, HasSubstr("<span class=\"uitkomst\">aangenomen, bekrachtiging gevraagd</span> "
                             "(voor 4, tegen 0, onthouding 0)"));
  EXPECT_THAT(sbo, HasSubstr("doorgeleid vanuit ORO, 7 oktober 2024, punt 5"));
  EXPECT_THAT(sbo, HasSubstr("College van Molenlanden: niet bekrachtigd op 20 december 2024"));
  const std::string& oro = files.at("vergadering/oro-1.html");
  EXPECT_THAT(oro, HasSubstr("doorgeleid naar het SBO, 20 november 2024, punt 2"));
  // The proposal: its text, documents by hash, the chain, the Colleges.
  const std::string& kpi = files.at("voorstel/kpi.html");
  EXPECT_THAT(kpi, HasSubstr("Text of kpi"));
  EXPECT_THAT(kpi, HasSubstr(std::string(64, 'a')));
  EXPECT_THAT(kpi, HasSubstr("College van Dordrecht: bekrachtigd op 31 december 2024, in werking "
                             "per 1 januari 2025"));
  // In werking on 1 June 2025: Dordrecht's since 1 January 2025; Zwijndrecht's
  // decision of 1 January 2025 takes effect on 1 January 2026.
  EXPECT_THAT(files.at("gemeente/Dordrecht.html"), HasSubstr("in werking sinds 1 januari 2025"));
  EXPECT_THAT(files.at("gemeente/Zwijndrecht.html"), Not(HasSubstr("sinds")));
  EXPECT_THAT(files.at("gemeente/Zwijndrecht.html"), HasSubstr("in werking vanaf 1 januari 2026"));
  // The fingerprint on every page; no external resources anywhere.
  for (const auto& [name, bytes] : files) {
    if (!absl::EndsWith(name, ".html")) continue;
    EXPECT_THAT(bytes, HasSubstr(Fingerprint())) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("src=\"http"))) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("href=\"http"))) << name;
  }
  // Every decision shown has a bundle that proves its exact bytes.
  const std::regex decision("data-event=\"([0-9]+)\"");
  std::set<uint64_t> shown;
  for (const auto& [name, bytes] : files) {
    for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), decision);
         it != std::sregex_iterator(); ++it) {
      shown.insert(std::stoull((*it)[1]));
    }
  }
  EXPECT_EQ(shown.size(), 6u);  // 3 meeting decisions, 3 College decisions.
  for (uint64_t position : shown) {
    const std::string path = absl::StrCat("bewijs/", position, ".json");
    ASSERT_TRUE(files.count(path)) << path;
    google::protobuf::Struct bundle;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(files.at(path), &bundle).ok());
    const auto& f = bundle.fields();
    std::string event_bytes, root;
    ASSERT_TRUE(absl::Base64Unescape(f.at("event").string_value(), &event_bytes));
    absl::StatusOr<v1::Event> event = log_->ReadEvent(position);
    ASSERT_TRUE(event.ok());
    EXPECT_EQ(event_bytes, ledger::core::CanonicalEventBytes(*event)) << path;
    const auto& checkpoint = f.at("checkpoint").struct_value().fields();
    const uint64_t size = static_cast<uint64_t>(checkpoint.at("tree_size").number_value());
    EXPECT_EQ(size, result->tree_size);
    ASSERT_TRUE(absl::Base64Unescape(checkpoint.at("root_hash").string_value(), &root));
    std::vector<std::string> proof;
    for (const auto& hash : f.at("proof").list_value().values()) {
      std::string raw;
      ASSERT_TRUE(absl::Base64Unescape(hash.string_value(), &raw));
      proof.push_back(raw);
    }
    EXPECT_TRUE(ledger::core::VerifyMerkleInclusion(
                    position - 1, size, ledger::core::MerkleLeafHash(event_bytes), proof, root)
                    .ok())
        << path;
    EXPECT_EQ(f.at("key_fingerprint").string_value(), Fingerprint());
    // The same tree head as a C2SP signed note (docs/audit.md), signed by the log.
    ASSERT_TRUE(checkpoint.count("note")) << path;
    absl::StatusOr<ledger::core::SignedNote> note =
        ledger::core::ParseSignedNote(checkpoint.at("note").string_value());
    ASSERT_TRUE(note.ok()) << note.status();
    EXPECT_THAT(
        note->text,
        HasSubstr(absl::StrCat("\n", size, "\n", checkpoint.at("root_hash").string_value(), "\n")));
  }
}

TEST_F(PublisherTest, HostileTextIsShownAsTextAndRunsNoScript) {
  {
    ledger::governance::GovernanceCommands c(log_.get(), &clock_);
    v1::GovernanceCommand submit =
        testing::Submit("evil", "oro", {"<b>punt</b> & meer"}, false, "r1");
    submit.mutable_submit_proposal()->set_title(
        "<script>document.title='pwned'</script> & <i>x</i>");
    testing::Must(c, submit);
    testing::Must(c, testing::Schedule("oro-2", "oro", "2025-03-10"));
    testing::Must(c, testing::Open("oro-2"));
    testing::Must(c, testing::Attend("oro-2", "r1"));
    testing::Must(c, testing::AddItem("oro-2", "1", "evil", "r1"));
  }
  ASSERT_TRUE(PublishSite(Options()).ok());
  const std::map<std::string, std::string> files = SiteFiles(dir_.Sub("site"));
  for (const char* page : {"vergadering/oro-2.html", "voorstel/evil.html"}) {
    ASSERT_TRUE(files.count(page)) << page;
    EXPECT_THAT(files.at(page), Not(HasSubstr("<script>document"))) << page;
    EXPECT_THAT(files.at(page), Not(HasSubstr("<i>x</i>"))) << page;
    EXPECT_THAT(files.at(page), HasSubstr("&lt;script&gt;")) << page;
  }
  EXPECT_THAT(files.at("voorstel/evil.html"), HasSubstr("&lt;b&gt;punt&lt;/b&gt; &amp; meer"));
}

TEST_F(PublisherTest, AnExcludedBodyIsLeftOutAndThePagesSayTheListIsPartial) {
  PublishOptions options = Options();
  options.exclude_bodies = {"cg-a"};
  absl::StatusOr<PublishResult> result = PublishSite(options);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::map<std::string, std::string> files = SiteFiles(options.out_dir);
  EXPECT_FALSE(files.count("vergadering/cg-1.html"));
  EXPECT_TRUE(files.count("vergadering/oro-1.html"));
  EXPECT_THAT(files.at("index.html"), Not(HasSubstr("cg-1")));
  for (const char* page : {"index.html", "vergadering/oro-1.html", "vergadering/sbo-1.html"}) {
    ASSERT_TRUE(files.count(page)) << page;
    EXPECT_THAT(files.at(page), HasSubstr("Deze publicatie is onvolledig")) << page;
  }
  // The proposal was submitted to the excluded body (act_body.h): its text
  // is not published, and the public meetings name it without a link.
  EXPECT_FALSE(files.count("voorstel/kpi.html"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"), Not(HasSubstr("voorstel/kpi.html")));
  EXPECT_THAT(files.at("vergadering/oro-1.html"), HasSubstr("voorstel kpi"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"),
              HasSubstr("doorgeleid vanuit een niet-openbaar overleg"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"), Not(HasSubstr("cg-")));
  // Nothing of the excluded body in the downloads either.
  EXPECT_THAT(files.at("downloads/besluitlog.csv"), Not(HasSubstr("cg-1")));
  // The JSONL trail's first line does not claim to be complete.
  const std::string& jsonl = files.at("downloads/besluitlog.jsonl");
  EXPECT_THAT(jsonl.substr(0, jsonl.find('\n')), Not(HasSubstr("\"complete\":true")));
  EXPECT_THAT(jsonl, Not(HasSubstr("\"streamId\":\"meeting/cg-1\"")));

  // The published decisions' proofs still verify in a browser.
  {
    StaticServer http(options.out_dir);
    ASSERT_GT(http.port(), 0);
    const std::map<uint64_t, Verdict> verdicts =
        Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url("vergadering/oro-1.html")));
    ASSERT_EQ(verdicts.size(), 1u);
    EXPECT_EQ(verdicts.begin()->second.verified, "true") << verdicts.begin()->second.message;
  }

  // A second publish without the exclusion, then with it again: the pages
  // of the excluded body are removed, not left behind.
  options.exclude_bodies.clear();
  ASSERT_TRUE(PublishSite(options).ok());
  EXPECT_TRUE(std::filesystem::exists(options.out_dir + "/vergadering/cg-1.html"));
  options.exclude_bodies = {"cg-a"};
  absl::StatusOr<PublishResult> again = PublishSite(options);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(std::filesystem::exists(options.out_dir + "/vergadering/cg-1.html"));
  EXPECT_THAT(again->removed, ::testing::Contains("vergadering/cg-1.html"));
}

TEST_F(PublisherTest, AfterAHundredNewActsOnlyTheTouchedFilesChange) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  const std::map<std::string, std::string> before = SiteFiles(dir_.Sub("site"));
  // 100 acts: a new ORO meeting deciding 23 new proposals.
  const uint64_t head = log_->GetHead().position();
  {
    ledger::governance::GovernanceCommands c(log_.get(), &clock_);
    testing::Must(c, testing::Schedule("oro-2", "oro", "2025-03-10"));
    testing::Must(c, testing::Open("oro-2"));
    for (const char* m : {"r1", "r2", "s1", "s2"}) testing::Must(c, testing::Attend("oro-2", m));
    for (int i = 1; i <= 23; ++i) {
      const std::string proposal = absl::StrCat("p", i);
      const std::string item = absl::StrCat(i);
      testing::Must(c, testing::Submit(proposal, "oro", {"punt"}, false, "r1"));
      testing::Must(c, testing::AddItem("oro-2", item, proposal, "r1"));
      testing::Must(c, testing::Vote("oro-2", item, 1, "r1", v1::FOR));
      if (i == 1) testing::Must(c, testing::Vote("oro-2", item, 1, "s1", v1::FOR));
      testing::Must(c, testing::Decide("oro-2", item));
    }
    testing::Must(c, testing::Close("oro-2"));
  }
  ASSERT_EQ(log_->GetHead().position() - head, 100u);
  absl::StatusOr<PublishResult> result = PublishSite(Options());
  ASSERT_TRUE(result.ok()) << result.status();
  const std::map<std::string, std::string> after = SiteFiles(dir_.Sub("site"));
  std::set<std::string> changed;
  for (const auto& [name, bytes] : after) {
    auto it = before.find(name);
    if (it == before.end() || it->second != bytes) changed.insert(name);
  }
  for (const auto& [name, bytes] : before) {
    if (!after.count(name)) changed.insert(name);
  }
  std::set<std::string> expected = {"index.html",
                                    "vergadering/oro-2.html",
                                    "downloads/besluitlog.csv",
                                    "downloads/besluitlog.jsonl",
                                    "downloads/besluitlog-popolo.json",
                                    "sitemap-diwoo-infocat009-1.xml"};
  for (int i = 1; i <= 23; ++i) expected.insert(absl::StrCat("voorstel/p", i, ".html"));
  // The 23 new decisions' bundles; the old ones stay as they were.
  for (const auto& [name, bytes] : after) {
    if (absl::StartsWith(name, "bewijs/") && !before.count(name)) expected.insert(name);
  }
  EXPECT_EQ(changed, expected) << "changed:\n  " << absl::StrJoin(changed, "\n  ")
                               << "\nexpected:\n  " << absl::StrJoin(expected, "\n  ");
  int new_bundles = 0;
  for (const std::string& name : expected) new_bundles += absl::StartsWith(name, "bewijs/");
  EXPECT_EQ(new_bundles, 23);
  // What the publisher says it wrote is what changed.
  EXPECT_EQ(std::set<std::string>(result->written.begin(), result->written.end()), changed);
}

TEST_F(PublisherTest, WooSitemapsAreWellFormedAndPointAtEveryBesluitenlijst) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  int code = -1;
  const std::string output =
      RunCommand(absl::StrCat("/usr/bin/python3 ", CHECK_WOO_SITEMAPS, " ", dir_.Sub("site"),
                              " https://besluiten.example.nl/regio 2>&1"),
                 &code);
  EXPECT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("3 documents"));
  // Without a base URL no sitemaps (they need absolute URLs), and a base URL
  // without a publisher is refused.
  PublishOptions options = Options();
  options.publisher_uri.clear();
  absl::StatusOr<PublishResult> refused = PublishSite(options);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("TOOI"));
}

TEST_F(PublisherTest, TheBrowserVerifiesEveryDecisionAndNamesWhatWasTamperedWith) {
  absl::StatusOr<PublishResult> result = PublishSite(Options());
  ASSERT_TRUE(result.ok()) << result.status();
  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::string expected_ok = absl::StrCat("geverifieerd tegen checkpoint ", result->tree_size,
                                               ", sleutel ", Fingerprint());
  for (const char* page : {"vergadering/cg-1.html", "vergadering/oro-1.html",
                           "vergadering/sbo-1.html", "voorstel/kpi.html"}) {
    const std::map<uint64_t, Verdict> verdicts =
        Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url(page)));
    ASSERT_FALSE(verdicts.empty()) << page;
    for (const auto& [position, verdict] : verdicts) {
      EXPECT_EQ(verdict.verified, "true")
          << page << " decision " << position << ": " << verdict.message;
      EXPECT_EQ(verdict.message, expected_ok) << page << " decision " << position;
    }
  }

  // One changed byte each: in the event, in a proof hash, in the signature.
  const std::map<uint64_t, Verdict> kpi_before =
      Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url("voorstel/kpi.html")));
  ASSERT_EQ(kpi_before.size(), 6u);
  std::vector<uint64_t> positions;
  for (const auto& [position, verdict] : kpi_before) positions.push_back(position);
  auto tamper = [&](uint64_t position, const std::string& field) {
    const std::string path = dir_.Sub(absl::StrCat("site/bewijs/", position, ".json"));
    google::protobuf::Struct bundle;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(path), &bundle).ok());
    auto& f = *bundle.mutable_fields();
    google::protobuf::Value* value =
        field == "event" ? &f["event"]
        : field == "proof"
            ? f["proof"].mutable_list_value()->mutable_values(0)
            : &(*f["checkpoint"].mutable_struct_value()->mutable_fields())["signature"];
    std::string raw;
    ASSERT_TRUE(absl::Base64Unescape(value->string_value(), &raw));
    raw[raw.size() / 2] ^= 0x01;
    value->set_string_value(absl::Base64Escape(raw));
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(bundle, &json).ok());
    WriteFile(path, json);
  };
  tamper(positions[0], "event");
  tamper(positions[1], "proof");
  tamper(positions[2], "signature");
  // The checkpoint's C2SP note: one changed byte in the log's signature
  // line; and a note the log really signed, but of another root.
  auto set_note = [&](uint64_t position, const std::function<std::string(std::string)>& change) {
    const std::string path = dir_.Sub(absl::StrCat("site/bewijs/", position, ".json"));
    google::protobuf::Struct bundle;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(path), &bundle).ok());
    auto& checkpoint = *(*bundle.mutable_fields())["checkpoint"].mutable_struct_value();
    google::protobuf::Value& note = (*checkpoint.mutable_fields())["note"];
    ASSERT_FALSE(note.string_value().empty()) << "the bundle carries no note";
    note.set_string_value(change(note.string_value()));
    std::string json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(bundle, &json).ok());
    WriteFile(path, json);
  };
  set_note(positions[3], [](std::string note) {
    absl::StatusOr<ledger::core::SignedNote> parsed = ledger::core::ParseSignedNote(note);
    EXPECT_TRUE(parsed.ok() && !parsed->signatures.empty());
    if (!parsed.ok() || parsed->signatures.empty()) return note;
    parsed->signatures[0].signature[10] ^= 0x01;
    return ledger::core::FormatSignedNote(*parsed);
  });
  const std::string other_root(32, '\x07');
  set_note(positions[4], [&](std::string note) {
    const std::vector<std::string> lines = absl::StrSplit(note, '\n');
    absl::StatusOr<std::string> other =
        ledger::core::SignCheckpointNote(*signer_, lines[0], result->tree_size, other_root);
    EXPECT_TRUE(other.ok()) << other.status();
    return other.value_or(note);
  });
  const std::map<uint64_t, Verdict> kpi =
      Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url("voorstel/kpi.html")));
  ASSERT_EQ(kpi.size(), 6u);
  EXPECT_EQ(kpi.at(positions[0]).verified, "false");
  EXPECT_THAT(kpi.at(positions[0]).message, HasSubstr("de gebeurtenis is gewijzigd"));
  EXPECT_EQ(kpi.at(positions[1]).verified, "false");
  EXPECT_THAT(kpi.at(positions[1]).message, HasSubstr("het bewijs klopt niet"));
  EXPECT_EQ(kpi.at(positions[2]).verified, "false");
  EXPECT_THAT(kpi.at(positions[2]).message, HasSubstr("de handtekening klopt niet"));
  EXPECT_EQ(kpi.at(positions[3]).verified, "false");
  EXPECT_THAT(kpi.at(positions[3]).message,
              HasSubstr("de handtekening onder de checkpoint-notitie klopt niet"));
  EXPECT_EQ(kpi.at(positions[4]).verified, "false");
  EXPECT_THAT(kpi.at(positions[4]).message,
              HasSubstr("de checkpoint-notitie hoort niet bij het bewijs"));
  for (size_t i = 5; i < positions.size(); ++i) {
    EXPECT_EQ(kpi.at(positions[i]).verified, "true") << kpi.at(positions[i]).message;
  }
}

TEST_F(PublisherTest, AFortyItemMeetingIsVerifiedInTheBrowser) {
  {
    ledger::governance::GovernanceCommands c(log_.get(), &clock_);
    testing::Must(c, testing::Schedule("oro-2", "oro", "2025-03-10"));
    testing::Must(c, testing::Open("oro-2"));
    for (const char* m : {"r1", "r2", "s1"}) testing::Must(c, testing::Attend("oro-2", m));
    testing::Must(c, testing::Attend("oro-2", "s2", /*present=*/false));
    testing::Must(c, testing::Substitute("oro-2", "s2", "s3"));
    for (int i = 1; i <= 40; ++i) {
      const std::string proposal = absl::StrCat("p", i);
      const std::string item = absl::StrCat(i);
      testing::Must(c, testing::Submit(proposal, "oro", {"punt"}, false, "r1"));
      testing::Must(c, testing::AddItem("oro-2", item, proposal, "r1"));
      testing::Must(c, testing::Vote("oro-2", item, 1, "r1", v1::FOR));
      testing::Must(c, testing::Vote("oro-2", item, 1, "s1", i % 3 == 0 ? v1::AGAINST : v1::FOR));
      testing::Must(c, testing::Decide("oro-2", item));
    }
  }
  ASSERT_TRUE(PublishSite(Options()).ok());
  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::string dom = BrowserDom(dir_.Sub("chromium"), http.Url("vergadering/oro-2.html"));
  const std::map<uint64_t, Verdict> verdicts = Verdicts(dom);
  EXPECT_EQ(verdicts.size(), 40u);
  for (const auto& [position, verdict] : verdicts) {
    EXPECT_EQ(verdict.verified, "true") << position << ": " << verdict.message;
  }
  EXPECT_THAT(dom, HasSubstr("Name of s2 vervangen door Name of s3"));
  // A picture of the page for a person to look at, when asked for.
  if (const char* shot = std::getenv("BESLUITLOG_PUBLISH_SCREENSHOT"); shot != nullptr) {
    int code = -1;
    RunCommand(absl::StrCat("chromium --headless --no-sandbox --disable-gpu --no-first-run "
                            "--hide-scrollbars --window-size=1280,2000 --virtual-time-budget=20000 "
                            "--user-data-dir=",
                            dir_.Sub("chromium-shot"), " --screenshot=", shot, " '",
                            http.Url("vergadering/oro-2.html"), "' 2>/dev/null"),
               &code);
  }
}

TEST_F(PublisherTest, PagesDoNotOverflowOnADesktopOrAPhone) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::regex widths("data-scroll-width=\"([0-9]+)\" data-client-width=\"([0-9]+)\"");
  for (int width : {1280, 390}) {
    for (const char* page :
         {"index.html", "vergadering/sbo-1.html", "voorstel/kpi.html", "gemeente/Dordrecht.html"}) {
      const std::string dom =
          BrowserDom(dir_.Sub("chromium"), http.Url(absl::StrCat(page, "?meet=1")), width);
      std::smatch match;
      ASSERT_TRUE(std::regex_search(dom, match, widths)) << page << " at " << width;
      EXPECT_LE(std::stoi(match[1]), std::stoi(match[2]))
          << page << " is wider than the window at " << width << " px";
      EXPECT_GE(std::stoi(match[2]), width - 20) << page;  // The window was that wide.
    }
  }
}

TEST_F(PublisherTest, LedgerctlPublishTakesTheAuditorOrSecretariaatRole) {
  const std::string out = dir_.Sub("cli-site");
  int code = -1;
  const std::string refused = RunCommand(
      absl::StrCat(LEDGERCTL_PATH, " publish --out=", out, " --server=", server_->address(),
                   " --token=", member_token_, " 2>&1"),
      &code);
  EXPECT_EQ(code, 1) << refused;
  EXPECT_THAT(refused, HasSubstr("PERMISSION_DENIED"));
  EXPECT_FALSE(std::filesystem::exists(out + "/index.html"));

  const std::string published =
      RunCommand(absl::StrCat(LEDGERCTL_PATH, " publish --out=", out,
                              " --server=", server_->address(), " --token=", secretariaat_token_,
                              " --exclude_body=cg-a --on_date=2025-06-01 2>&1"),
                 &code);
  EXPECT_EQ(code, 0) << published;
  EXPECT_TRUE(std::filesystem::exists(out + "/vergadering/sbo-1.html"));
  EXPECT_FALSE(std::filesystem::exists(out + "/vergadering/cg-1.html"));
  // One closing line: how many pages written/unchanged, and where.
  EXPECT_THAT(published, HasSubstr("written"));
  EXPECT_THAT(published, HasSubstr(out));
  const std::string again =
      RunCommand(absl::StrCat(LEDGERCTL_PATH, " publish --out=", out,
                              " --server=", server_->address(), " --token=", secretariaat_token_,
                              " --exclude_body=cg-a --on_date=2025-06-01 2>&1"),
                 &code);
  EXPECT_EQ(code, 0) << again;
  EXPECT_THAT(again, HasSubstr(" 0 pages written"));
}

}  // namespace
}  // namespace besluitlog::tools::publish
