// The static decision site against a real LedgerServer over real gRPC: its
// files and pages, a body left out, an incremental publish, the Woo
// sitemaps, and `ledgerctl publish` by role (the pages in the browser:
// publisher_browser_test.cc).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/tools/publish/publish_fixture.h"

namespace besluitlog::tools::publish {
namespace {

TEST(SitePathsTest, IdsBecomeDistinctFileNamesSafeInAPathAndAUrl) {
  EXPECT_EQ(SitePaths::Meeting("sbo-2024.1_a"), "vergadering/sbo-2024.1_a.html");
  EXPECT_EQ(SitePaths::Meeting("../etc/passwd"), "vergadering/~2E.~2Fetc~2Fpasswd.html");
  EXPECT_EQ(SitePaths::Municipality("Alphen aan den Rijn"),
            "gemeente/Alphen~20aan~20den~20Rijn.html");
  EXPECT_NE(SitePaths::Slug("a/b"), SitePaths::Slug("a~2Fb"));
  EXPECT_EQ(SitePaths::Slug(""), "~");
  EXPECT_EQ(SitePaths::Bundle(47), "bewijs/47.json");
}

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
  // The proposal was submitted to the excluded body but reached the public
  // ORO: it is public (its title, text, points, its page); the excluded
  // body's meeting it came from is not named.
  ASSERT_TRUE(files.count("voorstel/kpi.html"));
  EXPECT_THAT(files.at("voorstel/kpi.html"), HasSubstr("Text of kpi"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"), HasSubstr("voorstel/kpi.html"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"), HasSubstr("Proposal kpi"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"), HasSubstr("Wachttijd-KPI"));
  EXPECT_THAT(files.at("vergadering/oro-1.html"),
              HasSubstr("doorgeleid vanuit een niet-openbaar overleg"));
  for (const char* page : {"vergadering/oro-1.html", "voorstel/kpi.html"}) {
    EXPECT_THAT(files.at(page), Not(HasSubstr("cg-1"))) << page;
    EXPECT_THAT(files.at(page), Not(HasSubstr("15 september 2024"))) << page;
    EXPECT_THAT(files.at(page), Not(HasSubstr("Name of p"))) << page;  // cg-1's attendee.
  }
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

// The outsider's finding: every SBO item comes in through the ORO, so
// leaving the ORO out must hide its meetings (and what was said there) but
// not what reached the public SBO and what followed from it.
TEST_F(PublisherTest, ExcludingTheBodyAProposalCameThroughKeepsWhatThePublicBodyDecided) {
  {
    // An ORO proposal that never reached a public body stays hidden.
    ledger::governance::GovernanceCommands c(log_.get(), &clock_);
    testing::Must(c, testing::Submit("intern", "oro", {"Interne werkafspraak"}, false, "r1"));
    testing::Must(c, testing::Schedule("oro-2", "oro", "2025-03-10"));
    testing::Must(c, testing::Open("oro-2"));
    testing::Must(c, testing::Attend("oro-2", "r2"));
    testing::Must(c, testing::AddItem("oro-2", "1", "intern", "r1"));
  }
  PublishOptions options = Options();
  options.exclude_bodies = {"cg-a", "oro"};
  absl::StatusOr<PublishResult> result = PublishSite(options);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::map<std::string, std::string> files = SiteFiles(options.out_dir);
  for (const char* hidden : {"vergadering/cg-1.html", "vergadering/oro-1.html",
                             "vergadering/oro-2.html", "voorstel/intern.html"}) {
    EXPECT_FALSE(files.count(hidden)) << hidden;
  }
  ASSERT_TRUE(files.count("vergadering/sbo-1.html"));
  const std::string& sbo = files.at("vergadering/sbo-1.html");
  // The proposal by its title, linked; its decision point's text.
  EXPECT_THAT(sbo, HasSubstr("<a href=\"../voorstel/kpi.html\">Proposal kpi</a>"));
  EXPECT_THAT(sbo, HasSubstr("Besluitpunt 1: Wachttijd-KPI"));
  EXPECT_THAT(sbo, HasSubstr("<span class=\"uitkomst\">aangenomen, bekrachtiging gevraagd</span> "
                             "(voor 4, tegen 0, onthouding 0)"));
  // Where it came from is an excluded body's meeting: not named.
  EXPECT_THAT(sbo, HasSubstr("doorgeleid vanuit een niet-openbaar overleg"));
  // The Colleges' ratifications follow from the SBO's decision.
  EXPECT_THAT(sbo, HasSubstr("Bekrachtiging door de colleges"));
  EXPECT_THAT(sbo, HasSubstr("College van Dordrecht: bekrachtigd op 31 december 2024, in werking "
                             "per 1 januari 2025"));
  ASSERT_TRUE(files.count("voorstel/kpi.html"));
  EXPECT_THAT(files.at("voorstel/kpi.html"), HasSubstr("Text of kpi"));
  EXPECT_THAT(files.at("voorstel/kpi.html"), HasSubstr(std::string(64, 'a')));
  ASSERT_TRUE(files.count("gemeente/Dordrecht.html"));
  EXPECT_THAT(files.at("gemeente/Dordrecht.html"), HasSubstr("in werking sinds 1 januari 2025"));
  EXPECT_TRUE(files.count("gemeente/Molenlanden.html"));
  // Nothing of the excluded bodies' meetings anywhere: not their dates, not
  // who attended or voted there, not the proposal that stayed inside.
  for (const auto& [name, bytes] : files) {
    if (!absl::EndsWith(name, ".html") && !absl::StartsWith(name, "downloads/")) continue;
    EXPECT_THAT(bytes, Not(HasSubstr("Name of r1"))) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("Name of s1"))) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("7 oktober 2024"))) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("Interne werkafspraak"))) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("Proposal intern"))) << name;
    EXPECT_THAT(bytes, Not(HasSubstr("\"streamId\":\"meeting/oro-1\""))) << name;
  }
  // The index lists no meeting of the ORO.
  EXPECT_THAT(files.at("index.html"), Not(HasSubstr("oro-")));
  // The downloads hold the public proposal's submission too.
  EXPECT_THAT(files.at("downloads/besluitlog.jsonl"), HasSubstr("ProposalSubmitted"));
  EXPECT_THAT(files.at("downloads/besluitlog.csv"), HasSubstr("Proposal kpi"));
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

