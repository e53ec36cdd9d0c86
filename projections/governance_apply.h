// What every governance projection does with an event: decode it as a
// governance event (others are passed over) and read-modify-write one entity
// state through the batch's ProjectionWriter. Governance() keeps its last
// decoded event per thread, so it is thread-safe and the result is valid
// until that thread's next call; Update is as thread-safe as the writer
// (one batch, one thread).
#ifndef BESLUITLOG_PROJECTIONS_GOVERNANCE_APPLY_H_
#define BESLUITLOG_PROJECTIONS_GOVERNANCE_APPLY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/status_macros.h"
#include "projections/projection.h"

namespace besluitlog::projections {

// Loads entity state T (default when absent), lets `change` edit it, stores
// it as of the event's position.
template <typename T, typename Change>
absl::Status Update(ProjectionWriter& writer, absl::string_view entity, uint64_t position,
                    Change change) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored, writer.Get(entity));
  T state;
  if (stored.has_value() && !state.ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("damaged view of ", entity));
  }
  change(state);
  writer.Put(entity, position, state.SerializeAsString());
  return absl::OkStatus();
}

// Only governance events matter to these views; others are passed over.
// The runner hands one event to every projection in turn, so the last
// decoded event is kept (per thread) instead of being decoded seven times.
const v1::GovernanceEvent* Governance(const v1::Event& event);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_GOVERNANCE_APPLY_H_
