#include "ledger/merkle_store.h"

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_store.h"
#include "ledger/storage_layout.h"

namespace besluitlog::ledger {

std::vector<std::string> MerkleProofBatch::Hashes(size_t path) const {
  std::vector<std::string> hashes;
  hashes.reserve(paths[path].size());
  for (uint32_t node : paths[path]) hashes.push_back(nodes[node]);
  return hashes;
}

std::optional<std::string> MerkleStore::Node(int level, uint64_t index) const {
  std::string value;
  if (!store_.db()
           ->Get(rocksdb::ReadOptions(), store_.cf(ColumnFamily::kMerkle),
                 MerkleNodeKey(level, index), &value)
           .ok() ||
      value.size() != core::kHashSize) {
    return std::nullopt;
  }
  return value;
}

const std::string* MerkleStore::ScannedNodes::Find(uint64_t index) const {
  if (index < first || index - first >= hashes.size()) return nullptr;
  const std::string& hash = hashes[index - first];
  return hash.empty() ? nullptr : &hash;
}

MerkleStore::ScannedNodes MerkleStore::ScanNodes(int level, uint64_t begin, uint64_t end) const {
  ScannedNodes nodes;
  nodes.first = begin;
  nodes.hashes.resize(end - begin);
  const std::string upper = MerkleNodeKey(level, end);
  rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(
      store_.db()->NewIterator(read_options, store_.cf(ColumnFamily::kMerkle)));
  for (it->Seek(MerkleNodeKey(level, begin)); it->Valid(); it->Next()) {
    // Anything malformed is left out here and reported by the point read.
    if (it->key().size() != 9 || it->value().size() != core::kHashSize) continue;
    const uint64_t index = core::ReadBigEndian64(it->key().data() + 1);
    if (index >= begin && index < end) nodes.hashes[index - begin] = it->value().ToString();
  }
  return nodes;
}

core::StoredNodes MerkleStore::Nodes() const {
  return [this](int level, uint64_t index) { return Node(level, index); };
}

core::StoredNodes MerkleStore::NodesInOrder() const {
  struct Cursors {
    std::array<std::unique_ptr<rocksdb::Iterator>, 64> levels;
  };
  auto cursors = std::make_shared<Cursors>();
  return [this, cursors](int level, uint64_t index) -> std::optional<std::string> {
    if (level < 0 || level >= static_cast<int>(cursors->levels.size())) return Node(level, index);
    std::unique_ptr<rocksdb::Iterator>& it = cursors->levels[level];
    const std::string key = MerkleNodeKey(level, index);
    if (it == nullptr) {
      rocksdb::ReadOptions read_options;
      read_options.fill_cache = false;
      read_options.readahead_size = 256 << 10;
      it.reset(store_.db()->NewIterator(read_options, store_.cf(ColumnFamily::kMerkle)));
      it->Seek(key);
    } else if (!it->Valid() || it->key() != rocksdb::Slice(key)) {
      it->Seek(key);
    }
    if (!it->Valid() || it->key() != rocksdb::Slice(key)) return std::nullopt;
    std::optional<std::string> node;
    if (it->value().size() == core::kHashSize) node = it->value().ToString();
    it->Next();  // Where the next index of this level is asked for.
    return node;
  };
}

core::LeafHashes MerkleStore::Leaves(absl::Status* missing) const {
  return [this, missing](uint64_t index) {
    std::optional<std::string> leaf = Node(0, index);
    if (!leaf.has_value()) {
      *missing = absl::DataLossError(
          absl::StrCat("the Merkle leaf of position ", index + 1, " is missing"));
    }
    return leaf.value_or(std::string());
  };
}

std::string MerkleStore::LeafHash(uint64_t position) const {
  return position == 0 ? std::string() : Node(0, position - 1).value_or(std::string());
}

absl::StatusOr<std::string> MerkleStore::Root(uint64_t size) const {
  absl::Status missing;
  const core::LeafHashes leaves = Leaves(&missing);
  std::string root = core::MerkleRoot(size, leaves, Nodes());
  RETURN_IF_ERROR(missing);
  return root;
}

absl::StatusOr<MerkleProofBatch> MerkleStore::InclusionProofs(
    const std::vector<uint64_t>& leaf_indices, uint64_t size) const {
  // Bottom-up: at level l the path holds the sibling of the node covering
  // the leaf, when that sibling exists; a full sibling is a stored node, a
  // partial one (the right edge) is hashed once per call. This is RFC
  // 9162's PATH for the left-balanced tree.
  MerkleProofBatch batch;
  // (level, index) of a full node, or (-1 - begin, end) of a partial range.
  absl::flat_hash_map<std::pair<int64_t, uint64_t>, uint32_t> known;
  absl::Status missing;
  auto stored = [&](int level, uint64_t index) -> std::optional<std::string> {
    std::optional<std::string> node = Node(level, index);
    if (!node.has_value() && missing.ok()) {
      missing = absl::DataLossError(
          absl::StrCat("the Merkle node at level ", level, " index ", index, " is missing"));
    }
    return node;
  };
  // Neighbouring leaves (an export's page) need every node of the low levels
  // in a range: one scan per level instead of a point read per node.
  std::vector<ScannedNodes> scanned;
  if (!leaf_indices.empty()) {
    const auto [min_leaf, max_leaf] = std::minmax_element(leaf_indices.begin(), leaf_indices.end());
    for (int level = 0; level < 64 && (size >> level) > 0; ++level) {
      const uint64_t first = (*min_leaf >> level) & ~uint64_t{1};
      const uint64_t last = std::min((*max_leaf >> level) | 1, (size >> level) - 1);
      if (last < first + 16 || last - first > 2 * leaf_indices.size()) break;
      scanned.push_back(ScanNodes(level, first, last + 1));
    }
  }
  auto full_node = [&](int level, uint64_t index) -> uint32_t {
    auto [it, added] = known.try_emplace({level, index}, batch.nodes.size());
    if (added) {
      const std::string* hash =
          level < static_cast<int>(scanned.size()) ? scanned[level].Find(index) : nullptr;
      batch.nodes.push_back(hash != nullptr ? *hash : stored(level, index).value_or(std::string()));
    }
    return it->second;
  };
  auto partial_range = [&](uint64_t begin, uint64_t end) -> uint32_t {
    auto [it, added] =
        known.try_emplace({-1 - static_cast<int64_t>(begin), end}, batch.nodes.size());
    if (added) {
      // A partial range hashes like the root of the leaves it holds.
      batch.nodes.push_back(core::MerkleRoot(
          end - begin, [&](uint64_t i) { return stored(0, begin + i).value_or(std::string()); },
          [&](int l, uint64_t i) -> std::optional<std::string> {
            // Perfect subtrees inside the range, shifted to its start.
            if ((begin >> l) << l != begin) return std::nullopt;
            return stored(l, (begin >> l) + i);
          }));
    }
    return it->second;
  };
  batch.paths.reserve(leaf_indices.size());
  for (uint64_t leaf : leaf_indices) {
    if (leaf >= size) {
      return absl::InvalidArgumentError(
          absl::StrCat("leaf ", leaf, " is not in a tree of ", size, " leaves"));
    }
    std::vector<uint32_t>& path = batch.paths.emplace_back();
    for (int level = 0; level < 64 && (uint64_t{1} << level) < size; ++level) {
      const uint64_t sibling = (leaf >> level) ^ 1;
      const uint64_t begin = sibling << level;
      if (begin >= size) continue;  // No sibling: the node moves up as is.
      const uint64_t end = std::min(begin + (uint64_t{1} << level), size);
      path.push_back(end - begin == (uint64_t{1} << level) ? full_node(level, sibling)
                                                           : partial_range(begin, end));
    }
  }
  RETURN_IF_ERROR(missing);
  return batch;
}

absl::StatusOr<std::vector<std::string>> MerkleStore::ConsistencyProof(uint64_t old_size,
                                                                       uint64_t new_size) const {
  absl::Status missing;
  const core::LeafHashes leaves = Leaves(&missing);
  ASSIGN_OR_RETURN(std::vector<std::string> proof,
                   core::MerkleConsistencyProof(old_size, new_size, leaves, Nodes()));
  RETURN_IF_ERROR(missing);
  return proof;
}

}  // namespace besluitlog::ledger
