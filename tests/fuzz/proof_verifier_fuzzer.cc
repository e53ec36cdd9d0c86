// The auditor's verifiers take whatever a (possibly lying) server or an
// edited trail file hands them: inclusion and consistency proofs, signed
// checkpoints and JSONL trails are checked without crashing, and a leaf
// never proves itself as the root of a bigger tree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/cli.pb.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/merkle_tree.h"
#include "tools/trail_export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace besluitlog;  // NOLINT: fuzz entry point.
  if (size < 16) return 0;
  uint64_t a = 0, b = 0;
  for (int i = 0; i < 8; ++i) a = a << 8 | data[i];
  for (int i = 8; i < 16; ++i) b = b << 8 | data[i];
  const std::string rest(reinterpret_cast<const char*>(data + 16), size - 16);
  std::vector<std::string> hashes;
  for (size_t i = 0; i + 32 <= rest.size(); i += 32) hashes.push_back(rest.substr(i, 32));
  const std::string leaf = hashes.empty() ? std::string(32, '\0') : hashes.front();
  const std::string root = hashes.empty() ? std::string(32, '\1') : hashes.back();
  // A leaf proves itself only in a tree of one; never with a proof beside.
  if (ledger::core::VerifyMerkleInclusion(a, b, leaf, hashes, leaf).ok() && !(a == 0 && b == 1)) {
    if (!hashes.empty()) std::abort();
  }
  (void)ledger::core::VerifyMerkleInclusion(a, b, leaf, hashes, root);
  (void)ledger::core::VerifyMerkleConsistency(a % 4096, b % 4096, leaf, root, hashes);
  v1::Checkpoint checkpoint;
  if (checkpoint.ParseFromString(rest)) (void)ledger::core::VerifyCheckpointSignature(checkpoint);
  // Trust whatever key the trail's first line names, so that the checks
  // after the signature stay reachable.
  v1::cli::TrailLine first;
  const std::string first_line = rest.substr(0, rest.find('\n'));
  const bool parsed = google::protobuf::util::JsonStringToMessage(first_line, &first).ok();
  std::istringstream trail(rest);
  uint64_t verified = 0;
  const tools::SignerTrust signers =
      parsed ? tools::SignerTrust::Only(absl::HexStringToBytes(first.checkpoint().public_key()))
             : tools::SignerTrust();
  (void)tools::VerifyJsonlTrail(trail, signers, &verified);
  return 0;
}
