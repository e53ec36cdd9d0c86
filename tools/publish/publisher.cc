#include "tools/publish/publisher.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_labels.h"
#include "tools/export_trail.h"
#include "tools/export_writer.h"
#include "tools/grpc_status.h"
#include "tools/progress.h"
#include "tools/publish/bundle.h"
#include "tools/publish/exclusion.h"
#include "tools/publish/site_files.h"
#include "tools/publish/site_index.h"
#include "tools/publish/verify_script.h"
#include "tools/publish/woo_sitemap.h"
#include "tools/trail_export.h"
#include "tools/trusted_keys.h"
#include "tools/witnessed_checkpoint.h"

namespace besluitlog::tools::publish {
namespace {

constexpr char kTooiOrganisation[] = "https://identifier.overheid.nl/tooi/id/";
constexpr size_t kProofsPerCall = 10000;  // GetInclusionProofs' limit.
constexpr char kCsvDownload[] = "downloads/besluitlog.csv";
constexpr char kJsonlDownload[] = "downloads/besluitlog.jsonl";
constexpr char kPopoloDownload[] = "downloads/besluitlog-popolo.json";

bool IsDecision(const v1::GovernanceEvent& act) {
  return act.has_decision_taken() || act.has_college_decision_recorded();
}

// The one pass over the trail: leaves out what the excluded bodies keep to
// themselves (Exclusion), feeds the renderer and the index, keeps the
// canonical bytes of decisions that still need a bundle, and hands the same
// page to the download writers.
class PublishingWriter : public ExportWriter {
 public:
  PublishingWriter(const absl::flat_hash_set<std::string>& excluded, PageRenderer& renderer,
                   SiteIndex& index, const SiteFiles& files, absl::TimeZone amsterdam,
                   std::vector<ExportWriter*> downloads, Progress& progress,
                   WitnessedNotes* witnessed)
      : excluded_(excluded),
        exclusion_(excluded),
        renderer_(renderer),
        index_(index),
        files_(files),
        amsterdam_(amsterdam),
        downloads_(std::move(downloads)),
        progress_(progress),
        witnessed_(witnessed) {}

  bool NeedsRows() const override { return true; }  // For the body of each act.
  // With bodies excluded: which of their proposals reached a public body.
  bool NeedsFirstPass() const override { return exclusion_.active(); }
  void FirstPass(const v1::Event& event) override { exclusion_.Learn(event); }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override {
    checkpoint_ = checkpoint;
    fingerprint_ = KeyFingerprint(checkpoint.public_key());
    progress_.set_total(checkpoint.tree_size());
    for (ExportWriter* writer : downloads_) {
      RETURN_IF_ERROR(writer->Begin(checkpoint, complete && excluded_.empty()));
    }
    return absl::OkStatus();
  }
  absl::Status Write(TrailPage page) override {
    TrailPage kept;
    kept.events = std::move(page.events);
    for (size_t i = 0; i < page.selected.size(); ++i) {
      const v1::Event& event = *page.selected[i];
      absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
      if (act.status().code() == absl::StatusCode::kInvalidArgument) {  // Not an act.
        if (!excluded_.contains(page.rows[i].body)) {
          kept.selected.push_back(page.selected[i]);
          kept.rows.push_back(std::move(page.rows[i]));
        }
        continue;
      }
      RETURN_IF_ERROR(act.status());
      if (!exclusion_.Published(event, *act, page.rows[i])) {
        if (Exclusion::NamesABody(*act)) renderer_.Observe(event, *act);
        continue;
      }
      renderer_.Observe(event, *act);
      index_.Observe(event, *act, page.rows[i], amsterdam_);
      if (IsDecision(*act) &&
          !BundleFits(files_.Existing(SitePaths::Bundle(event.global_position())),
                      event.global_position(), fingerprint_, witnessed_)) {
        canonical_[event.global_position()] = ledger::core::CanonicalEventBytes(event);
      }
      kept.selected.push_back(page.selected[i]);
      kept.rows.push_back(std::move(page.rows[i]));
    }
    if (!kept.selected.empty()) {
      progress_.Update(kept.selected.back()->global_position());
    }
    // The writers that are done with a page when Write returns get a view;
    // the last (JSONL, which keeps its page until its proofs arrive) owns it.
    for (size_t w = 0; w < downloads_.size(); ++w) {
      if (w + 1 == downloads_.size()) {
        RETURN_IF_ERROR(downloads_[w]->Write(std::move(kept)));
      } else {
        TrailPage view;
        view.selected = kept.selected;
        view.rows = kept.rows;
        RETURN_IF_ERROR(downloads_[w]->Write(std::move(view)));
      }
    }
    return absl::OkStatus();
  }
  absl::Status End() override {
    for (ExportWriter* writer : downloads_) RETURN_IF_ERROR(writer->End());
    return absl::OkStatus();
  }