// Publishing again in the README's first form (no --base_url) keeps the
// site's Woo index as it was: robots.txt and the sitemap index never point
// at a sitemap that is gone. Dropping the index is said on purpose.
TEST_F(PublisherTest, PublishingAgainWithoutBaseUrlKeepsTheWooIndexConsistent) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  const std::string site = dir_.Sub("site");
  const std::map<std::string, std::string> first = SiteFiles(site);
  ASSERT_TRUE(first.count("sitemap-diwoo-infocat009-1.xml"));

  // Through ledgerctl, as a clerk does it.
  int code = -1;
  const std::string again = RunCommand(
      absl::StrCat(LEDGERCTL_PATH, " publish --out=", site, " --server=", server_->address(),
                   " --token=", auditor_token_, " --on_date=2025-06-01 2>&1"),
      &code);
  EXPECT_EQ(code, 0) << again;
  EXPECT_THAT(again, HasSubstr(" 0 removed")) << again;
  EXPECT_THAT(again, HasSubstr("Woo index for https://besluiten.example.nl/regio")) << again;
  const std::map<std::string, std::string> second = SiteFiles(site);
  for (const char* woo :
       {"robots.txt", "sitemapindex-diwoo-infocat009.xml", "sitemap-diwoo-infocat009-1.xml"}) {
    ASSERT_TRUE(second.count(woo)) << woo;
    EXPECT_EQ(second.at(woo), first.at(woo)) << woo;
  }
  code = -1;
  const std::string checked =
      RunCommand(absl::StrCat("/usr/bin/python3 ", CHECK_WOO_SITEMAPS, " ", site,
                              " https://besluiten.example.nl/regio 2>&1"),
                 &code);
  EXPECT_EQ(code, 0) << checked;

  // Dropped on purpose: every Woo file goes, robots.txt with them.
  PublishOptions options = Options();
  options.base_url.clear();
  options.publisher_name.clear();
  options.publisher_uri.clear();
  options.drop_woo_index = true;
  absl::StatusOr<PublishResult> dropped = PublishSite(options);
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  const std::map<std::string, std::string> third = SiteFiles(site);
  for (const char* woo :
       {"robots.txt", "sitemapindex-diwoo-infocat009.xml", "sitemap-diwoo-infocat009-1.xml"}) {
    EXPECT_FALSE(third.count(woo)) << woo;
  }
  // And it stays dropped when publishing again without --base_url.
  options.drop_woo_index = false;
  ASSERT_TRUE(PublishSite(options).ok());
  EXPECT_FALSE(std::filesystem::exists(site + "/sitemapindex-diwoo-infocat009.xml"));
  // --base_url together with dropping it is a contradiction.
  options = Options();
  options.drop_woo_index = true;
  EXPECT_EQ(PublishSite(options).status().code(), absl::StatusCode::kInvalidArgument);
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
