// The published pages in headless Chromium, served by Python's http.server
// on 127.0.0.1: every decision verified by the page's own script (verify.js),
// tampered bundles named by what failed, a 40-item meeting, and no
// horizontal overflow on a desktop or a phone.
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/tools/publish/publish_fixture.h"

namespace besluitlog::tools::publish {
namespace {

TEST_F(PublisherTest, TheBrowserVerifiesEveryDecisionAndNamesWhatWasTamperedWith) {
  absl::StatusOr<PublishResult> result = PublishSite(Options());
  ASSERT_TRUE(result.ok()) << result.status();
  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::string expected_ok = absl::StrCat("geverifieerd tegen checkpoint ", result->tree_size,
                                               ", sleutel ", Fingerprint());
  // The badge says what it proved: this event, unchanged in the log.
  for (const char* page : {"vergadering/cg-1.html", "vergadering/oro-1.html",
                           "vergadering/sbo-1.html", "voorstel/kpi.html"}) {
    const std::map<uint64_t, Verdict> verdicts =
        Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url(page)));
    ASSERT_FALSE(verdicts.empty()) << page;
    for (const auto& [position, verdict] : verdicts) {
      EXPECT_EQ(verdict.verified, "true")
          << page << " decision " << position << ": " << verdict.message;
      EXPECT_THAT(verdict.message, HasSubstr(expected_ok)) << page << " decision " << position;
      EXPECT_THAT(verdict.message, HasSubstr(absl::StrCat("gebeurtenis ", position,
                                                          " staat ongewijzigd in het besluitlog")))
          << page << " decision " << position;
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

// Opened from disk the browser does not let the page fetch its bundles:
// the page says it must be opened through a web server to be checked, not
// that the proof is missing or that the decision failed its check.
TEST_F(PublisherTest, APageOpenedFromDiskSaysToOpenItThroughAWebServer) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  const std::map<uint64_t, Verdict> verdicts = Verdicts(BrowserDom(
      dir_.Sub("chromium"), absl::StrCat("file://", dir_.Sub("site/vergadering/sbo-1.html"))));
  ASSERT_FALSE(verdicts.empty());
  for (const auto& [position, verdict] : verdicts) {
    EXPECT_EQ(verdict.verified, "unchecked") << position << ": " << verdict.message;
    EXPECT_THAT(verdict.message, HasSubstr("open deze pagina via een webserver")) << position;
    EXPECT_THAT(verdict.message, Not(HasSubstr("ontbreekt"))) << position;
    EXPECT_THAT(verdict.message, Not(HasSubstr("niet geverifieerd"))) << position;
  }
}

// A hostile host edits the words on a page, not the bundle: the outcome and
// the tally shown next to a decision are compared with the event's, so an
// edited word is flagged; a College decision's sentence is not compared,
// and its badge says so instead of vouching for it.
TEST_F(PublisherTest, AnEditedOutcomeOrTallyNextToTheBadgeIsFlagged) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  const std::string sbo_path = dir_.Sub("site/vergadering/sbo-1.html");
  std::string sbo = ReadFile(sbo_path);
  const std::string outcome = "<span class=\"uitkomst\">aangenomen, bekrachtiging gevraagd</span>";
  ASSERT_THAT(sbo, HasSubstr(outcome));
  sbo.replace(sbo.find(outcome), outcome.size(), "<span class=\"uitkomst\">verworpen</span>");
  WriteFile(sbo_path, sbo);
  const std::string oro_path = dir_.Sub("site/vergadering/oro-1.html");
  std::string oro = ReadFile(oro_path);
  const std::regex tally(R"(\(voor ([0-9]+),)");
  std::smatch found;
  ASSERT_TRUE(std::regex_search(oro, found, tally)) << oro;
  oro.replace(found.position(1), found.length(1), absl::StrCat(std::stoi(found[1]) + 1));
  WriteFile(oro_path, oro);

  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::string sbo_dom = BrowserDom(dir_.Sub("chromium"), http.Url("vergadering/sbo-1.html"));
  const std::map<uint64_t, Verdict> sbo_verdicts = Verdicts(sbo_dom);
  ASSERT_EQ(sbo_verdicts.size(), 4u);  // The decision; three College decisions.
  int flagged = 0;
  for (const auto& [position, verdict] : sbo_verdicts) {
    if (verdict.verified == "false") {
      ++flagged;
      EXPECT_THAT(verdict.message, HasSubstr("de uitkomst op deze pagina is niet die van"))
          << position;
    } else {
      EXPECT_EQ(verdict.verified, "true") << position << ": " << verdict.message;
      // A College decision: proved, its sentence not compared, and said so.
      EXPECT_THAT(verdict.message, HasSubstr("de tekst hiernaast is niet vergeleken")) << position;
    }
  }
  EXPECT_EQ(flagged, 1);
  const std::map<uint64_t, Verdict> oro_verdicts =
      Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url("vergadering/oro-1.html")));
  ASSERT_EQ(oro_verdicts.size(), 1u);
  EXPECT_EQ(oro_verdicts.begin()->second.verified, "false");
  EXPECT_THAT(oro_verdicts.begin()->second.message, HasSubstr("de stemmen op deze pagina"));
  // The unedited page of the same decision still verifies, words and all.
  const std::map<uint64_t, Verdict> kpi =
      Verdicts(BrowserDom(dir_.Sub("chromium"), http.Url("voorstel/kpi.html")));
  int compared = 0;
  for (const auto& [position, verdict] : kpi) {
    EXPECT_EQ(verdict.verified, "true") << position << ": " << verdict.message;
    compared +=
        absl::StrContains(verdict.message, "uitkomst en telling per besluitpunt vergeleken");
  }
  EXPECT_EQ(compared, 3);  // The three meetings' decisions; not the College decisions.
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
    RunCommand(testing::HeadlessChromium(
                   dir_.Sub("chromium-shot"),
                   absl::StrCat("--hide-scrollbars --window-size=1280,2000 "
                                "--virtual-time-budget=20000 --screenshot=",
                                shot, " '", http.Url("vergadering/oro-2.html"), "'")),
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

// A meeting page prints as the meeting, from the first A4 page on: the
// besluitenlijst's "each meeting starts a page" must not leave a page with
// only the site's header before it.
TEST_F(PublisherTest, AMeetingPagePrintsOnOneA4PageStartingWithTheMeeting) {
  ASSERT_TRUE(PublishSite(Options()).ok());
  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  const std::string pdf = dir_.Sub("sbo-1.pdf");
  int code = -1;
  testing::RunCommand(
      testing::HeadlessChromium(dir_.Sub("chromium"),
                                absl::StrCat("--no-pdf-header-footer --virtual-time-budget=5000 "
                                             "--print-to-pdf=",
                                             pdf, " '", http.Url("vergadering/sbo-1.html"), "'")),
      &code);
  ASSERT_EQ(code, 0);
  const std::string info = testing::RunCommand("pdfinfo " + pdf, &code);
  ASSERT_EQ(code, 0) << info;
  EXPECT_NE(info.find("A4"), std::string::npos) << info;
  std::smatch pages;
  ASSERT_TRUE(std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))"))) << info;
  EXPECT_EQ(pages[1], "1") << info;
  const std::string first = testing::RunCommand("pdftotext -f 1 -l 1 " + pdf + " -", &code);
  EXPECT_NE(first.find("Vergadering van 20 november 2024"), std::string::npos) << first;
}

