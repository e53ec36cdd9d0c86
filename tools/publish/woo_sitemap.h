// The files through which the national Woo-index (open.overheid.nl) finds
// the site's besluitenlijsten: robots.txt names one sitemap index per
// information category, sitemapindex-diwoo-infocat009.xml for "agenda's en
// besluitenlijsten bestuurscolleges" (Woo art. 3.3 lid 2 d; TOOI
// c_3a248e3a, the ninth of the TOOI list scw_woo_informatiecategorieen),
// which names sitemaps of at most 50,000 documents
// (sitemap-diwoo-infocat009-K.xml) whose <loc> points straight at each
// meeting page, with per document the DiWoo metadata extension (KOOP's
// Woo-metadata standard 0.9.8, namespace
// https://standaarden.overheid.nl/diwoo/metadata/): publisher, official
// title, information category, creation date, format and the act that
// made it (documenthandeling "vaststelling" at the time of the meeting's
// last decision; "ontvangst" at scheduling while it has none).
#ifndef BESLUITLOG_TOOLS_PUBLISH_WOO_SITEMAP_H_
#define BESLUITLOG_TOOLS_PUBLISH_WOO_SITEMAP_H_

#include <string>
#include <utility>
#include <vector>

namespace besluitlog::tools::publish {

struct WooDocument {
  std::string path;           // In the site, e.g. "vergadering/sbo-1.html".
  std::string title;          // "Besluitenlijst SBO 20 november 2024".
  std::string date;           // Creation date (the meeting's), YYYY-MM-DD.
  std::string last_modified;  // W3C date-time with zone, of its last act.
  std::string handled_at;     // YYYY-MM-DDTHH:MM:SS in Europe/Amsterdam.
  bool adopted = false;       // Vaststelling (decided) or ontvangst.
};

struct WooPublisher {
  std::string name;
  std::string uri;  // TOOI organisatie identifier.
};

inline constexpr char kWooRobots[] = "robots.txt";
inline constexpr char kWooSitemapIndex[] = "sitemapindex-diwoo-infocat009.xml";
inline constexpr char kWooSitemapPrefix[] = "sitemap-diwoo-infocat009-";

// (path, content) of robots.txt, the index and the sitemaps; `base_url`
// without a trailing '/'.
std::vector<std::pair<std::string, std::string>> WooFiles(
    const std::string& base_url, const WooPublisher& publisher,
    const std::vector<WooDocument>& documents);

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_WOO_SITEMAP_H_
