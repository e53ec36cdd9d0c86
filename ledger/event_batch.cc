#include "ledger/event_batch.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/append_validation.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_store.h"
#include "ledger/expected_version.h"
#include "ledger/storage_layout.h"

namespace besluitlog::ledger {
namespace {

std::string UuidKey(const UuidBytes& uuid) {
  return std::string(reinterpret_cast<const char*>(uuid.data()), uuid.size());
}

rocksdb::Slice ToSlice(const std::string& s) { return rocksdb::Slice(s); }

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t sub = micros % 1000000;
  if (sub < 0) {
    sub += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(sub * 1000));
}

}  // namespace

BatchBuilder::BatchBuilder(const EventStore& store,
                           const absl::flat_hash_map<std::string, uint64_t>& stream_heads,
                           uint64_t head_position, std::string head_hash, core::MerkleFrontier tree,
                           absl::Time now)
    : store_(store),
      stream_heads_(stream_heads),
      first_position_(head_position + 1),
      next_position_(head_position + 1),
      prev_hash_(std::move(head_hash)),
      tree_(std::move(tree)),
      now_(now) {
  SetTimestamp(now, &recorded_at_);
}

absl::StatusOr<std::vector<v1::AppendResult>> BatchBuilder::Stage(
    absl::Span<const v1::StreamAppend* const> appends) {
  Undo undo{next_position_, prev_hash_, staged_.size(), tree_, {}, {}};
  batch_.SetSavePoint();
  std::vector<v1::AppendResult> results;
  absl::Status status;
  for (const v1::StreamAppend* append : appends) {
    absl::StatusOr<v1::AppendResult> result = StageOne(*append, &undo);
    if (!result.ok()) {
      status = result.status();
      break;
    }
    results.push_back(*std::move(result));
  }
  if (!status.ok()) {
    Rollback(undo);
    return status;
  }
  batch_.PopSavePoint();
  return results;
}

bool BatchBuilder::Finish() {
  if (next_position_ == first_position_) return false;
  std::string head;
  core::AppendBigEndian64(next_position_ - 1, &head);
  head += prev_hash_;
  batch_.Put(store_.cf(ColumnFamily::kMeta), ToSlice(std::string(kHeadKey)), head);
  return true;
}

void BatchBuilder::Rollback(const Undo& undo) {
  batch_.RollbackToSavePoint();
  next_position_ = undo.next_position;
  prev_hash_ = undo.prev_hash;
  tree_ = undo.tree;
  staged_.resize(undo.staged_size);
  for (auto it = undo.streams.rbegin(); it != undo.streams.rend(); ++it) {
    if (it->second.has_value()) {
      stream_versions_[it->first] = *it->second;
    } else {
      stream_versions_.erase(it->first);
    }
  }
  for (const std::string& id : undo.ids) event_positions_.erase(id);
}

absl::StatusOr<uint64_t> BatchBuilder::StreamVersion(const std::string& stream_id) const {
  if (auto it = stream_versions_.find(stream_id); it != stream_versions_.end()) {
    return it->second;
  }
  if (auto it = stream_heads_.find(stream_id); it != stream_heads_.end()) {
    return it->second;
  }
  return store_.LastStoredVersion(stream_id);
}

absl::StatusOr<std::optional<uint64_t>> BatchBuilder::EventPosition(
    const std::string& id_key) const {
  if (auto it = event_positions_.find(id_key); it != event_positions_.end()) {
    return it->second;
  }
  return store_.EventIdPosition(id_key);
}

absl::StatusOr<BatchBuilder::Original> BatchBuilder::OriginalAt(
    uint64_t position, const v1::ProposedEvent& sent) const {
  if (position >= first_position_) {
    const StagedEvent& staged = staged_[position - first_position_];
    return Original{staged.stream_id, staged.stream_version,
                    FirstRetryDifference(sent, *staged.proposed)};
  }
  ASSIGN_OR_RETURN(v1::Event event, store_.ReadEvent(position));
  const char* difference = FirstRetryDifference(sent, event);
  return Original{std::move(*event.mutable_stream_id()), event.stream_version(), difference};
}

