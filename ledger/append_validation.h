// Limits and shape checks for appends. A StreamAppend that passes
// ValidateStreamAppend can be stored; whether it is allowed against the
// current stream (expected version, duplicate ids) is EventLog's concern.
// Also how a valid proposed event's fields are stored (ids in lower-case
// canonical form, an empty content type as the default), so that a retry
// can be compared with what its first attempt stored.
// Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_APPEND_VALIDATION_H_
#define BESLUITLOG_LEDGER_APPEND_VALIDATION_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"

namespace besluitlog::ledger {

struct AppendLimits {
  size_t max_stream_id_bytes = 256;
  size_t max_event_type_bytes = 256;
  size_t max_actor_bytes = 256;
  size_t max_content_type_bytes = 128;
  // Serialized size of one proposed event (payload and all its fields).
  size_t max_event_bytes = 1 << 20;
  size_t max_events_per_append = 1000;
  // Streams in one AppendMulti.
  size_t max_streams_per_multi_append = 100;
};

// INVALID_ARGUMENT naming the offending field when `append` breaks a limit
// or is malformed.
[[nodiscard]] absl::Status ValidateStreamAppend(const v1::StreamAppend& append,
                                                const AppendLimits& limits);

// A stream id is 1..max bytes of UTF-8 with no control characters.
[[nodiscard]] absl::Status ValidateStreamId(absl::string_view stream_id,
                                            const AppendLimits& limits);

// The content type stored for an event proposed without one.
inline constexpr absl::string_view kDefaultContentType = "application/octet-stream";

// The stored form of a valid, possibly empty UUID field of a proposed event:
// lower-case 8-4-4-4-12, or empty.
std::string StoredUuidForm(absl::string_view uuid);
// The stored content type of a proposed event.
absl::string_view StoredContentType(const v1::ProposedEvent& event);

// For retries: the name of the first field ("event_type", "actor",
// "correlation_id", "causation_id", "content_type", "payload") in which the
// valid proposed event `sent` would be stored differently from `original`
// (the stored event, or another proposed event with the same id); nullptr
// when it would be stored the same. The id, stream and position are the
// caller's to compare.
const char* FirstRetryDifference(const v1::ProposedEvent& sent, const v1::Event& original);
const char* FirstRetryDifference(const v1::ProposedEvent& sent, const v1::ProposedEvent& original);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_APPEND_VALIDATION_H_
