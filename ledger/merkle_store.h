// MerkleStore: the event log's RFC 9162 Merkle tree as stored, one hash per
// perfect subtree in the `merkle` column family (see storage_layout.h and
// docs/audit.md): roots, inclusion and consistency proofs from O(log n)
// stored nodes instead of every leaf. The nodes are written by the write
// path, in the same batch as their events (event_batch.h).
//
// Guarantees:
//  - Reads only; sizes are not checked against the durable head here (the
//    event log does that), so these answer for whatever is stored.
//  - A node a computation needs but does not find makes it DATA_LOSS naming
//    the node; a stored node that is wrong is not detected here (that is
//    the start-up check's and the scrub's job, head_check.h and
//    chain_verifier.h).
//
// Thread-safety: all methods are thread-safe (const reads of the store).
// The EventStore must outlive the MerkleStore.
#ifndef BESLUITLOG_LEDGER_MERKLE_STORE_H_
#define BESLUITLOG_LEDGER_MERKLE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/core/merkle_tree.h"

namespace besluitlog::ledger {

class EventStore;

// Proofs for many leaves of one tree. Neighbouring leaves share most of
// their paths, so each node is read (or hashed) and held once per call:
// path i lists, leaf to root, indices into `nodes`.
struct MerkleProofBatch {
  std::vector<std::string> nodes;
  std::vector<std::vector<uint32_t>> paths;
  std::vector<std::string> Hashes(size_t path) const;
};

class MerkleStore {
 public:
  explicit MerkleStore(const EventStore& store) : store_(store) {}

  // The stored subtree hash at (level, index), if any.
  std::optional<std::string> Node(int level, uint64_t index) const;
  // Node() as merkle_tree.h's StoredNodes.
  core::StoredNodes Nodes() const;
  // The same answers for a walk that asks each level's nodes in increasing
  // index (a verification of every event): one forward iterator per level
  // (not filling the block cache) instead of a point read per node; any
  // other order still answers, by seeking. Valid while this store is; the
  // iterators see the store as it was when each was first used.
  core::StoredNodes NodesInOrder() const;
  // Leaf hashes from the store; a missing one sets `*missing`.
  core::LeafHashes Leaves(absl::Status* missing) const;
  // The stored leaf of one position (empty when missing).
  std::string LeafHash(uint64_t position) const;

  // MTH of the first `size` leaves from the stored nodes.
  [[nodiscard]] absl::StatusOr<std::string> Root(uint64_t size) const;
  // INVALID_ARGUMENT for a leaf not in the tree of `size` leaves.
  [[nodiscard]] absl::StatusOr<MerkleProofBatch> InclusionProofs(
      const std::vector<uint64_t>& leaf_indices, uint64_t size) const;
  [[nodiscard]] absl::StatusOr<std::vector<std::string>> ConsistencyProof(uint64_t old_size,
                                                                          uint64_t new_size) const;

 private:
  // Stored hashes of the nodes [first, first + hashes.size()) of one level;
  // an empty string where none is stored.
  struct ScannedNodes {
    uint64_t first = 0;
    std::vector<std::string> hashes;
    const std::string* Find(uint64_t index) const;  // Null when not held.
  };
  ScannedNodes ScanNodes(int level, uint64_t begin, uint64_t end) const;

  const EventStore& store_;
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_MERKLE_STORE_H_
