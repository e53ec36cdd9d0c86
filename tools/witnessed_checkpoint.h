// The checkpoint an export or a published site is made up to when the
// reader demands witnesses (`ledgerctl export --policy`, `ledgerctl publish
// --policy`): the newest signed checkpoint whose C2SP note carries
// cosignatures meeting the reader's own witness policy (witness_policy.h).
//
// Guarantees: the returned v1::Checkpoint is one the server signed (its
// legacy signature comes from the server as is, checked later by the
// writers and by `audit --file`), its `note` is the cosigned note that met
// the policy, and the note's tree size and root are the checkpoint's; the
// server's `witnessed_note` (an older tree) is only used when it meets OUR
// policy, never because the server says it met its own. Nothing else is
// trusted from the server.
#ifndef BESLUITLOG_TOOLS_WITNESSED_CHECKPOINT_H_
#define BESLUITLOG_TOOLS_WITNESSED_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "tools/witness_policy.h"

namespace besluitlog::tools {

// The policy file at `path`: INVALID_ARGUMENT naming the file (and the line)
// when it cannot be read or is not a valid tlog-policy.
[[nodiscard]] absl::StatusOr<WitnessPolicy> LoadWitnessPolicy(const std::string& path);

// What the policy's quorum asks, for a closing line ("2 of 3", "witness A",
// "none") and for a reader of a page ("2 van 3", "getuige A", "geen
// getuigen vereist").
std::string QuorumInEnglish(const WitnessPolicy& policy);
std::string QuorumInDutch(const WitnessPolicy& policy);

// The witnesses' names joined by ", ", or `none` when there are none
// (under "quorum none" a checkpoint meets the policy without any).
std::string CosignerNames(const std::vector<std::string>& names, absl::string_view none);

struct WitnessedCheckpoint {
  v1::Checkpoint checkpoint;           // Signed; `note` is the cosigned note.
  std::vector<std::string> cosigners;  // Policy names of the witnesses that cosigned it.
  uint64_t head_size = 0;              // The server's newest tree size.
  std::vector<std::string> head_cosigners;
  bool is_head() const { return checkpoint.tree_size() == head_size; }
};

// The newest checkpoint of the server meeting `policy`: the head when its
// note meets the quorum, else the server's witnessed note when it meets
// the policy (with the signed checkpoint of that size). FAILED_PRECONDITION
// saying who cosigned the head and what to do when neither does (or the
// server sends no notes); PERMISSION_DENIED when no log key of the policy
// signed the head; DATA_LOSS when the server contradicts itself.
[[nodiscard]] absl::StatusOr<WitnessedCheckpoint> FetchWitnessedCheckpoint(
    v1::AuditService::Stub& audit, const WitnessPolicy& policy);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_WITNESSED_CHECKPOINT_H_
