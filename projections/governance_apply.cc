#include "projections/governance_apply.h"

#include <cstdint>
#include <utility>

#include "absl/status/statusor.h"
#include "ledger/core/governance_codec.h"

namespace besluitlog::projections {

const v1::GovernanceEvent* Governance(const v1::Event& event) {
  thread_local uint64_t decoded_position = 0;
  thread_local const void* decoded_from = nullptr;
  thread_local bool decoded_ok = false;
  thread_local v1::GovernanceEvent decoded;
  if (decoded_position != event.global_position() || decoded_from != &event) {
    decoded_position = event.global_position();
    decoded_from = &event;
    decoded_ok = false;
    if (event.content_type() == ledger::core::kGovernanceContentType) {
      absl::StatusOr<v1::GovernanceEvent> result = ledger::core::DecodeGovernanceEvent(event);
      decoded_ok = result.ok();
      if (decoded_ok) decoded = *std::move(result);
    }
  }
  return decoded_ok ? &decoded : nullptr;
}

}  // namespace besluitlog::projections
