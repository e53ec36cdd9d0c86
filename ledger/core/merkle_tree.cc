#include "ledger/core/merkle_tree.h"

#include <algorithm>
#include <array>

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
  const Digest digest = MerkleLeafDigest(leaf);
  return std::string(digest.data(), digest.size());
}

std::string MerkleNodeHash(absl::string_view left, absl::string_view right) {
  const Digest digest = MerkleNodeDigest(left, right);
  return std::string(digest.data(), digest.size());
}

Digest MerkleLeafDigest(absl::string_view leaf) {
  return Sha256Digest(absl::string_view("\0", 1), leaf);
}

Digest MerkleNodeDigest(absl::string_view left, absl::string_view right) {
  return Sha256Digest("\1", left, right);
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

absl::Status MerkleInclusionVerifier::Verify(uint64_t index, absl::string_view leaf_hash,
                                             absl::Span<const absl::string_view> proof) {
  if (index >= size_ || leaf_hash.size() != kHashSize) {
    // Nothing to share: the plain algorithm gives the answer.
    return VerifyMerkleInclusion(index, size_, leaf_hash,
                                 std::vector<std::string>(proof.begin(), proof.end()), root_);
  }
  const size_t n = proof.size();
  const size_t m = last_proof_.size();
  // How many trailing proof hashes this proof has in common with the last.
  size_t shared = 0;
  while (shared < n && shared < m && proof[n - 1 - shared] == last_proof_[m - 1 - shared]) {
    ++shared;
  }
  // The walk ends after at most 64 steps (sn reaches 0), so longer proofs
  // fail before they overrun this.
  std::array<Step, 65> steps;
  Step state;
  state.fn = index;
  state.sn = size_ - 1;
  std::copy_n(leaf_hash.data(), kHashSize, state.r.data());
  size_t i = 0;
  bool known = false;
  for (; i < n; ++i) {
    if (state.sn == 0) {
      return absl::DataLossError("inclusion proof is longer than the tree is deep");
    }
    if (n - i <= shared) {
      const Step& last = last_steps_[m - (n - i)];
      if (last.fn == state.fn && last.sn == state.sn && last.r == state.r) {
        // From here on this proof is the last one's, which verified.
        known = true;
        break;
      }
    }
    steps[i] = state;
    const absl::string_view p = proof[i];
    if ((state.fn & 1) == 1 || state.fn == state.sn) {
      state.r = MerkleNodeDigest(p, DigestView(state.r));
      if ((state.fn & 1) == 0) {
        while ((state.fn & 1) == 0 && state.fn != 0) {
          state.fn >>= 1;
          state.sn >>= 1;
        }
      }
    } else {
      state.r = MerkleNodeDigest(DigestView(state.r), p);
    }
    ++hashes_computed_;
    state.fn >>= 1;
    state.sn >>= 1;
  }
  if (!known) {
    if (state.sn != 0) {
      return absl::DataLossError("inclusion proof is shorter than the tree is deep");
    }
    if (DigestView(state.r) != root_) {
      return absl::DataLossError(absl::StrCat("inclusion proof for leaf ", index,
                                              " does not lead to the root of the "
                                              "tree of ",
                                              size_, " leaves"));
    }
  }
  // Remember this proof: its own steps, then (when it joined the last
  // proof) the last proof's remaining ones.
  next_steps_.resize(n);
  std::copy_n(steps.begin(), i, next_steps_.begin());
  if (known) std::copy_n(last_steps_.begin() + (m - (n - i)), n - i, next_steps_.begin() + i);
  last_steps_.swap(next_steps_);
  last_proof_.resize(n);
  // The shared tail is in place already when the lengths agree.
  const size_t copy = n == m ? n - shared : n;
  for (size_t k = 0; k < copy; ++k) last_proof_[k].assign(proof[k].data(), proof[k].size());
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
