// The check of stored data that runs when a writable event log opens, and
// the Damage that it (or the scrub, chain_verifier.h) reports.
//
// The start-up check reads the head record, the last kHeadCheckEvents events
// and the Merkle nodes above them plus the frontier (the last complete node
// of each level): a bounded number of reads, O(kHeadCheckEvents + log n),
// whatever the size of the log. An older event is the scrub's to check.
// docs/storage.md ("Checks of the stored data") says what each check is.
//
// Thread-safety: CheckStoredHead only reads (const) and may run beside
// anything; Damage and HeadCheck are plain values.
#ifndef BESLUITLOG_LEDGER_HEAD_CHECK_H_
#define BESLUITLOG_LEDGER_HEAD_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "besluitlog/v1/event.pb.h"

namespace besluitlog::ledger {

class EventStore;
class MerkleStore;

// Stored data that does not match its hashes, as a check found it.
struct Damage {
  uint64_t position = 0;  // The first position found damaged.
  std::string problem;
  std::string found_by;  // "the start-up check", "the scrub", ...
};

// Damage once found is recorded in the data dir (meta "damage", synced), so
// that a restart does not lift the refusal of writes; the start-up check
// looks only at the last events and would not find an old altered one
// again. It is never removed: a damaged data dir is replaced by a restore.
// RecordDamage keeps the lowest position recorded.
[[nodiscard]] absl::StatusOr<std::optional<Damage>> ReadRecordedDamage(const EventStore& store);
[[nodiscard]] absl::Status RecordDamage(const EventStore& store, const Damage& damage);

// What the start-up check of the head found (nothing is checked on a
// read-only open).
struct HeadCheck {
  bool checked = false;
  uint64_t head_position = 0;
  uint64_t events_checked = 0;  // At most kHeadCheckEvents.
  uint64_t nodes_checked = 0;   // Merkle nodes, O(log n).
  absl::Duration took;
};
inline constexpr uint64_t kHeadCheckEvents = 8;

// Checks the stored data at the head `stored` (as the meta column family
// records it): nothing is stored past it, the last events decode, sit at
// their positions, match their hashes and stored Merkle leaves and link up,
// the last carries the recorded hash, and each Merkle node above them and
// on the frontier is the hash of its two stored children. The first
// problem goes to `*damage` (left alone when it holds one already).
HeadCheck CheckStoredHead(const EventStore& store, const MerkleStore& merkle,
                          const v1::Head& stored, std::optional<Damage>* damage);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_HEAD_CHECK_H_
