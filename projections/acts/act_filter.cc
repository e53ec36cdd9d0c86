#include "projections/acts/act_filter.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::projections::acts {

absl::Status ActFilter::Validate() const {
  if (!from_date.empty()) RETURN_IF_ERROR(ledger::core::ParseDate("from_date", from_date).status());
  if (!to_date.empty()) RETURN_IF_ERROR(ledger::core::ParseDate("to_date", to_date).status());
  if (!from_date.empty() && !to_date.empty() && from_date > to_date) {
    return absl::InvalidArgumentError(absl::StrCat("from_date ", from_date, " is after to_date ",
                                                   to_date, "; nothing could match"));
  }
  return absl::OkStatus();
}

bool ActFilter::KeepsAll() const {
  return body.empty() && types.empty() && actor.empty() && from_date.empty() && to_date.empty();
}

bool ActFilter::Matches(absl::string_view body_id, absl::string_view event_type,
                        absl::string_view act_actor, absl::string_view day) const {
  return (body.empty() || body_id == body) &&
         (types.empty() || std::find(types.begin(), types.end(), event_type) != types.end()) &&
         (actor.empty() || act_actor == actor) && (from_date.empty() || day >= from_date) &&
         (to_date.empty() || day <= to_date);
}

bool ActFilter::Matches(const v1::ActSummary& act) const {
  return Matches(act.body_id(), act.event_type(), act.actor(), act.date());
}

const std::vector<std::string>& KnownActTypes() {
  static const std::vector<std::string>* const types = [] {
    auto* names = new std::vector<std::string>();
    const google::protobuf::Descriptor* descriptor = v1::GovernanceEvent::descriptor();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      v1::GovernanceEvent act;
      act.GetReflection()->MutableMessage(&act, descriptor->field(i));
      names->push_back(ledger::core::GovernanceEventType(act));
    }
    return names;
  }();
  return *types;
}

absl::StatusOr<std::string> ActTypeNamed(absl::string_view given) {
  for (const std::string& type : KnownActTypes()) {
    if (absl::EqualsIgnoreCase(type, given)) return type;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "type \"", given,
      "\" is not an act type; the known types are: ", absl::StrJoin(KnownActTypes(), ", ")));
}

}  // namespace besluitlog::projections::acts
