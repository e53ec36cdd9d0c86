#include "ledger/event_reader.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_store.h"
#include "ledger/event_writer.h"
#include "ledger/rocksdb_status.h"
#include "ledger/storage_layout.h"

namespace besluitlog::ledger {
namespace {

bool MatchesFilter(const v1::Event& event, const v1::EventFilter& filter) {
  if (!filter.stream_prefixes().empty() &&
      std::none_of(filter.stream_prefixes().begin(), filter.stream_prefixes().end(),
                   [&](const std::string& p) { return absl::StartsWith(event.stream_id(), p); })) {
    return false;
  }
  if (!filter.event_types().empty() &&
      std::find(filter.event_types().begin(), filter.event_types().end(), event.event_type()) ==
          filter.event_types().end()) {
    return false;
  }
  return true;
}

absl::string_view ToStringView(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

}  // namespace

absl::StatusOr<StreamPage> EventReader::ReadStream(absl::string_view stream_id,
                                                   uint64_t from_version, bool backward,
                                                   size_t limit) const {
  RETURN_IF_ERROR(ValidateStreamId(stream_id, limits_));
  limit = limit == 0 ? kDefaultPageSize : std::min(limit, kMaxPageSize);
  StreamPage page;
  ASSIGN_OR_RETURN(page.stream_version, store_.LastStoredVersion(stream_id));
  // The stored stream head may include events written but not yet synced;
  // readers see only the durable ones.
  const uint64_t durable = writer_.GetHead().position();
  while (page.stream_version > 0) {
    ASSIGN_OR_RETURN(const uint64_t position,
                     store_.StreamPosition(stream_id, page.stream_version));
    if (position <= durable) break;
    --page.stream_version;
  }

  uint64_t first;
  uint64_t count;
  if (backward) {
    const uint64_t start =
        from_version == 0 ? page.stream_version : std::min(from_version, page.stream_version);
    count = std::min<uint64_t>(limit, start);
    first = start;  // Versions first, first-1, ..., first-count+1.
    page.end_of_stream = start <= count;
    page.next_version = page.end_of_stream ? 0 : start - count;
  } else {
    first = std::max<uint64_t>(from_version, 1);
    count = first > page.stream_version
                ? 0
                : std::min<uint64_t>(limit, page.stream_version - first + 1);
    page.end_of_stream = first + count > page.stream_version;
    page.next_version = first + count;
  }

  page.events.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(const uint64_t position,
                     store_.StreamPosition(stream_id, backward ? first - i : first + i));
    ASSIGN_OR_RETURN(v1::Event event, store_.ReadEvent(position));
    page.events.push_back(std::move(event));
  }
  return page;
}

absl::StatusOr<AllPage> EventReader::ReadAll(
    uint64_t from_position, size_t limit, const v1::EventFilter& filter,
    google::protobuf::RepeatedPtrField<v1::Event>* out) const {
  limit = limit == 0 ? kDefaultPageSize : std::min(limit, kMaxPageSize);
  AllPage page;
  page.head_position = writer_.GetHead().position();
  const uint64_t start = std::max<uint64_t>(from_position, 1);
  page.next_position = start;
  if (start > page.head_position) return page;

  const std::string upper = EventKey(page.head_position + 1);
  rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  read_options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(
      store_.db()->NewIterator(read_options, store_.cf(ColumnFamily::kEvents)));
  const bool filtered = !filter.stream_prefixes().empty() || !filter.event_types().empty();
  size_t count = 0;
  size_t bytes = 0;
  page.next_position = page.head_position + 1;
  for (it->Seek(EventKey(start)); it->Valid(); it->Next()) {
    const std::optional<uint64_t> position = DecodeEventKey(ToStringView(it->key()));
    if (!position.has_value()) {
      return absl::DataLossError("an events key is damaged");
    }
    if (count >= limit || bytes >= kMaxPageBytes) {
      page.next_position = *position;
      break;
    }
    v1::Event* event = out->Add();
    if (!event->ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(
          absl::StrCat("the event at position ", *position, " cannot be decoded"));
    }
    if (filtered && !MatchesFilter(*event, filter)) {
      out->RemoveLast();
      continue;
    }
    ++count;
    bytes += it->value().size();
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "reading events"));
  return page;
}

absl::Status EventReader::ScanStoredEvents(
    uint64_t from_position,
    absl::FunctionRef<bool(absl::string_view key, absl::string_view value)> visit) const {
  rocksdb::ReadOptions read_options;
  read_options.readahead_size = 2 << 20;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      store_.db()->NewIterator(read_options, store_.cf(ColumnFamily::kEvents)));
  for (it->Seek(EventKey(from_position)); it->Valid(); it->Next()) {
    if (!visit(ToStringView(it->key()), ToStringView(it->value()))) break;
  }
  return FromRocksDb(it->status(), "scanning events");
}

}  // namespace besluitlog::ledger
