// The besluitenlijst as a reader gets it: exported over gRPC from a real
// server (three meetings, tests/testing/besluitenlijst_history.h), opened in
// headless Chromium on a 1280 px wide screen and printed to PDF. Chromium
// and poppler-utils are test dependencies: tools/dev.sh installs them, and
// without them this test fails and says so (it never skips).
#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/besluitenlijst_history.h"
#include "tests/testing/chromium.h"
#include "tests/testing/documented_fingerprint.h"
#include "tests/testing/shell.h"
#include "tools/export_trail.h"
#include "tools/html_writer.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using testing::ReadFile;
using testing::RunCommand;

class BesluitenlijstBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int code = -1;
    for (const char* tool : {"chromium", "pdfinfo", "pdftotext"}) {
      RunCommand(absl::StrCat("command -v ", tool, " >/dev/null"), &code);
      ASSERT_EQ(code, 0) << tool
                         << " is missing: it is a test dependency; run tools/dev.sh setup "
                            "(it installs chromium and poppler-utils)";
    }
    server_.Start();
    ASSERT_FALSE(HasFatalFailure());
    server_.RecordThreeMeetings();
    ASSERT_FALSE(HasFatalFailure());
    page_ = server_.dir().Sub("besluitenlijst.html");
    std::ofstream out(page_, std::ios::binary);
    HtmlWriter writer(&out);
    const absl::Status exported =
        ExportTrail(server_.ledger(), server_.audit(), TrailFilter(), /*progress=*/nullptr, writer,
                    /*summary=*/nullptr);
    ASSERT_TRUE(exported.ok()) << exported;
    out.close();
    html_ = ReadFile(page_);
    ASSERT_FALSE(html_.empty());
  }

  // Headless Chromium with a fresh profile; `args` says what it does.
  std::string Chromium(const std::string& args, int* code) {
    return RunCommand(
        testing::HeadlessChromium(server_.dir().Sub("chromium"), "--hide-scrollbars " + args),
        code);
  }

  testing::BesluitenlijstServer server_;
  std::string page_;
  std::string html_;
};

TEST_F(BesluitenlijstBrowserTest, ReadsAsADutchBesluitenlijst) {
  // The page itself has no script: what it shows cannot change in the browser.
  EXPECT_THAT(html_, Not(HasSubstr("<script")));
  for (const std::string& text : {
           std::string("<title>Besluitenlijst</title>"),
           std::string(testing::kOroName),
           std::string("Vergadering van 13 januari 2026"),
           std::string("<dt>Aanwezig</dt><dd>Ria Jansen, Sanne Bakker</dd>"),
           std::string("<dt>Afwezig</dt><dd>Rob de Boer</dd>"),
           std::string("Sem Visser vervangen door Tom Smit"),
           std::string("Besluitpunt 1: De wachttijd-KPI wordt zes weken"),
           std::string("geen overeenstemming</span> (voor 1, tegen 1, onthouding 1)"),
           std::string("aangenomen, bekrachtiging gevraagd</span> (voor 4, tegen 0, onthouding 0)"),
           std::string("doorgeleid vanuit ORO, 13 januari 2026, punt 1"),
           std::string("doorgeleid naar het SBO, 10 februari 2026, punt 2"),
           std::string("College van Dordrecht: bekrachtigd op 2 maart 2026, in werking per 1 "
                       "januari 2027"),
           std::string("Raad van Zwijndrecht: ingediend op 5 maart 2026, te laat"),
           absl::StrCat("verslag-oro-2026-01.pdf, SHA-256 ", testing::kMinutesSha256),
           std::string("href=\"#vergadering-oro-2026-03\">10 maart 2026</a>"),
           std::string("Bijlage: audit trail"),
           std::string("Anna de Vries in SBO"),
           std::string("Tom Smit (voor Sem Visser): onthouding, besluitpunt 1 van agendapunt 1, "
                       "ORO 13 januari 2026"),
       }) {
    EXPECT_THAT(html_, HasSubstr(text));
  }
  // The ten appointments and two bodies are folded into one summary.
  EXPECT_THAT(html_, HasSubstr("Nrs. 1–10: inrichting van de gremia (2 × gremium ingesteld, "
                               "8 × lid benoemd)"));
  // The checkpoint: the key's fingerprint, verified here, and how to check it.
  const std::string fingerprint = testing::DocumentedFingerprint(server_.signer().public_key());
  EXPECT_THAT(html_, HasSubstr("vingerafdruk <code>" + fingerprint));
  EXPECT_THAT(html_, HasSubstr("Handtekening: <span class=\"ok\">geverifieerd</span>"));
  EXPECT_THAT(html_, HasSubstr("ledgerctl audit --trust_key " + fingerprint));
  // Nothing in English or by id where a person reads.
  for (const char* english : {"ADOPTED", "NO_AGREEMENT", "point 1", " for, ", "oro-2026-01 ("}) {
    EXPECT_THAT(html_, Not(HasSubstr(english)));
  }
}