  const v1::Checkpoint& checkpoint() const { return checkpoint_; }
  const std::string& fingerprint() const { return fingerprint_; }
  // Canonical bytes of the decisions without a fitting bundle, by position.
  std::map<uint64_t, std::string>& canonical() { return canonical_; }

 private:
  const absl::flat_hash_set<std::string>& excluded_;
  Exclusion exclusion_;
  PageRenderer& renderer_;
  SiteIndex& index_;
  const SiteFiles& files_;
  absl::TimeZone amsterdam_;
  std::vector<ExportWriter*> downloads_;
  Progress& progress_;
  WitnessedNotes* witnessed_;  // Null without a witness policy.
  v1::Checkpoint checkpoint_;
  std::string fingerprint_;
  std::map<uint64_t, std::string> canonical_;
};

constexpr char kPartial[] =
    "<p class=\"onvolledig\">Deze publicatie is onvolledig: de besluiten van niet-openbare "
    "overleggen zijn weggelaten. De besluiten die hier staan zijn wel volledig te "
    "controleren.</p>";

// The frame around every page. `root` leads from the page to the site's
// root ("" or "../").
// What a page says of the publisher's witness policy: for verify.js in the
// head (WitnessPolicyJson), and for the reader in the footer. Empty
// without a policy.
struct PageWitnesses {
  std::string head;
  std::string footer;
};

PageWitnesses DescribeWitnesses(const WitnessPolicy& policy) {
  std::vector<std::string> names;
  for (const WitnessPolicy::Witness& witness : policy.witnesses) names.push_back(witness.name);
  return {absl::StrCat("<meta name=\"besluitlog-getuigen\" content=\"",
                       HtmlEscape(WitnessPolicyJson(policy)), "\">\n"),
          absl::StrCat("<p class=\"getuigen\">Getuigen van dit besluitlog: ",
                       HtmlEscape(names.empty() ? "geen" : absl::StrJoin(names, ", ")),
                       " (beleid: ", HtmlEscape(QuorumInDutch(policy)),
                       "). Een besluit geldt hier pas als geverifieerd wanneer genoeg van hen "
                       "het checkpoint medeondertekenden: zo bevestigen anderen dan de beheerder "
                       "dat het besluitlog iedereen dezelfde geschiedenis toont.</p>\n")};
}

// Who publishes the site (--publisher_name), named in every page's header
// so that a page, on screen or printed, says whose publication it is.
std::string PublisherLine(const std::string& publisher_name) {
  if (publisher_name.empty()) return "";
  return absl::StrCat("<span class=\"uitgever\"> · gepubliceerd door ", HtmlEscape(publisher_name),
                      "</span>");
}

std::string Frame(const std::string& title, bool heading_in_body, const std::string& body,
                  const std::string& root, const std::string& fingerprint, bool partial,
                  const PageWitnesses& witnesses, const std::string& publisher_name) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<link rel=\"icon\" href=\"data:,\">\n<meta name=\"besluitlog-sleutel\" content=\"",
      fingerprint, "\">\n", witnesses.head, "<title>", HtmlEscape(title),
      "</title>\n<link rel=\"stylesheet\" href=\"", root,
      "site.css\">\n</head>\n<body>\n<header><p><a href=\"", root, "index.html\">Besluiten</a>",
      PublisherLine(publisher_name), "</p></header>\n<main>\n",
      heading_in_body ? "" : absl::StrCat("<h1>", HtmlEscape(title), "</h1>\n"),
      partial ? kPartial : "", body,
      "\n</main>\n<footer>\n<p class=\"scherm\">Elk besluit op deze pagina wordt in uw eigen "
      "browser gecontroleerd: "
      "de vastgelegde gebeurtenis, het bewijs dat zij in het besluitlog staat en de handtekening "
      "onder het checkpoint waartegen dat bewijs geldt. Daarvoor gaat geen verzoek naar de server "
      "van het besluitlog.</p>\n<p>Sleutel van dit besluitlog: <code class=\"sleutel\">",
      fingerprint,
      "</code>.<span class=\"scherm\"> Vergelijk deze vingerafdruk met die welke de beheerder van "
      "het besluitlog langs een andere weg bekendmaakt; wie het besluitlog zelf controleert, "
      "vertrouwt de sleutel met <code>ledgerctl audit --trust_key ",
      fingerprint, "</code>.</span></p>\n", witnesses.footer,
      "<p class=\"scherm\">Downloads: <a href=\"", root, kPopoloDownload,
      "\">Popolo (JSON)</a> · <a href=\"", root, kCsvDownload, "\">CSV</a> · <a href=\"", root,
      kJsonlDownload, "\">JSONL met bewijzen</a></p>\n</footer>\n<script src=\"", root,
      "verify.js\" data-root=\"", root, "\"></script>\n</body>\n</html>\n");
}

