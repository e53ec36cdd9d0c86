#include "tools/publish/page_renderer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/merkle_tree.h"

namespace besluitlog::tools::publish {

// Letters, digits, '-', '_' and '.' (not first) stay; every other byte
// becomes "~XX", so that distinct ids never share a file and a slug is safe
// in a path and a URL without further escaping.
std::string SitePaths::Slug(absl::string_view id) {
  std::string slug;
  for (size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || (c == '.' && i > 0);
    if (plain) {
      slug.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&slug, absl::StrFormat("~%02X", c));
    }
  }
  return slug.empty() ? "~" : slug;
}

std::string SitePaths::Meeting(absl::string_view meeting_id) {
  return absl::StrCat("vergadering/", Slug(meeting_id), ".html");
}
std::string SitePaths::Proposal(absl::string_view proposal_id) {
  return absl::StrCat("voorstel/", Slug(proposal_id), ".html");
}
std::string SitePaths::Municipality(absl::string_view name) {
  return absl::StrCat("gemeente/", Slug(name), ".html");
}
std::string SitePaths::Bundle(uint64_t position) {
  return absl::StrCat("bewijs/", position, ".json");
}

std::string DecisionAttributes(const v1::Event& event) {
  return absl::StrCat(" data-event=\"", event.global_position(), "\" data-leaf=\"",
                      ledger::core::HashToHex(
                          ledger::core::MerkleLeafHash(ledger::core::CanonicalEventBytes(event))),
                      "\"");
}

}  // namespace besluitlog::tools::publish
