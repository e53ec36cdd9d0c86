// Exclusion: what `--exclude_body` leaves out (docs/publish.md "What is not
// published"): the excluded bodies' own acts — their meetings (attendance,
// agenda, votes, decisions, escalations raised from them), members,
// establishment, and the proposals submitted to them — except the acts of a
// proposal that reached a public body (was on the agenda of a meeting of a
// body not excluded): its submission, amendments, withdrawal, ratification
// requests, College decisions and zienswijzen are then public, as is
// everything the public body did with it. Which proposals reached a public
// body is learnt in the trail's first pass, so that a submission is
// published even though the proposal reaches the public body later.
//
// Not thread-safe; `excluded` must outlive it.
#ifndef BESLUITLOG_TOOLS_PUBLISH_EXCLUSION_H_
#define BESLUITLOG_TOOLS_PUBLISH_EXCLUSION_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "tools/trail_export.h"

namespace besluitlog::tools::publish {

class Exclusion {
 public:
  explicit Exclusion(const absl::flat_hash_set<std::string>& excluded) : excluded_(excluded) {}

  bool active() const { return !excluded_.empty(); }

  // First pass, every event in position order.
  void Learn(const v1::Event& event);

  // Whether the act, of `row.body`, is published.
  bool Published(const v1::Event& event, const v1::GovernanceEvent& act, const ActRow& row) const;

  // The excluded body's name, for "Voorstel aan ..." on a public proposal's
  // page: the renderer learns it, the index and the downloads do not.
  static bool NamesABody(const v1::GovernanceEvent& act) {
    return act.has_body_established() || act.has_body_changed();
  }

 private:
  const absl::flat_hash_set<std::string>& excluded_;
  absl::flat_hash_map<std::string, std::string> meeting_body_;
  absl::flat_hash_set<std::string> public_proposals_;
};

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_EXCLUSION_H_
