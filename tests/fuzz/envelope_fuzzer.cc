// Envelope decoding: whatever bytes arrive as an append or a stored event,
// validation, canonical hashing and governance decoding never crash, and a
// valid append stays valid after a serialization round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "besluitlog/v1/event.pb.h"
#include "ledger/append_validation.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace besluitlog;  // NOLINT: fuzz entry point.
  const ledger::AppendLimits limits;
  v1::StreamAppend append;
  if (append.ParseFromArray(data, static_cast<int>(size)) &&
      ledger::ValidateStreamAppend(append, limits).ok()) {
    v1::StreamAppend again;
    if (!again.ParseFromString(append.SerializeAsString()) ||
        !ledger::ValidateStreamAppend(again, limits).ok()) {
      std::abort();  // Validity must not depend on the encoding.
    }
  }
  v1::Event event;
  if (event.ParseFromArray(data, static_cast<int>(size))) {
    std::string canonical;
    if (ledger::core::ComputeEventHash(event, &canonical).size() != 32) std::abort();
    if (canonical != ledger::core::CanonicalEventBytes(event)) std::abort();
    (void)ledger::core::DecodeGovernanceEvent(event);
    // The canonical bytes decide the hash: the same event after a round
    // trip hashes the same.
    v1::Event copy;
    if (!copy.ParseFromString(event.SerializeAsString()) ||
        ledger::core::CanonicalEventBytes(copy) != canonical) {
      std::abort();
    }
  }
  return 0;
}
