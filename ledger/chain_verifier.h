// ChainVerifier walks events in position order and checks the hash chain:
// positions are gapless from 1, each event's prev_hash is the previous
// event's hash, each hash matches the event's canonical bytes, and the
// recorded head names the last event. It reports the first position where
// any of this fails. Usable offline (VerifyStoredChain on a data dir) and
// online (feed it what a server returned).
//
// Thread-compatible: one verifier per walk.
#ifndef BESLUITLOG_LEDGER_CHAIN_VERIFIER_H_
#define BESLUITLOG_LEDGER_CHAIN_VERIFIER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "besluitlog/v1/event.pb.h"
#include "ledger/event_log.h"
#include "ledger/merkle_tree.h"

namespace besluitlog::ledger {

struct ChainReport {
  uint64_t event_count = 0;       // Events that verified.
  std::string head_hash;          // Hash of the last event that verified.
  std::string tree_root;          // RFC 9162 root over the events that verified.
  std::optional<uint64_t> first_bad_position;
  std::string problem;            // Empty when the chain verifies.

  bool ok() const { return !first_bad_position.has_value(); }
  // "OK <count> events, head <hex>, tree root <hex>" or
  // "BAD at position N: <problem>".
  std::string Summary() const;
};

class ChainVerifier {
 public:
  ChainVerifier();

  // Feeds the event found at `found_position`; false once the chain broke
  // (later events are then ignored).
  bool Next(uint64_t found_position, const v1::Event& event);
  // Feeds a stored value that could not be decoded.
  bool NextUndecodable(uint64_t found_position);
  // Compares the recorded head with what was walked.
  void Finish(const v1::Head& recorded_head);

  const ChainReport& report() const { return report_; }

 private:
  void Fail(uint64_t position, std::string problem);

  ChainReport report_;
  MerkleFrontier tree_;
};

// Walks everything stored in `log` (including anything past the recorded
// head) and checks it against the stored head record, then checks the
// stored Merkle tree against the root recomputed from the events, naming
// the first position whose stored leaf differs.
[[nodiscard]] absl::StatusOr<ChainReport> VerifyStoredChain(
    const EventLog& log);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_CHAIN_VERIFIER_H_
