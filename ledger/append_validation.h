// Limits and shape checks for appends. A StreamAppend that passes
// ValidateStreamAppend can be stored; whether it is allowed against the
// current stream (expected version, duplicate ids) is EventLog's concern.
// Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_APPEND_VALIDATION_H_
#define BESLUITLOG_LEDGER_APPEND_VALIDATION_H_

#include <cstddef>

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

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_APPEND_VALIDATION_H_
