// Which acts a search or an export keeps: by body, type, actor and the day
// it was recorded (from and to inclusive, "YYYY-MM-DD", which order as
// dates). Empty fields keep everything. The one act filter for
// QueryService.SearchActs and `ledgerctl export`. Pure.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_FILTER_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_FILTER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/query.pb.h"

namespace besluitlog::projections::acts {

struct ActFilter {
  std::string body;
  std::vector<std::string> types;  // Any of these event types.
  std::string actor;
  std::string from_date;  // Inclusive YYYY-MM-DD.
  std::string to_date;    // Inclusive YYYY-MM-DD.

  // INVALID_ARGUMENT, naming the flag or field, unless both dates are real
  // days written YYYY-MM-DD and `from_date` is not after `to_date`: a filter
  // that cannot match must not pass for one that keeps everything or nothing.
  [[nodiscard]] absl::Status Validate() const;
  // True when no field narrows anything.
  bool KeepsAll() const;
  bool Matches(absl::string_view body_id, absl::string_view event_type, absl::string_view act_actor,
               absl::string_view day) const;
  bool Matches(const v1::ActSummary& act) const;
};

// The governance act types, as Event.event_type names them ("VoteCast"),
// in the order of GovernanceEvent's fields.
const std::vector<std::string>& KnownActTypes();
// The act type `given` names, matched case-insensitively ("votecast" is
// VoteCast); INVALID_ARGUMENT listing the known types when none matches.
[[nodiscard]] absl::StatusOr<std::string> ActTypeNamed(absl::string_view given);

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_FILTER_H_
