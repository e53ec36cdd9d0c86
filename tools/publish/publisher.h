// Publish: the static decision site (docs/publish.md) — what the ledger's
// public bodies decided, each decision with the proof that it is the one
// recorded, checkable in an ordinary browser without trusting the web
// server and without any request to besluitlogd.
//
// One pass over the trail up to the server's signed checkpoint (ExportTrail)
// feeds the PageRenderer, the site's own index and the downloads (the
// existing export writers: Popolo JSON, CSV, JSONL with proofs). Then, for
// every decision shown, a verification bundle bewijs/<position>.json: the
// event's canonical bytes, its RFC 9162 inclusion proof and the signed
// checkpoint it is proved against. A bundle names its checkpoint and never
// needs to change (events are immutable), so a bundle already in the site
// and made with the same key is kept: old bundles stay valid and a new
// publish asks proofs only for new decisions.
//
// Incremental: every file is compared byte for byte with what is in the
// site and rewritten (atomically: temp file + rename) only when it differs;
// files of the site's own folders that this publish no longer produces
// (e.g. of a body now excluded) are removed. Pages never show the
// checkpoint or the time of publication, so a page changes only when what
// it shows changes; the index, the downloads and the sitemaps name the
// checkpoint.
//
// Not thread-safe; one publish per output folder at a time.
#ifndef BESLUITLOG_TOOLS_PUBLISH_PUBLISHER_H_
#define BESLUITLOG_TOOLS_PUBLISH_PUBLISHER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "tools/publish/page_renderer.h"
#include "tools/witness_policy.h"

namespace besluitlog::tools::publish {

struct PublishOptions {
  std::string out_dir;
  // "https://..." where the folder is hosted: then robots.txt and the Woo
  // sitemaps are written (woo_sitemap.h), which need absolute URLs.
  std::string base_url;
  // The publishing organisation for the Woo-index: its name and TOOI
  // identifier (https://identifier.overheid.nl/tooi/id/...). Required with
  // base_url.
  std::string publisher_name;
  std::string publisher_uri;
  // The site remembers its Woo index (kSiteManifest): publishing again
  // without base_url keeps it, with the base URL and publisher it was made
  // with, so robots.txt, the sitemap index and the sitemaps stay consistent.
  // drop_woo_index removes robots.txt (when the publisher wrote it), the
  // index and the sitemaps on purpose, and the site forgets them.
  bool drop_woo_index = false;
  // Bodies left out (not public); the pages then say the list is partial.
  std::vector<std::string> exclude_bodies;
  // "Today" in Europe/Amsterdam, for "in werking".
  absl::CivilDay today;
  // The publisher's witness policy (`publish --policy`): the site is built
  // up to the newest checkpoint meeting it (witnessed_checkpoint.h), its
  // bundles carry that checkpoint's cosigned note, and its pages carry the
  // policy's witnesses and quorum so that verify.js checks the
  // cosignatures. Without it, the server's newest checkpoint as always.
  std::optional<WitnessPolicy> witness_policy;
  // Draw a progress bar on stderr when it is a terminal; the closing line
  // is printed either way.
  bool progress = true;
};

// The site's own record of how it was published (JSON, at its root):
// {"format": "besluitlog.site.v1", "base_url", "publisher_name",
// "publisher_uri"}; the last three only while it has a Woo index.
inline constexpr char kSiteManifest[] = "besluitlog-site.json";

struct PublishResult {
  uint64_t tree_size = 0;              // The checkpoint everything new is proved against.
  std::string key_fingerprint;         // Its key (trusted_keys.h KeyFingerprint).
  std::vector<std::string> written;    // Paths (relative) created or changed.
  std::vector<std::string> unchanged;  // Paths whose bytes were the same.
  std::vector<std::string> removed;    // Paths no longer produced.
  int pages = 0;                       // HTML pages in the site.
  int bundles = 0;                     // Verification bundles in the site.
  // Under a witness policy, for the closing line: who cosigned the
  // checkpoint, and the events left out because they are not yet witnessed.
  std::string witnessed;
  // The Woo index: "" (none), or for the closing line where its base URL
  // and publisher came from.
  std::string woo;
};

// INVALID_ARGUMENT for options that cannot work (no out_dir, a base_url that
// is not http(s), no publisher with a base_url, base_url with
// drop_woo_index); the server's status (e.g.
// PERMISSION_DENIED for a role without the AuditService) as is.
[[nodiscard]] absl::StatusOr<PublishResult> Publish(v1::LedgerService::Stub& ledger,
                                                    v1::AuditService::Stub& audit,
                                                    PageRenderer& renderer,
                                                    const PublishOptions& options);

// The one line a publish ends with.
std::string ClosingLine(const PublishResult& result, const PublishOptions& options, double seconds);

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_PUBLISHER_H_