absl::StatusOr<std::optional<v1::AppendResult>> BatchBuilder::FindRetry(
    const v1::StreamAppend& append, const std::vector<std::optional<UuidBytes>>& ids) const {
  std::vector<std::optional<uint64_t>> positions;
  size_t stored = 0;
  for (const auto& id : ids) {
    if (!id.has_value()) {
      positions.emplace_back();
      continue;
    }
    ASSIGN_OR_RETURN(std::optional<uint64_t> position, EventPosition(UuidKey(*id)));
    if (position.has_value()) ++stored;
    positions.push_back(position);
  }
  if (stored == 0) return std::optional<v1::AppendResult>();
  v1::AppendResult result;
  result.set_stream_id(append.stream_id());
  result.set_duplicate(true);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!positions[i].has_value()) {
      return absl::AlreadyExistsError(
          absl::StrCat("some event ids of this append to \"", append.stream_id(),
                       "\" are stored already and others are not; a retry must resend "
                       "exactly the original events (events[",
                       i, "] is new)"));
    }
    ASSIGN_OR_RETURN(Original stored_event,
                     OriginalAt(*positions[i], append.events(static_cast<int>(i))));
    const bool in_sequence = stored_event.stream_id == append.stream_id() &&
                             (i == 0 || *positions[i] == result.last_position() + 1);
    if (!in_sequence) {
      return absl::AlreadyExistsError(absl::StrCat(
          "event id ", FormatUuid(*ids[i]), " is stored already at position ", *positions[i],
          " in stream \"", stored_event.stream_id,
          "\"; it cannot be appended again as part of this append to \"", append.stream_id(),
          "\". A retry must resend exactly the original events; new "
          "events need new ids"));
    }
    if (stored_event.difference != nullptr) {
      return absl::AlreadyExistsError(
          absl::StrCat("event id ", FormatUuid(*ids[i]), " is stored already at position ",
                       *positions[i], " with another ", stored_event.difference, " than events[", i,
                       "] of this append; a retry must resend exactly the original events, and new "
                       "events need new ids. Nothing was stored"));
    }
    if (i == 0) {
      result.set_first_position(*positions[i]);
      result.set_first_version(stored_event.stream_version);
    }
    result.set_last_position(*positions[i]);
    result.set_last_version(stored_event.stream_version);
    result.add_event_ids(FormatUuid(*ids[i]));
  }
  return std::optional<v1::AppendResult>(std::move(result));
}

absl::StatusOr<v1::AppendResult> BatchBuilder::StageOne(const v1::StreamAppend& append,
                                                        Undo* undo) {
  std::vector<std::optional<UuidBytes>> ids;
  ids.reserve(append.events_size());
  for (const v1::ProposedEvent& proposed : append.events()) {
    if (proposed.event_id().empty()) {
      ids.emplace_back();
    } else {
      ASSIGN_OR_RETURN(UuidBytes id, ParseUuid(proposed.event_id()));
      ids.emplace_back(id);
    }
  }
  ASSIGN_OR_RETURN(std::optional<v1::AppendResult> retry, FindRetry(append, ids));
  if (retry.has_value()) return *std::move(retry);

  ASSIGN_OR_RETURN(const uint64_t current, StreamVersion(append.stream_id()));
  if (!ExpectedVersionHolds(append.expected_version(), current)) {
    return WrongExpectedVersionError(append.stream_id(), append.expected_version(), current);
  }

  v1::AppendResult result;
  result.set_stream_id(append.stream_id());
  result.set_first_version(current + 1);
  result.set_first_position(next_position_);
  v1::Event event;
  std::string serialized;
  std::string canonical;
  uint64_t version = current;
  for (int i = 0; i < append.events_size(); ++i) {
    const v1::ProposedEvent& proposed = append.events(i);
    const UuidBytes id = ids[i].has_value() ? *ids[i] : NewTimeOrderedUuid(now_);
    const std::string id_key = UuidKey(id);
    const uint64_t position = next_position_++;
    ++version;
    event.Clear();
    event.set_event_id(FormatUuid(id));
    event.set_stream_id(append.stream_id());
    event.set_stream_version(version);
    event.set_global_position(position);
    event.set_event_type(proposed.event_type());
    *event.mutable_recorded_at() = recorded_at_;
    event.set_actor(proposed.actor());
    event.set_correlation_id(StoredUuidForm(proposed.correlation_id()));
    event.set_causation_id(StoredUuidForm(proposed.causation_id()));
    event.set_content_type(std::string(StoredContentType(proposed)));
    event.set_payload(proposed.payload());
    event.set_prev_hash(prev_hash_);
    event.set_hash(core::ComputeEventHash(event, &canonical));
    prev_hash_ = event.hash();
    tree_.Append(core::MerkleLeafHash(canonical),
                 [&](int level, uint64_t index, const std::string& hash) {
                   batch_.Put(store_.cf(ColumnFamily::kMerkle), MerkleNodeKey(level, index), hash);
                 });

    serialized.clear();
    event.SerializeToString(&serialized);
    std::string position_value;
    core::AppendBigEndian64(position, &position_value);
    batch_.Put(store_.cf(ColumnFamily::kEvents), EventKey(position), serialized);
    batch_.Put(store_.cf(ColumnFamily::kStreamIndex), StreamIndexKey(append.stream_id(), version),
               position_value);
    batch_.Put(store_.cf(ColumnFamily::kEventIds), id_key, position_value);

    event_positions_[id_key] = position;
    undo->ids.push_back(id_key);
    staged_.push_back(StagedEvent{append.stream_id(), version, &proposed});
    result.add_event_ids(event.event_id());
  }
  auto previous = stream_versions_.find(append.stream_id());
  undo->streams.emplace_back(append.stream_id(), previous == stream_versions_.end()
                                                     ? std::nullopt
                                                     : std::optional<uint64_t>(previous->second));
  stream_versions_[append.stream_id()] = version;

  result.set_last_version(version);
  result.set_last_position(next_position_ - 1);
  return result;
}
}  // namespace besluitlog::ledger
