// RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing, proofs and
// proof verification over the log's events:
//   leaf hash  = SHA-256(0x00 || leaf bytes)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
//   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
// Inclusion proofs follow RFC 9162 section 2.1.3, consistency proofs section
// 2.1.4; the verifiers are the RFC's algorithms and trust nothing but their
// arguments, so a client can check a server it does not trust.
//
// The tree is computed from a function that returns leaf hashes by index;
// storing subtree hashes (so that proofs over the whole log are cheap) is
// the caller's concern. Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_CORE_MERKLE_TREE_H_
#define BESLUITLOG_LEDGER_CORE_MERKLE_TREE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ledger/core/sha256.h"

namespace besluitlog::ledger::core {

// Returns the leaf hash at an index in [0, tree size).
using LeafHashes = std::function<std::string(uint64_t index)>;

// Optionally returns the stored hash of the perfect subtree at `level`
// (2^level leaves) and `index` (its leaves start at index * 2^level), so
// that roots and proofs need O(log n) look-ups instead of every leaf.
using StoredNodes = std::function<std::optional<std::string>(int level, uint64_t index)>;

std::string MerkleLeafHash(absl::string_view leaf);
std::string MerkleNodeHash(absl::string_view left, absl::string_view right);
// The same without allocating, for loops over every event of a log.
Digest MerkleLeafDigest(absl::string_view leaf);
Digest MerkleNodeDigest(absl::string_view left, absl::string_view right);

// MTH(D[0:size]).
std::string MerkleRoot(uint64_t size, const LeafHashes& leaves,
                       const StoredNodes& stored = nullptr);

// PATH(index, D[0:size]); INVALID_ARGUMENT unless index < size.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> MerkleInclusionProof(
    uint64_t index, uint64_t size, const LeafHashes& leaves, const StoredNodes& stored = nullptr);

// PROOF(old_size, D[0:new_size]); INVALID_ARGUMENT unless
// 0 < old_size <= new_size.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> MerkleConsistencyProof(
    uint64_t old_size, uint64_t new_size, const LeafHashes& leaves,
    const StoredNodes& stored = nullptr);

// The perfect subtrees of a tree of some size, one per set bit of the
// size, keyed by level: enough to append leaves and compute the root
// without reading anything else.
class MerkleFrontier {
 public:
  // Adds the next leaf; calls `store(level, index, hash)` for every perfect
  // subtree this completes, the leaf itself included.
  void Append(const std::string& leaf_hash,
              const std::function<void(int, uint64_t, const std::string&)>& store);
  std::string Root() const;
  uint64_t size() const { return size_; }
  // Rebuilds the frontier of a tree of `size` leaves from stored nodes.
  [[nodiscard]] static absl::StatusOr<MerkleFrontier> Load(uint64_t size,
                                                           const StoredNodes& stored);

 private:
  using Hash = std::array<char, 32>;
  static std::string ToString(const Hash& hash) { return std::string(hash.data(), hash.size()); }

  uint64_t size_ = 0;
  // nodes_[level] is meaningful when bit `level` of size_ is set. Fixed-size
  // arrays keep copies (one per staged append, for rollback) cheap.
  std::array<Hash, 64> nodes_{};
};

// OK when `proof` shows that `leaf_hash` is leaf `index` of the tree of
// `size` leaves with root `root`; otherwise an error saying what failed.
[[nodiscard]] absl::Status VerifyMerkleInclusion(uint64_t index, uint64_t size,
                                                 absl::string_view leaf_hash,
                                                 const std::vector<std::string>& proof,
                                                 absl::string_view root);

// Verifies many inclusion proofs in one tree (every line of an exported
// trail), each with exactly VerifyMerkleInclusion's answer. Proofs of
// neighbouring leaves share most of their path: a step whose state (its
// place in the tree and the hash so far) and remaining proof hashes are
// those of a step of the last proof that verified leads to the same root,
// so it is not hashed again. With leaves in order that is about two node
// hashes per proof instead of log2(size). Thread-compatible.
class MerkleInclusionVerifier {
 public:
  MerkleInclusionVerifier(uint64_t size, absl::string_view root) : size_(size), root_(root) {}
  [[nodiscard]] absl::Status Verify(uint64_t index, absl::string_view leaf_hash,
                                    absl::Span<const absl::string_view> proof);
  // Node hashes computed so far (for tests and benchmarks).
  uint64_t hashes_computed() const { return hashes_computed_; }

 private:
  // RFC 9162 section 2.1.3.2's state before one step of the walk to the root.
  struct Step {
    uint64_t fn = 0;
    uint64_t sn = 0;
    Digest r{};
  };

  const uint64_t size_;
  const std::string root_;
  uint64_t hashes_computed_ = 0;
  // The last proof that verified, and the state before each of its steps.
  std::vector<std::string> last_proof_;
  std::vector<Step> last_steps_;
  std::vector<Step> next_steps_;  // Scratch, kept for its capacity.
};

// OK when `proof` shows that the tree of `old_size` leaves with `old_root`
// is a prefix of the tree of `new_size` leaves with `new_root`.
[[nodiscard]] absl::Status VerifyMerkleConsistency(uint64_t old_size, uint64_t new_size,
                                                   absl::string_view old_root,
                                                   absl::string_view new_root,
                                                   const std::vector<std::string>& proof);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_MERKLE_TREE_H_