std::string IndexBody(const SiteIndex& index, const PageRenderer& renderer, uint64_t tree_size) {
  (void)renderer;
  std::string html = absl::StrCat(
      "<p class=\"meta\">De besluiten van de openbare overleggen, zoals vastgelegd in het "
      "besluitlog tot en met gebeurtenis ",
      tree_size, ".</p>\n");
  for (const std::string& body_id : index.body_order) {
    const std::string& name = index.body_names.at(body_id);
    absl::StrAppend(&html, "<h2>", HtmlEscape(name.empty() ? body_id : name), "</h2>\n");
    // Year (newest first) -> (date, meeting id).
    std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::greater<>> years;
    for (const std::string& id : index.meeting_order) {
      const SiteIndex::Meeting& meeting = index.meetings.at(id);
      if (meeting.body != body_id) continue;
      years[meeting.date.substr(0, 4)].emplace_back(meeting.date, id);
    }
    if (years.empty()) absl::StrAppend(&html, "<p>Nog geen vergaderingen.</p>\n");
    for (auto& [year, meetings] : years) {
      std::sort(meetings.begin(), meetings.end());
      absl::StrAppend(&html, "<h3>", HtmlEscape(year), "</h3>\n<ul>\n");
      for (const auto& [date, id] : meetings) {
        absl::StrAppend(&html, "<li><a href=\"", HtmlEscape(SitePaths::Meeting(id)), "\">",
                        projections::acts::DutchDate(date), "</a></li>\n");
      }
      absl::StrAppend(&html, "</ul>\n");
    }
  }
  if (!index.municipalities.empty()) {
    absl::StrAppend(&html, "<h2>Afspraken in werking per gemeente</h2>\n<ul>\n");
    for (const std::string& municipality : index.municipalities) {
      absl::StrAppend(&html, "<li><a href=\"", HtmlEscape(SitePaths::Municipality(municipality)),
                      "\">", HtmlEscape(municipality), "</a></li>\n");
    }
    absl::StrAppend(&html, "</ul>\n");
  }
  return html;
}

absl::Status ValidateOptions(PublishOptions& options) {
  if (options.out_dir.empty()) {
    return absl::InvalidArgumentError("publish needs an output folder (--out DIR)");
  }
  while (absl::EndsWith(options.base_url, "/")) options.base_url.pop_back();
  if (options.base_url.empty()) return absl::OkStatus();
  if (!absl::StartsWith(options.base_url, "https://") &&
      !absl::StartsWith(options.base_url, "http://")) {
    return absl::InvalidArgumentError(
        "--base_url is where the folder is hosted, starting with https:// (the Woo sitemaps "
        "need absolute URLs)");
  }
  if (!absl::StartsWith(options.publisher_uri, kTooiOrganisation) ||
      options.publisher_name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the Woo-index needs the publishing organisation: --publisher_name and --publisher_uri, "
        "its TOOI identifier (",
        kTooiOrganisation, "gemeente/gm0505 for Dordrecht; see standaarden.overheid.nl/tooi)"));
  }
  return absl::OkStatus();
}