// Printed, a meeting page never ends on a page that holds only the site's
// footer (the outsider's meeting fitted on one A4 page and its footer spilled
// onto a second): meetings of 1 to 8 items, each page printed to PDF; when
// it takes more than one page, its last page holds meeting text too. The
// publishing organisation is named on the first page.
TEST_F(PublisherTest, APrintedMeetingNeverEndsWithAPageOfOnlyTheFooter) {
  {
    ledger::governance::GovernanceCommands c(log_.get(), &clock_);
    for (int k = 1; k <= 8; ++k) {
      const std::string meeting = absl::StrCat("oro-k", k);
      testing::Must(c, testing::Schedule(meeting, "oro", "2025-03-10"));
      testing::Must(c, testing::Open(meeting));
      for (const char* m : {"r1", "r2", "s1", "s2"}) testing::Must(c, testing::Attend(meeting, m));
      for (int i = 1; i <= k; ++i) {
        const std::string proposal = absl::StrCat("k", k, "-", i);
        const std::string item = absl::StrCat(i);
        std::string text;
        for (int w = 0; w < 60; ++w) absl::StrAppend(&text, "woord", i, " ");
        testing::Must(c, testing::Submit(proposal, "oro", {text}, false, "r1"));
        testing::Must(c, testing::AddItem(meeting, item, proposal, "r1"));
        testing::Must(c, testing::Vote(meeting, item, 1, "r1", v1::FOR));
        testing::Must(c, testing::Vote(meeting, item, 1, "s1", v1::FOR));
        testing::Must(c, testing::Decide(meeting, item));
      }
    }
  }
  ASSERT_TRUE(PublishSite(Options()).ok());
  StaticServer http(dir_.Sub("site"));
  ASSERT_GT(http.port(), 0);
  for (int k = 1; k <= 8; ++k) {
    const std::string pdf = dir_.Sub(absl::StrCat("oro-k", k, ".pdf"));
    int code = -1;
    testing::RunCommand(
        testing::HeadlessChromium(
            dir_.Sub(absl::StrCat("chromium-print-", k)),
            absl::StrCat("--no-pdf-header-footer --virtual-time-budget=5000 --print-to-pdf=", pdf,
                         " '", http.Url(absl::StrCat("vergadering/oro-k", k, ".html")), "'")),
        &code);
    ASSERT_EQ(code, 0);
    const std::string info = testing::RunCommand("pdfinfo " + pdf, &code);
    ASSERT_EQ(code, 0) << info;
    std::smatch pages;
    ASSERT_TRUE(std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))"))) << info;
    const int count = std::stoi(pages[1]);
    const std::string first = testing::RunCommand("pdftotext -f 1 -l 1 " + pdf + " -", &code);
    EXPECT_THAT(first, HasSubstr("Gemeente Dordrecht")) << k << " items";
    const std::string last = testing::RunCommand(
        absl::StrCat("pdftotext -f ", count, " -l ", count, " ", pdf, " -"), &code);
    EXPECT_THAT(last, HasSubstr("woord"))
        << k << " items, " << count << " pages; the last page holds only:\n"
        << last;
  }
}

}  // namespace
}  // namespace besluitlog::tools::publish
