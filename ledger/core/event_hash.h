// The hash chain over the log: every event's hash is
//   SHA-256(prev_hash || CanonicalEventBytes(event))
// where prev_hash is the previous event's hash (32 zero bytes before
// position 1). The canonical bytes are defined here, not by protobuf
// serialization, so that they stay stable across protobuf versions:
//   "besluitlog.event.v1"
//   str(event_id) str(stream_id) u64(stream_version) u64(global_position)
//   str(event_type) i64(recorded_at.seconds) i32(recorded_at.nanos)
//   str(actor) str(correlation_id) str(causation_id) str(content_type)
//   str(payload)
// with str(x) = u32 big-endian length || bytes and integers big-endian.
// prev_hash and hash are not part of the canonical bytes; prev_hash enters
// through the hash input. Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_CORE_EVENT_HASH_H_
#define BESLUITLOG_LEDGER_CORE_EVENT_HASH_H_

#include <string>

#include "besluitlog/v1/event.pb.h"
#include "ledger/core/sha256.h"

namespace besluitlog::ledger::core {

// 32 zero bytes: the prev_hash of the event at position 1.
const std::string& GenesisHash();

std::string CanonicalEventBytes(const v1::Event& event);
// The same bytes into `*out` (cleared first; its capacity is reused).
void CanonicalEventBytesInto(const v1::Event& event, std::string* out);

// SHA-256(event.prev_hash() || CanonicalEventBytes(event)), 32 raw bytes.
// With `canonical`, also hands back the canonical bytes it hashed.
std::string ComputeEventHash(const v1::Event& event, std::string* canonical = nullptr);
// ComputeEventHash for loops over every event: no allocation once
// `*canonical` (which receives the canonical bytes) has grown.
Digest ComputeEventDigest(const v1::Event& event, std::string* canonical);

// Lower-case hex, for people and logs.
std::string HashToHex(const std::string& hash);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_EVENT_HASH_H_