// The Woo index the site was last published with (kSiteManifest), filled
// into `options` where they leave it out; says so in `woo`.
absl::Status RememberedWooIndex(const SiteFiles& files, PublishOptions& options, std::string& woo) {
  if (options.drop_woo_index) {
    if (!options.base_url.empty()) {
      return absl::InvalidArgumentError(
          "--drop_woo_index removes the site's Woo index, --base_url writes one: give one of "
          "them");
    }
    return absl::OkStatus();
  }
  const std::string manifest = files.Existing(kSiteManifest);
  if (manifest.empty()) return absl::OkStatus();
  google::protobuf::Struct fields;
  if (!google::protobuf::util::JsonStringToMessage(manifest, &fields).ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        files.Absolute(kSiteManifest),
        " is not the publisher's record of this site (it is not JSON): restore it, or remove it "
        "and publish with --base_url, --publisher_name and --publisher_uri"));
  }
  auto field = [&](const char* name) -> std::string {
    auto it = fields.fields().find(name);
    return it == fields.fields().end() ? "" : it->second.string_value();
  };
  // All three as before, or all three as given (a new --base_url needs its
  // publisher, as on a new site).
  if (!options.base_url.empty() || field("base_url").empty()) return absl::OkStatus();
  options.base_url = field("base_url");
  options.publisher_name = field("publisher_name");
  options.publisher_uri = field("publisher_uri");
  woo = absl::StrCat(" (as before, from ", kSiteManifest, ")");
  return absl::OkStatus();
}

std::string SiteManifest(const PublishOptions& options) {
  std::string json = "{\"format\":\"besluitlog.site.v1\"";
  if (!options.base_url.empty()) {
    absl::StrAppend(&json, ",\"base_url\":", JsonQuote(options.base_url),
                    ",\"publisher_name\":", JsonQuote(options.publisher_name),
                    ",\"publisher_uri\":", JsonQuote(options.publisher_uri));
  }
  return absl::StrCat(json, "}\n");
}

