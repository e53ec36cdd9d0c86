#include "ledger/core/merkle_tree.h"

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/core/event_hash.h"

namespace besluitlog::ledger::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class MerkleTreeTest : public ::testing::Test {
 protected:
  void Grow(uint64_t size) {
    while (leaves_.size() < size) {
      leaves_.push_back(MerkleLeafHash(absl::StrCat("leaf-", leaves_.size())));
    }
  }
  LeafHashes Leaves() {
    return [this](uint64_t i) { return leaves_[i]; };
  }
  const std::string& L(int i) { return leaves_[i]; }
  // Every perfect subtree of the grown leaves, so that proofs of big trees
  // are quick to make.
  StoredNodes Stored() {
    auto nodes = std::make_shared<std::map<std::pair<int, uint64_t>, std::string>>();
    MerkleFrontier frontier;
    for (const std::string& leaf : leaves_) {
      frontier.Append(leaf, [&](int level, uint64_t index, const std::string& hash) {
        (*nodes)[{level, index}] = hash;
      });
    }
    return [nodes](int level, uint64_t index) -> std::optional<std::string> {
      auto it = nodes->find({level, index});
      if (it == nodes->end()) return std::nullopt;
      return it->second;
    };
  }
  static std::string N(const std::string& a, const std::string& b) { return MerkleNodeHash(a, b); }

  std::vector<std::string> leaves_;
};

