#include "ledger/core/merkle_tree.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ledger/core/sha256.h"

namespace besluitlog::ledger::core {
namespace {

// The largest power of two smaller than n (n > 1).
uint64_t SplitPoint(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// The tree's leaves and, where known, its stored perfect subtrees.
struct Tree {
  const LeafHashes& leaves;
  const StoredNodes& stored;
};

// MTH(D[begin:end]).
std::string SubtreeHash(uint64_t begin, uint64_t end, const Tree& tree) {
  const uint64_t n = end - begin;
  if (n == 1) return tree.leaves(begin);
  if (tree.stored && (n & (n - 1)) == 0 && begin % n == 0) {
    const int level = __builtin_ctzll(n);
    if (std::optional<std::string> node = tree.stored(level, begin >> level)) {
      return *std::move(node);
    }
  }
  const uint64_t k = SplitPoint(n);
  return MerkleNodeHash(SubtreeHash(begin, begin + k, tree), SubtreeHash(begin + k, end, tree));
}

// PATH(m, D[begin:end]) with m relative to begin.
void Path(uint64_t m, uint64_t begin, uint64_t end, const Tree& leaves,
          std::vector<std::string>* proof) {
  if (end - begin <= 1) return;
  const uint64_t k = SplitPoint(end - begin);
  if (m < k) {
    Path(m, begin, begin + k, leaves, proof);
    proof->push_back(SubtreeHash(begin + k, end, leaves));
  } else {
    Path(m - k, begin + k, end, leaves, proof);
    proof->push_back(SubtreeHash(begin, begin + k, leaves));
  }
}

// SUBPROOF(m, D[begin:end], b).
void Subproof(uint64_t m, uint64_t begin, uint64_t end, bool complete, const Tree& leaves,
              std::vector<std::string>* proof) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!complete) proof->push_back(SubtreeHash(begin, end, leaves));
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    Subproof(m, begin, begin + k, complete, leaves, proof);
    proof->push_back(SubtreeHash(begin + k, end, leaves));
  } else {
    Subproof(m - k, begin + k, end, false, leaves, proof);
    proof->push_back(SubtreeHash(begin, begin + k, leaves));
  }
}

}  // namespace

std::string MerkleLeafHash(absl::string_view leaf) {
  return Sha256(absl::string_view("\0", 1), leaf);
}

std::string MerkleNodeHash(absl::string_view left, absl::string_view right) {
  return Sha256("\1", left, right);
}

std::string MerkleRoot(uint64_t size, const LeafHashes& leaves, const StoredNodes& stored) {
  if (size == 0) return Sha256("", "");
  return SubtreeHash(0, size, Tree{leaves, stored});
}

absl::StatusOr<std::vector<std::string>> MerkleInclusionProof(uint64_t index, uint64_t size,
                                                              const LeafHashes& leaves,
                                                              const StoredNodes& stored) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf ", index, " is not in a tree of ", size, " leaves"));
  }
  std::vector<std::string> proof;
  Path(index, 0, size, Tree{leaves, stored}, &proof);
  return proof;
}

absl::StatusOr<std::vector<std::string>> MerkleConsistencyProof(uint64_t old_size,
                                                                uint64_t new_size,
                                                                const LeafHashes& leaves,
                                                                const StoredNodes& stored) {
  if (old_size == 0 || old_size > new_size) {
    return absl::InvalidArgumentError(absl::StrCat("no consistency proof from size ", old_size,
                                                   " to size ", new_size,
                                                   " (need 0 < old size <= new size)"));
  }
  std::vector<std::string> proof;
  Subproof(old_size, 0, new_size, true, Tree{leaves, stored}, &proof);
  return proof;
}

void MerkleFrontier::Append(const std::string& leaf_hash,
                            const std::function<void(int, uint64_t, const std::string&)>& store) {
  std::string node = leaf_hash;
  uint64_t index = size_;
  int level = 0;
  store(0, index, node);
  // Like a binary increment: each carry completes a subtree one level up.
  while ((index & 1) == 1) {
    node = MerkleNodeHash(ToString(nodes_[level]), node);
    index >>= 1;
    ++level;
    store(level, index, node);
  }
  std::copy_n(node.data(), nodes_[level].size(), nodes_[level].data());
  ++size_;
}

