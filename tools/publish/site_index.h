// SiteIndex: what the site's index page and the Woo sitemaps need of the
// published events — bodies and their names, meetings with their dates,
// when they last changed and whether they were decided, proposals, and the
// municipalities with College decisions — in the order first seen. Not
// thread-safe.
#ifndef BESLUITLOG_TOOLS_PUBLISH_SITE_INDEX_H_
#define BESLUITLOG_TOOLS_PUBLISH_SITE_INDEX_H_

#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "tools/trail_export.h"

namespace besluitlog::tools::publish {

struct SiteIndex {
  struct Meeting {
    std::string body, date;
    std::string last_modified;  // W3C date-time (UTC) of its last act.
    std::string handled_at;     // Amsterdam time of its last decision, or of scheduling.
    bool decided = false;
  };
  std::vector<std::string> body_order;
  absl::flat_hash_map<std::string, std::string> body_names;
  std::vector<std::string> meeting_order;
  absl::flat_hash_map<std::string, Meeting> meetings;
  std::vector<std::string> proposal_order;
  absl::flat_hash_set<std::string> proposals;
  std::set<std::string> municipalities;

  // Every published event, in position order.
  void Observe(const v1::Event& event, const v1::GovernanceEvent& act, const ActRow& row,
               const absl::TimeZone& amsterdam);
};

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_SITE_INDEX_H_
