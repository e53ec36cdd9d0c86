#include "tools/publish/woo_sitemap.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tools/trail_export.h"

namespace besluitlog::tools::publish {
namespace {

constexpr size_t kPerSitemap = 50000;  // The sitemap protocol's limit.
constexpr char kKern[] = "https://identifier.overheid.nl/tooi/def/thes/kern/";
constexpr char kCategory[] = "c_3a248e3a";
constexpr char kCategoryLabel[] = "agenda's en besluitenlijsten bestuurscolleges";
constexpr char kVaststelling[] = "c_641ecd76";
constexpr char kOntvangst[] = "c_dfcee535";
constexpr char kHtmlFormat[] = "http://publications.europa.eu/resource/authority/file-type/HTML";

// XML text and attribute values (HtmlEscape escapes < > & " ').
std::string Xml(const std::string& text) { return HtmlEscape(text); }

std::string Url(const WooDocument& document, const std::string& base_url,
                const WooPublisher& publisher) {
  return absl::StrCat(
      "<url><loc>", Xml(absl::StrCat(base_url, "/", document.path)), "</loc><lastmod>",
      document.last_modified, "</lastmod><diwoo:Document><diwoo:DiWoo>",
      "<diwoo:publisher resource=\"", Xml(publisher.uri), "\">", Xml(publisher.name),
      "</diwoo:publisher>", "<diwoo:titelcollectie><diwoo:officieleTitel>", Xml(document.title),
      "</diwoo:officieleTitel></diwoo:titelcollectie>",
      "<diwoo:classificatiecollectie><diwoo:informatiecategorieen>",
      "<diwoo:informatiecategorie resource=\"", kKern, kCategory, "\">", Xml(kCategoryLabel),
      "</diwoo:informatiecategorie></diwoo:informatiecategorieen></diwoo:classificatiecollectie>",
      "<diwoo:creatiedatum>", document.date, "</diwoo:creatiedatum>", "<diwoo:format resource=\"",
      kHtmlFormat, "\">html</diwoo:format>", "<diwoo:documenthandelingen><diwoo:documenthandeling>",
      "<diwoo:soortHandeling resource=\"", kKern, document.adopted ? kVaststelling : kOntvangst,
      "\">", document.adopted ? "vaststelling" : "ontvangst", "</diwoo:soortHandeling>",
      "<diwoo:atTime>", document.handled_at, "</diwoo:atTime>",
      "</diwoo:documenthandeling></diwoo:documenthandelingen>",
      "</diwoo:DiWoo></diwoo:Document></url>\n");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> WooFiles(
    const std::string& base_url, const WooPublisher& publisher,
    const std::vector<WooDocument>& documents) {
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back(kWooRobots, absl::StrCat("User-agent: *\nAllow: /\nSitemap: ", base_url, "/",
                                              kWooSitemapIndex, "\n"));
  std::string index =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (size_t first = 0, number = 1; first < documents.size() || number == 1;
       first += kPerSitemap, ++number) {
    const size_t last = std::min(documents.size(), first + kPerSitemap);
    std::string sitemap =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        "xmlns:diwoo=\"https://standaarden.overheid.nl/diwoo/metadata/\">\n";
    for (size_t i = first; i < last; ++i) {
      absl::StrAppend(&sitemap, Url(documents[i], base_url, publisher));
    }
    absl::StrAppend(&sitemap, "</urlset>\n");
    const std::string name = absl::StrCat(kWooSitemapPrefix, number, ".xml");
    // No lastmod here (it is optional): the index then changes only when
    // the set of sitemaps does; each document has its own lastmod.
    absl::StrAppend(&index, "<sitemap><loc>", Xml(absl::StrCat(base_url, "/", name)),
                    "</loc></sitemap>\n");
    files.emplace_back(name, std::move(sitemap));
    if (last >= documents.size()) break;
  }
  absl::StrAppend(&index, "</sitemapindex>\n");
  files.emplace_back(kWooSitemapIndex, std::move(index));
  return files;
}

}  // namespace besluitlog::tools::publish