TEST_F(MerkleTreeTest, HashesAreDomainSeparated) {
  EXPECT_EQ(HashToHex(MerkleRoot(0, Leaves())),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // The leaf hash of the empty string (RFC 6962 test vectors).
  EXPECT_EQ(HashToHex(MerkleLeafHash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_NE(MerkleLeafHash(std::string(64, 'x')),
            MerkleNodeHash(std::string(32, 'x'), std::string(32, 'x')));
}

// The test vectors of Certificate Transparency's merkle_tree_test (RFC 6962
// and RFC 9162 hash the same way): eight leaves of raw bytes and the SHA-256
// roots of the trees of their first 1..8 leaves. Rechecked independently with
// python3 hashlib following RFC 6962 section 2.1 (MTH with 0x00 leaf and 0x01
// node prefixes, split at the largest power of two below n).
TEST_F(MerkleTreeTest, MultiLeafRootsMatchTheCertificateTransparencyVectors) {
  const std::vector<std::string> inputs = {"",
                                           "00",
                                           "10",
                                           "2021",
                                           "3031",
                                           "40414243",
                                           "5051525354555657",
                                           "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<std::string> leaves;
  for (const std::string& hex : inputs) {
    leaves.push_back(MerkleLeafHash(absl::HexStringToBytes(hex)));
  }
  const LeafHashes leaf = [&](uint64_t i) { return leaves[i]; };
  // The same roots from the recursion, from the incremental frontier the
  // log keeps, and from a frontier rebuilt from the nodes it stored.
  MerkleFrontier frontier;
  std::map<std::pair<int, uint64_t>, std::string> stored;
  for (uint64_t size = 1; size <= 8; ++size) {
    EXPECT_EQ(HashToHex(MerkleRoot(size, leaf)), roots[size - 1]) << size;
    frontier.Append(leaves[size - 1], [&](int level, uint64_t index, const std::string& hash) {
      stored[{level, index}] = hash;
    });
    EXPECT_EQ(HashToHex(frontier.Root()), roots[size - 1]) << size;
    absl::StatusOr<MerkleFrontier> loaded =
        MerkleFrontier::Load(size, [&](int level, uint64_t index) -> std::optional<std::string> {
          auto it = stored.find({level, index});
          if (it == stored.end()) return std::nullopt;
          return it->second;
        });
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(HashToHex(loaded->Root()), roots[size - 1]) << size;
  }
}

TEST_F(MerkleTreeTest, RootsOfSmallTreesAsDerivedByHand) {
  Grow(8);
  const std::string n01 = N(L(0), L(1));
  const std::string n23 = N(L(2), L(3));
  const std::string n45 = N(L(4), L(5));
  const std::string n0123 = N(n01, n23);
  const std::vector<std::string> expected = {
      L(0),           n01,           N(n01, L(2)),           n0123,
      N(n0123, L(4)), N(n0123, n45), N(n0123, N(n45, L(6))), N(n0123, N(n45, N(L(6), L(7)))),
  };
  for (uint64_t size = 1; size <= 8; ++size) {
    EXPECT_EQ(MerkleRoot(size, Leaves()), expected[size - 1]) << size;
  }
}

TEST_F(MerkleTreeTest, ProofsMatchTheRfcExampleTreeOfSeven) {
  Grow(7);
  const std::string g = N(L(0), L(1));
  const std::string i = N(L(4), L(5));
  const std::string k = N(g, N(L(2), L(3)));
  const std::string l = N(i, L(6));
  // RFC 6962 section 2.1.3: the audit path of d0 is [b, h, l].
  EXPECT_THAT(*MerkleInclusionProof(0, 7, Leaves()), ElementsAre(L(1), N(L(2), L(3)), l));
  // d6: [i, k]; d3: [c, g, l].
  EXPECT_THAT(*MerkleInclusionProof(6, 7, Leaves()), ElementsAre(i, k));
  EXPECT_THAT(*MerkleInclusionProof(3, 7, Leaves()), ElementsAre(L(2), g, l));
  // Consistency proofs: size 3 -> [c, d, g, l]; 4 -> [l]; 6 -> [i, j, k].
  EXPECT_THAT(*MerkleConsistencyProof(3, 7, Leaves()), ElementsAre(L(2), L(3), g, l));
  EXPECT_THAT(*MerkleConsistencyProof(4, 7, Leaves()), ElementsAre(l));
  EXPECT_THAT(*MerkleConsistencyProof(6, 7, Leaves()), ElementsAre(i, L(6), k));
}

TEST_F(MerkleTreeTest, EveryProofOfEveryTreeUpToEightVerifies) {
  Grow(8);
  for (uint64_t n = 1; n <= 8; ++n) {
    const std::string root = MerkleRoot(n, Leaves());
    for (uint64_t m = 0; m < n; ++m) {
      auto proof = MerkleInclusionProof(m, n, Leaves());
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyMerkleInclusion(m, n, L(m), *proof, root).ok()) << m << "/" << n;
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = MerkleConsistencyProof(m, n, Leaves());
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyMerkleConsistency(m, n, MerkleRoot(m, Leaves()), root, *proof).ok())
          << m << "->" << n;
    }
  }
}

TEST_F(MerkleTreeTest, LiesAreCaughtAndNamed) {
  Grow(8);
  const std::string root = MerkleRoot(7, Leaves());
  const std::vector<std::string> proof = *MerkleInclusionProof(3, 7, Leaves());
  // A proof for another leaf.
  EXPECT_THAT(VerifyMerkleInclusion(3, 7, L(4), proof, root).message(),
              HasSubstr("does not lead to the root"));
  // A wrong root.
  EXPECT_FALSE(VerifyMerkleInclusion(3, 7, L(3), proof, MerkleRoot(6, Leaves())).ok());
  // A truncated and an extended proof.
  std::vector<std::string> shorter(proof.begin(), proof.end() - 1);
  EXPECT_THAT(VerifyMerkleInclusion(3, 7, L(3), shorter, root).message(), HasSubstr("shorter"));
  std::vector<std::string> longer = proof;
  longer.push_back(L(0));
  EXPECT_THAT(VerifyMerkleInclusion(3, 7, L(3), longer, root).message(), HasSubstr("longer"));
  EXPECT_FALSE(VerifyMerkleInclusion(7, 7, L(3), proof, root).ok());

  // A forked history: same size, another root.
  EXPECT_THAT(VerifyMerkleConsistency(7, 7, root, MerkleRoot(6, Leaves()), {}).message(),
              HasSubstr("forked"));
  // A rewritten past: the old root does not follow from the proof.
  const std::vector<std::string> consistency = *MerkleConsistencyProof(3, 7, Leaves());
  EXPECT_THAT(VerifyMerkleConsistency(3, 7, MerkleRoot(2, Leaves()), root, consistency).message(),
              HasSubstr("old root"));
  // A tampered proof element, a truncated log.
  std::vector<std::string> tampered = consistency;
  tampered[1][0] ^= 1;
  EXPECT_FALSE(VerifyMerkleConsistency(3, 7, MerkleRoot(3, Leaves()), root, tampered).ok());
  EXPECT_THAT(VerifyMerkleConsistency(7, 3, root, MerkleRoot(3, Leaves()), {}).message(),
              HasSubstr("shrank"));
  EXPECT_FALSE(MerkleConsistencyProof(0, 3, Leaves()).ok());
}

TEST_F(MerkleTreeTest, RandomTreesUpToTenThousandLeaves) {
  Grow(10000);
  std::mt19937 random(9162);
  for (int round = 0; round < 40; ++round) {
    const uint64_t n = 1 + random() % 10000;
    const uint64_t m = 1 + random() % n;
    const std::string root = MerkleRoot(n, Leaves());
    const uint64_t index = random() % n;
    EXPECT_TRUE(
        VerifyMerkleInclusion(index, n, L(index), *MerkleInclusionProof(index, n, Leaves()), root)
            .ok())
        << index << "/" << n;
    EXPECT_TRUE(VerifyMerkleConsistency(m, n, MerkleRoot(m, Leaves()), root,
                                        *MerkleConsistencyProof(m, n, Leaves()))
                    .ok())
        << m << "->" << n;
  }
}

// The verifier for many proofs answers exactly as VerifyMerkleInclusion,
// for every proof of every leaf, in order and out of it, and for lies
// between proofs that verified: what it skips cannot hide a tampered step.
TEST_F(MerkleTreeTest, TheSharingVerifierAnswersAsThePlainOne) {
  Grow(1100);
  const StoredNodes stored = Stored();
  std::mt19937 random(2162);
  for (uint64_t n : {1, 2, 3, 7, 8, 9, 64, 65, 100, 1024, 1025, 1100}) {
    const std::string root = MerkleRoot(n, Leaves(), stored);
    MerkleInclusionVerifier verifier(n, root);
    for (int pass = 0; pass < 2; ++pass) {
      for (uint64_t k = 0; k < n; ++k) {
        // In order on the first pass, in random order on the second.
        const uint64_t index = pass == 0 ? k : random() % n;
        const std::vector<std::string> proof = *MerkleInclusionProof(index, n, Leaves(), stored);
        std::vector<std::string> lie = proof;
        std::string leaf = L(index);
        switch (random() % 5) {
          case 0:
            if (!lie.empty()) lie[random() % lie.size()][random() % 32] ^= 1;
            break;
          case 1:
            leaf[random() % 32] ^= 0x80;
            break;
          case 2:
            if (!lie.empty()) lie.pop_back();
            break;
          case 3:
            lie.push_back(L(0));
            break;
          default:
            break;  // The honest proof twice.
        }
        for (const auto& [hashes, leaf_hash] :
             {std::pair(proof, L(index)), std::pair(lie, leaf), std::pair(proof, L(index))}) {
          const std::vector<absl::string_view> views(hashes.begin(), hashes.end());
          EXPECT_EQ(verifier.Verify(index, leaf_hash, views),
                    VerifyMerkleInclusion(index, n, leaf_hash, hashes, root))
              << index << "/" << n;
        }
      }
    }
    EXPECT_EQ(verifier.Verify(n, L(0), {}), VerifyMerkleInclusion(n, n, L(0), {}, root));
  }
}

TEST_F(MerkleTreeTest, ProofsInLeafOrderCostAboutTwoNodeHashesEach) {
  Grow(4096);
  const StoredNodes stored = Stored();
  const std::string root = MerkleRoot(4096, Leaves(), stored);
  MerkleInclusionVerifier verifier(4096, root);
  for (uint64_t index = 0; index < 4096; ++index) {
    const std::vector<std::string> proof = *MerkleInclusionProof(index, 4096, Leaves(), stored);
    const std::vector<absl::string_view> views(proof.begin(), proof.end());
    ASSERT_TRUE(verifier.Verify(index, L(index), views).ok()) << index;
  }
  // Each of the 4095 inner nodes once, instead of 12 per proof.
  EXPECT_LE(verifier.hashes_computed(), 2 * 4096u);
}

}  // namespace
}  // namespace besluitlog::ledger::core
