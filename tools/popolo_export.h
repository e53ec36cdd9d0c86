// The trail as Popolo JSON (https://www.popoloproject.com) for open-data
// reuse: organizations (bodies), persons and memberships, motions (one per
// decision point), vote events (one per decided point, with counts and the
// last vote of each member), as the vocabulary in DOMAIN.md describes.
//
// Observe() every event in position order, then Write(). Votes are held
// only until their decision is taken; finished vote events go to a spool
// stream, so memory grows with bodies, members and proposals, not votes.
#ifndef BESLUITLOG_TOOLS_POPOLO_EXPORT_H_
#define BESLUITLOG_TOOLS_POPOLO_EXPORT_H_

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/act_describer.h"
#include "tools/scratch_act.h"

namespace besluitlog::tools {

class PopoloExport {
 public:
  // Finished vote events are written to `spool` as JSON objects separated
  // by commas; Write() copies them into the document.
  explicit PopoloExport(std::iostream* spool) : spool_(spool) {}

  void Observe(const v1::Event& event);
  // The signed tree head the document was made from: Write() adds it as
  // "checkpoint" (tree size, root in hex, the C2SP checkpoint note), so a
  // reader can tell which state of the log the open data shows and check
  // that against the log (docs/audit.md).
  void set_checkpoint(const v1::Checkpoint& checkpoint) { checkpoint_ = checkpoint; }
  void Write(std::ostream& out);

 private:
  struct Membership {
    std::string id, person_id, organization_id, role, start_date, end_date;
  };
  struct Motion {
    std::string id, organization_id, creator_id, text, date, requirement, result;
  };

  projections::acts::ActDescriber acts_;  // The body of each act.
  ScratchAct scratch_;                    // Each event's act, decoded.
  std::iostream* spool_;
  bool spooled_any_ = false;
  std::optional<v1::Checkpoint> checkpoint_;
  std::map<std::string, std::pair<std::string, std::string>> organizations_;  // id -> name, kind
  std::map<std::string, std::string> persons_;                                // id -> name
  std::vector<Membership> memberships_;
  std::map<std::string, Motion> motions_;  // id -> motion
  std::map<std::string, std::string> meeting_dates_;
  std::map<std::pair<std::string, std::string>, std::vector<v1::VoteCast>> open_votes_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_POPOLO_EXPORT_H_