TEST_F(BesluitenlijstBrowserTest, NoHorizontalOverflowAt1280Pixels) {
  // A copy of the page with a script that writes what it measured into the
  // DOM: the width of the document and the right edge of its widest element.
  const std::string measured = server_.dir().Sub("measure.html");
  std::string copy = html_;
  const std::string script =
      "<script>let r=0,w='';for(const e of document.querySelectorAll('body *')){"
      "const b=e.getBoundingClientRect();if(b.right>r){r=b.right;w=e.tagName+'.'+e.className}}"
      "document.body.insertAdjacentHTML('beforeend','<pre id=measured>innerWidth='+innerWidth+"
      "' scrollWidth='+document.documentElement.scrollWidth+' right='+Math.ceil(r)+' widest='+w+"
      "'</pre>')</script>";
  copy.insert(copy.rfind("</body>"), script);
  std::ofstream(measured, std::ios::binary) << copy;
  int code = -1;
  const std::string dom = Chromium(
      "--window-size=1280,1000 --virtual-time-budget=2000 --dump-dom file://" + measured, &code);
  ASSERT_EQ(code, 0) << "chromium failed; run tools/dev.sh setup";
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      dom, m, std::regex(R"(innerWidth=(\d+) scrollWidth=(\d+) right=(\d+) widest=(\S*))")))
      << dom.substr(0, 2000);
  const int inner = std::stoi(m[1]), scroll = std::stoi(m[2]), right = std::stoi(m[3]);
  const std::string widest = m[4];
  EXPECT_EQ(inner, 1280) << "the window is the width this test is about";
  EXPECT_LE(scroll, 1280) << "the page scrolls sideways; widest element: " << widest;
  EXPECT_LE(right, 1280) << "an element runs past the window: " << widest;
  std::printf("measured at 1280 px: scrollWidth=%d, widest right edge=%d (%s)\n", scroll, right,
              widest.c_str());
  // The screenshot a person looks at (kept when BESLUITENLIJST_SHOTS names a dir).
  const char* keep = std::getenv("BESLUITENLIJST_SHOTS");
  const std::string shot =
      keep != nullptr ? absl::StrCat(keep, "/screen.png") : server_.dir().Sub("screen.png");
  Chromium(absl::StrCat("--window-size=1280,2600 --screenshot=", shot, " file://", page_), &code);
  EXPECT_EQ(code, 0);
  EXPECT_GT(ReadFile(shot).size(), 1000u) << "no screenshot";
}

TEST_F(BesluitenlijstBrowserTest, PrintsOnA4WithEachMeetingOnAPageOfItsOwn) {
  const char* keep = std::getenv("BESLUITENLIJST_SHOTS");
  const std::string pdf =
      keep != nullptr ? absl::StrCat(keep, "/besluitenlijst.pdf") : server_.dir().Sub("page.pdf");
  int code = -1;
  Chromium(absl::StrCat("--no-pdf-header-footer --print-to-pdf=", pdf, " file://", page_), &code);
  ASSERT_EQ(code, 0) << "chromium could not print; run tools/dev.sh setup";
  const std::string info = RunCommand("pdfinfo " + pdf, &code);
  ASSERT_EQ(code, 0) << info;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))"))) << info;
  const int pages = std::stoi(m[1]);
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Page size:\s+([\d.]+) x ([\d.]+) pts)")))
      << info;
  const double width = std::stod(m[1]), height = std::stod(m[2]);
  EXPECT_NEAR(width, 595.3, 1.0) << "A4 is 595 pt wide";
  EXPECT_NEAR(height, 841.9, 1.0) << "A4 is 842 pt high";
  std::printf("PDF: %d pages, %.1f x %.1f pt\n", pages, width, height);
  // The first line of each page: the front matter, then each meeting starts
  // a page of its own (it fits on one), then the appendix starts a page.
  std::vector<std::string> first_lines;
  for (int p = 1; p <= pages; ++p) {
    const std::string text =
        RunCommand(absl::StrCat("pdftotext -f ", p, " -l ", p, " ", pdf, " -"), &code);
    std::string first;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      line = absl::StripAsciiWhitespace(line);
      if (!line.empty()) {
        first = std::string(line);
        break;
      }
    }
    first_lines.push_back(first);
  }
  ASSERT_GE(pages, 5) << "front matter, three meetings, appendix";
  EXPECT_EQ(first_lines[0], "Besluitenlijst");
  EXPECT_THAT(first_lines[1], HasSubstr("Operationeel Regie Overleg")) << "13 januari";
  EXPECT_THAT(first_lines[2], HasSubstr("Strategisch Bestuurlijk Overleg")) << "10 februari";
  EXPECT_THAT(first_lines[3], HasSubstr("Operationeel Regie Overleg")) << "10 maart";
  EXPECT_EQ(first_lines[4], "Bijlage: audit trail");
  for (int p = 2; p <= 4; ++p) {
    const std::string text =
        RunCommand(absl::StrCat("pdftotext -f ", p, " -l ", p, " ", pdf, " -"), &code);
    EXPECT_THAT(text, HasSubstr(std::vector<std::string>{"13 januari 2026", "10 februari 2026",
                                                         "10 maart 2026"}[p - 2]));
  }
  // The appendix says it holds every act: on paper the folded structure acts
  // (each body established) are printed too, not only their summary line.
  const std::string all = RunCommand(absl::StrCat("pdftotext ", pdf, " -"), &code);
  size_t established = 0;
  for (size_t at = all.find("ingesteld"); at != std::string::npos;
       at = all.find("ingesteld", at + 1)) {
    ++established;
  }
  EXPECT_GE(established, 3u) << "the summary line and a row per body established";
}

}  // namespace
}  // namespace besluitlog::tools
