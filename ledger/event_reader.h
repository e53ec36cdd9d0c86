// EventReader: the event log's read path: pages of one stream, pages of the
// whole log with a filter, and the raw scan that verification uses.
//
// Guarantees:
//  - ReadStream and ReadAll return only durable events: they stop at the
//    writer's durable head (event_writer.h), read at the moment they look
//    at the stored data, so a written but not yet synced event is never
//    seen, not even as a stream's version.
//  - Pages are bounded by count (kMaxPageSize) and by bytes (kMaxPageBytes,
//    at least one event), so a page fits in a default 4 MiB gRPC message.
//  - ScanStoredEvents sees what is on disk, past the head included.
//
// Thread-safety: all methods are thread-safe (const reads of the store and
// the writer's head). The store and writer must outlive the reader.
#ifndef BESLUITLOG_LEDGER_EVENT_READER_H_
#define BESLUITLOG_LEDGER_EVENT_READER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/event.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "ledger/append_validation.h"
#include "ledger/core/page_size.h"

namespace besluitlog::ledger {

class EventStore;
class EventWriter;

struct StreamPage {
  std::vector<v1::Event> events;
  uint64_t stream_version = 0;  // The stream's last version when read.
  bool end_of_stream = true;
  uint64_t next_version = 0;
};

struct AllPage {
  uint64_t next_position = 0;  // First position not yet considered.
  uint64_t head_position = 0;
};

class EventReader {
 public:
  static constexpr size_t kDefaultPageSize = 1000;
  static constexpr size_t kMaxPageSize = core::kMaxPageSize;  // ledger/core/page_size.h
  // Pages stop growing past this many serialized bytes (at least one event
  // is always returned), so a page fits in a default 4 MiB gRPC message.
  static constexpr size_t kMaxPageBytes = 3 << 20;

  EventReader(const EventStore& store, const EventWriter& writer, const AppendLimits& limits)
      : store_(store), writer_(writer), limits_(limits) {}

  // Events of one stream. FORWARD from `from_version` (0 = first); BACKWARD
  // from `from_version` (0 = last) down. A stream with no events gives an
  // empty page at version 0.
  [[nodiscard]] absl::StatusOr<StreamPage> ReadStream(absl::string_view stream_id,
                                                      uint64_t from_version, bool backward,
                                                      size_t limit) const;

  // Appends to `out` up to `limit` events at positions >= from_position that
  // match `filter`, never beyond the durable head.
  [[nodiscard]] absl::StatusOr<AllPage> ReadAll(
      uint64_t from_position, size_t limit, const v1::EventFilter& filter,
      google::protobuf::RepeatedPtrField<v1::Event>* out) const;

  // Visits stored events in key order from `from_position` with their raw
  // stored key and bytes (storage_layout.h), including any past the
  // recorded head; `visit` returns false to stop.
  [[nodiscard]] absl::Status ScanStoredEvents(
      uint64_t from_position,
      absl::FunctionRef<bool(absl::string_view key, absl::string_view value)> visit) const;

 private:
  const EventStore& store_;
  const EventWriter& writer_;
  const AppendLimits& limits_;
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_READER_H_
