#include "ledger/head_check.h"

#include <algorithm>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_store.h"
#include "ledger/merkle_store.h"
#include "ledger/rocksdb_status.h"
#include "ledger/storage_layout.h"
#include "rocksdb/db.h"

namespace besluitlog::ledger {

absl::StatusOr<std::optional<Damage>> ReadRecordedDamage(const EventStore& store) {
  std::string value;
  const rocksdb::Status s = store.db()->Get(rocksdb::ReadOptions(), store.cf(ColumnFamily::kMeta),
                                            std::string(kDamageKey), &value);
  if (s.IsNotFound()) return std::optional<Damage>();
  RETURN_IF_ERROR(FromRocksDb(s, "reading the recorded damage"));
  const size_t zero = value.find('\0', 8);
  if (value.size() < 8 || zero == std::string::npos) {
    return std::optional<Damage>(
        Damage{0, "the damage record itself is unreadable", "the start-up check"});
  }
  return std::optional<Damage>(Damage{core::ReadBigEndian64(value.data()), value.substr(zero + 1),
                                      value.substr(8, zero - 8)});
}

absl::Status RecordDamage(const EventStore& store, const Damage& damage) {
  ASSIGN_OR_RETURN(std::optional<Damage> recorded, ReadRecordedDamage(store));
  // Position 0 is never an event's: it marks a record that could not be read,
  // which any real finding replaces.
  if (recorded.has_value() && recorded->position != 0 && recorded->position <= damage.position) {
    return absl::OkStatus();
  }
  std::string value;
  core::AppendBigEndian64(damage.position, &value);
  absl::StrAppend(&value, damage.found_by, std::string(1, '\0'), damage.problem);
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  return FromRocksDb(
      store.db()->Put(write_options, store.cf(ColumnFamily::kMeta), std::string(kDamageKey), value),
      "recording the damage found");
}

HeadCheck CheckStoredHead(const EventStore& store, const MerkleStore& merkle,
                          const v1::Head& stored, std::optional<Damage>* damage) {
  const absl::Time start = absl::Now();
  HeadCheck check;
  check.checked = true;
  const uint64_t head = stored.position();
  check.head_position = head;
  auto fail = [&](uint64_t position, std::string problem) {
    if (!damage->has_value()) {
      *damage = Damage{position, std::move(problem), "the start-up check"};
    }
  };
  // Head record and events are written in one batch: nothing lies past the
  // head, and the head record names the last event's hash.
  if (store.ReadEvent(head + 1).status().code() != absl::StatusCode::kNotFound) {
    fail(head + 1, absl::StrCat("an event is stored past the recorded head at position ", head));
  }
  // The last events: each decodes, sits where it says, matches its hash and
  // its stored Merkle leaf, and links to the one before.
  const uint64_t first = head > kHeadCheckEvents ? head - kHeadCheckEvents + 1 : 1;
  std::string prev_hash = first == 1 ? core::GenesisHash() : std::string();
  std::string canonical;
  for (uint64_t position = first; position <= head && !damage->has_value(); ++position) {
    ++check.events_checked;
    absl::StatusOr<v1::Event> event = store.ReadEvent(position);
    if (!event.ok()) {
      fail(position, std::string(event.status().message()));
    } else if (event->global_position() != position) {
      fail(position, absl::StrCat("the event stored at position ", position,
                                  " says it is at position ", event->global_position()));
    } else if (!prev_hash.empty() && event->prev_hash() != prev_hash) {
      fail(position, absl::StrCat("prev_hash ", core::HashToHex(event->prev_hash()),
                                  " does not match the hash of position ", position - 1));
    } else if (core::ComputeEventHash(*event, &canonical) != event->hash()) {
      fail(position, "the event's contents do not match its hash (altered after writing)");
    } else if (merkle.Node(0, position - 1) != core::MerkleLeafHash(canonical)) {
      fail(position, "the stored Merkle leaf does not match the event");
    } else if (position == head && event->hash() != stored.hash()) {
      fail(position,
           absl::StrCat("the head record names hash ", core::HashToHex(stored.hash()),
                        " but the event there has hash ", core::HashToHex(event->hash())));
    }
    if (event.ok()) prev_hash = event->hash();
  }
  // The Merkle nodes above those events, and the frontier (the last
  // complete node of each level): each must be the hash of its two stored
  // children. O(kHeadCheckEvents + log n) reads.
  for (int level = 1; level < 64 && (head >> level) > 0 && !damage->has_value(); ++level) {
    const uint64_t last = (head >> level) - 1;
    for (uint64_t index = std::min((first - 1) >> level, last); index <= last; ++index) {
      check.nodes_checked += 3;
      const std::optional<std::string> node = merkle.Node(level, index);
      const std::optional<std::string> left = merkle.Node(level - 1, 2 * index);
      const std::optional<std::string> right = merkle.Node(level - 1, 2 * index + 1);
      if (!node.has_value() || !left.has_value() || !right.has_value() ||
          *node != core::MerkleNodeHash(*left, *right)) {
        const uint64_t first_leaf = index << level;
        fail(first_leaf + 1,
             absl::StrCat("the stored Merkle node at level ", level, " index ", index,
                          " (positions ", first_leaf + 1, "..", (index + 1) << level, ") ",
                          node.has_value() && left.has_value() && right.has_value()
                              ? "is not the hash of its two stored children"
                              : "or one of its children is missing"));
        break;
      }
    }
  }
  check.took = absl::Now() - start;
  return check;
}

}  // namespace besluitlog::ledger