std::string MerkleFrontier::Root() const {
  if (size_ == 0) return Sha256("", "");
  std::string root;
  for (int level = 0; level < 64; ++level) {
    if (((size_ >> level) & 1) == 0) continue;
    root = root.empty() ? ToString(nodes_[level]) : MerkleNodeHash(ToString(nodes_[level]), root);
  }
  return root;
}

absl::StatusOr<MerkleFrontier> MerkleFrontier::Load(uint64_t size, const StoredNodes& stored) {
  MerkleFrontier frontier;
  frontier.size_ = size;
  uint64_t start = 0;
  for (int level = 63; level >= 0; --level) {
    if (((size >> level) & 1) == 0) continue;
    std::optional<std::string> node = stored(level, start >> level);
    if (!node.has_value() || node->size() != frontier.nodes_[level].size()) {
      return absl::DataLossError(absl::StrCat("the Merkle node at level ", level, " index ",
                                              start >> level, " is missing"));
    }
    std::copy_n(node->data(), node->size(), frontier.nodes_[level].data());
    start += uint64_t{1} << level;
  }
  return frontier;
}

absl::Status VerifyMerkleInclusion(uint64_t index, uint64_t size, absl::string_view leaf_hash,
                                   const std::vector<std::string>& proof, absl::string_view root) {
  // RFC 9162 section 2.1.3.2.
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("inclusion proof for leaf ", index, " in a tree of ", size, " leaves"));
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if (sn == 0) {
      return absl::DataLossError("inclusion proof is longer than the tree is deep");
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = MerkleNodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = MerkleNodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::DataLossError("inclusion proof is shorter than the tree is deep");
  }
  if (r != root) {
    return absl::DataLossError(absl::StrCat("inclusion proof for leaf ", index,
                                            " does not lead to the root of the "
                                            "tree of ",
                                            size, " leaves"));
  }
  return absl::OkStatus();
}

absl::Status VerifyMerkleConsistency(uint64_t old_size, uint64_t new_size,
                                     absl::string_view old_root, absl::string_view new_root,
                                     const std::vector<std::string>& proof) {
  // RFC 9162 section 2.1.4.2.
  if (old_size > new_size) {
    return absl::DataLossError(
        absl::StrCat("the tree shrank from ", old_size, " to ", new_size, " leaves"));
  }
  if (old_size == new_size) {
    if (!proof.empty()) return absl::DataLossError("proof for equal sizes is not empty");
    if (old_root != new_root) {
      return absl::DataLossError(
          "two different roots for the same tree size: the history was forked");
    }
    return absl::OkStatus();
  }
  if (old_size == 0) {
    if (!proof.empty()) return absl::DataLossError("proof from the empty tree is not empty");
    return absl::OkStatus();
  }
  if (proof.empty()) return absl::DataLossError("consistency proof is empty");
  std::vector<std::string> path = proof;
  // When old_size is a power of two, the old root is the first node.
  if ((old_size & (old_size - 1)) == 0) path.insert(path.begin(), std::string(old_root));
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0];
  std::string sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const std::string& c = path[i];
    if (sn == 0) return absl::DataLossError("consistency proof is too long");
    if ((fn & 1) == 1 || fn == sn) {
      fr = MerkleNodeHash(c, fr);
      sr = MerkleNodeHash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = MerkleNodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return absl::DataLossError("consistency proof is too short");
  if (fr != old_root) {
    return absl::DataLossError(
        absl::StrCat("the consistency proof does not reproduce the old root of ", old_size,
                     " leaves: the history before it was changed"));
  }
  if (sr != new_root) {
    return absl::DataLossError(absl::StrCat(
        "the consistency proof does not reproduce the new root of ", new_size, " leaves"));
  }
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::core