// Inclusion proofs of `positions` against the checkpoint, written as bundles.
absl::Status WriteBundles(v1::AuditService::Stub& audit, const v1::Checkpoint& checkpoint,
                          const std::vector<uint64_t>& positions,
                          std::map<uint64_t, std::string>& canonical, SiteFiles& files) {
  for (size_t first = 0; first < positions.size(); first += kProofsPerCall) {
    const size_t last = std::min(positions.size(), first + kProofsPerCall);
    v1::GetInclusionProofsRequest request;
    request.set_tree_size(checkpoint.tree_size());
    request.set_shared_nodes(true);
    for (size_t i = first; i < last; ++i) request.add_positions(positions[i]);
    v1::InclusionProofs proofs;
    grpc::ClientContext context;
    RETURN_IF_ERROR(FromGrpcStatus(audit.GetInclusionProofs(&context, request, &proofs)));
    if (proofs.proofs_size() != static_cast<int>(last - first)) {
      return absl::DataLossError("the server sent a proof count that does not match the request");
    }
    for (size_t i = first; i < last; ++i) {
      const v1::InclusionProof& proof = proofs.proofs(static_cast<int>(i - first));
      std::vector<absl::string_view> hashes;
      for (uint32_t ref : proof.node_refs()) {
        if (ref >= static_cast<uint32_t>(proofs.nodes_size())) {
          return absl::DataLossError("the server sent a proof that refers to no node");
        }
        hashes.push_back(proofs.nodes(static_cast<int>(ref)));
      }
      for (const std::string& hash : proof.hashes()) hashes.push_back(hash);
      auto bytes = canonical.find(positions[i]);
      RETURN_IF_ERROR(files.Put(SitePaths::Bundle(positions[i]),
                                BundleJson(positions[i], bytes->second, hashes, checkpoint)));
      canonical.erase(bytes);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PublishResult> Publish(v1::LedgerService::Stub& ledger,
                                      v1::AuditService::Stub& audit, PageRenderer& renderer,
                                      const PublishOptions& given) {
  PublishOptions options = given;
  std::string woo_origin;
  if (!options.out_dir.empty()) {
    RETURN_IF_ERROR(RememberedWooIndex(SiteFiles(options.out_dir), options, woo_origin));
  }
  RETURN_IF_ERROR(ValidateOptions(options));
  ASSIGN_OR_RETURN(const absl::TimeZone amsterdam, ledger::core::AmsterdamTimeZone());
  // Under a witness policy the checkpoint is chosen, or refused, before
  // anything in the site is touched.
  std::optional<WitnessedCheckpoint> witnessed;
  std::optional<WitnessedNotes> witnessed_notes;
  PageWitnesses page_witnesses;
  if (options.witness_policy.has_value()) {
    ASSIGN_OR_RETURN(witnessed, FetchWitnessedCheckpoint(audit, *options.witness_policy));
    witnessed_notes.emplace(*options.witness_policy);
    page_witnesses = DescribeWitnesses(*options.witness_policy);
  }
  WitnessedNotes* notes = witnessed_notes.has_value() ? &*witnessed_notes : nullptr;
  std::unique_ptr<Progress> progress =
      options.progress ? std::make_unique<Progress>("publishing", 0)
                       : std::make_unique<Progress>("publishing", 0, stderr, false);
  SiteFiles files(options.out_dir);
  const absl::flat_hash_set<std::string> excluded(options.exclude_bodies.begin(),
                                                  options.exclude_bodies.end());

  // The downloads, written beside their place and committed when complete.
  struct Download {
    const char* path;
    const char* format;
    std::string staging;
    std::ofstream out;
    std::unique_ptr<ExportWriter> writer;
  };
  Download downloads[] = {{kPopoloDownload, "popolo", "", {}, nullptr},
                          {kCsvDownload, "csv", "", {}, nullptr},
                          {kJsonlDownload, "jsonl", "", {}, nullptr}};  // JSONL last.
  std::vector<ExportWriter*> writers;
  for (Download& download : downloads) {
    RETURN_IF_ERROR(files.Stage(download.path, &download.staging));
    download.out.open(download.staging, std::ios::binary | std::ios::trunc);
    if (!download.out)
      return absl::UnavailableError(absl::StrCat("cannot write ", download.staging));
    ASSIGN_OR_RETURN(download.writer,
                     MakeExportWriter(download.format, ';', &audit, &download.out));
    writers.push_back(download.writer.get());
  }
  SiteIndex index;
  PublishingWriter pass(excluded, renderer, index, files, amsterdam, writers, *progress, notes);
  RETURN_IF_ERROR(ExportTrail(ledger, audit, TrailFilter(), /*progress=*/nullptr, pass,
                              /*summary=*/nullptr,
                              witnessed.has_value() ? &witnessed->checkpoint : nullptr));
  for (Download& download : downloads) {
    download.writer.reset();
    download.out.close();
    if (!download.out)
      return absl::UnavailableError(absl::StrCat("cannot write ", download.staging));
    RETURN_IF_ERROR(files.Commit(download.path, download.staging));
  }

  PublishResult result;
  result.tree_size = pass.checkpoint().tree_size();
  result.key_fingerprint = pass.fingerprint();
  if (witnessed.has_value()) {
    result.witnessed =
        absl::StrCat("; cosigned by ", CosignerNames(witnessed->cosigners, "no witness"),
                     " (policy: ", QuorumInEnglish(*options.witness_policy), ")");
    if (!witnessed->is_head()) {
      absl::StrAppend(&result.witnessed, "; events ", witnessed->checkpoint.tree_size() + 1, " to ",
                      witnessed->head_size, " are left out: not yet witnessed");
    }
  }
  const bool partial = !excluded.empty();
  std::set<uint64_t> shown;
  auto put_page = [&](const std::string& path, const PageFragment& page) -> absl::Status {
    shown.insert(page.decisions.begin(), page.decisions.end());
    ++result.pages;
    return files.Put(
        path, Frame(page.title, page.heading_in_html, page.html, "../", result.key_fingerprint,
                    partial, page_witnesses, options.publisher_name));
  };
  std::vector<WooDocument> woo;
  for (const std::string& id : index.meeting_order) {
    PageFragment page = renderer.Meeting(id);
    if (page.title.empty()) continue;
    RETURN_IF_ERROR(put_page(SitePaths::Meeting(id), page));
    const SiteIndex::Meeting& meeting = index.meetings.at(id);
    woo.push_back({SitePaths::Meeting(id), page.title, meeting.date, meeting.last_modified,
                   meeting.handled_at, meeting.decided});
  }
  for (const std::string& id : index.proposal_order) {
    PageFragment page = renderer.Proposal(id);
    if (!page.title.empty()) RETURN_IF_ERROR(put_page(SitePaths::Proposal(id), page));
  }
  for (const std::string& municipality : index.municipalities) {
    PageFragment page = renderer.Municipality(municipality, options.today);
    if (!page.title.empty()) {
      RETURN_IF_ERROR(put_page(SitePaths::Municipality(municipality), page));
    }
  }
  RETURN_IF_ERROR(
      files.Put("index.html",
                Frame("Besluiten", false, IndexBody(index, renderer, result.tree_size), "",
                      result.key_fingerprint, partial, page_witnesses, options.publisher_name)));
  ++result.pages;

  // Bundles: kept when one fits, else proved against this checkpoint.
  std::vector<uint64_t> to_prove;
  for (uint64_t position : shown) {
    if (pass.canonical().contains(position)) {
      to_prove.push_back(position);
    } else if (BundleFits(files.Existing(SitePaths::Bundle(position)), position,
                          result.key_fingerprint, notes)) {
      files.Keep(SitePaths::Bundle(position));
    } else {
      return absl::InternalError(absl::StrCat("the page renderer shows event ", position,
                                              " as a decision, which it is not"));
    }
  }
  RETURN_IF_ERROR(WriteBundles(audit, pass.checkpoint(), to_prove, pass.canonical(), files));
  pass.canonical().clear();  // Decisions not shown need no bundle.
  result.bundles = static_cast<int>(shown.size());

  // The Woo index: written, or (dropped) removed with the robots.txt that
  // names it; never a robots.txt or index left pointing at a removed sitemap.
  std::vector<std::string> swept_root_files = {kWooSitemapPrefix, kWooSitemapIndex};
  if (!options.base_url.empty()) {
    for (const auto& [path, text] :
         WooFiles(options.base_url, {options.publisher_name, options.publisher_uri}, woo)) {
      RETURN_IF_ERROR(files.Put(path, text));
    }
    result.woo = absl::StrCat("; Woo index for ", options.base_url, woo_origin);
  } else if (absl::StrContains(files.Existing(kWooRobots), kWooSitemapIndex)) {
    swept_root_files.push_back(kWooRobots);
    result.woo = "; Woo index removed";
  }
  RETURN_IF_ERROR(files.Put(kSiteManifest, SiteManifest(options)));
  RETURN_IF_ERROR(files.Put("verify.js", VerifyJs()));
  RETURN_IF_ERROR(files.Put("site.css", SiteCss()));
  RETURN_IF_ERROR(files.Sweep({"vergadering", "voorstel", "gemeente", "bewijs", "downloads"},
                              swept_root_files));
  result.written = files.written();
  result.unchanged = files.unchanged();
  result.removed = files.removed();
  progress->Finish(ClosingLine(result, options, progress->ElapsedSeconds()));
  return result;
}

std::string ClosingLine(const PublishResult& result, const PublishOptions& options,
                        double seconds) {
  auto pages = [](const std::vector<std::string>& paths) {
    return std::count_if(paths.begin(), paths.end(),
                         [](const std::string& p) { return absl::EndsWith(p, ".html"); });
  };
  const long written_pages = pages(result.written);
  const long unchanged_pages = pages(result.unchanged);
  return absl::StrFormat(
      "published %s: %d pages written, %d unchanged; %d other files written, %d unchanged, %d "
      "removed; %d decisions with bundles, checkpoint %d%s, key %s%s; %.1f s",
      options.out_dir, written_pages, unchanged_pages,
      static_cast<long>(result.written.size()) - written_pages,
      static_cast<long>(result.unchanged.size()) - unchanged_pages,
      static_cast<long>(result.removed.size()), result.bundles, result.tree_size, result.witnessed,
      result.key_fingerprint, result.woo, seconds);
}

}  // namespace besluitlog::tools::publish
