#include "tools/witnessed_checkpoint.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/core/status_macros.h"
#include "tools/file_text.h"
#include "tools/grpc_status.h"

namespace besluitlog::tools {
namespace {

// The verdict on `note`, whose tree must be the checkpoint's.
absl::StatusOr<PolicyVerdict> JudgeNote(const WitnessPolicy& policy, const std::string& note,
                                        const v1::Checkpoint& checkpoint) {
  ASSIGN_OR_RETURN(PolicyVerdict verdict, CheckNote(policy, note));
  if (verdict.checkpoint.size != checkpoint.tree_size() ||
      verdict.checkpoint.root_hash != checkpoint.root_hash()) {
    return absl::DataLossError(absl::StrCat("the server's checkpoint note (tree size ",
                                            verdict.checkpoint.size,
                                            ") states another tree than its signed checkpoint "
                                            "(tree size ",
                                            checkpoint.tree_size(), ")"));
  }
  return verdict;
}

}  // namespace

absl::StatusOr<WitnessPolicy> LoadWitnessPolicy(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileText(path, "policy");
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--policy: ", text.status().message(),
                                                   " (a witness policy file, see docs/audit.md)"));
  }
  absl::StatusOr<WitnessPolicy> policy = ParseWitnessPolicy(*text);
  if (!policy.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", policy.status().message()));
  }
  return policy;
}

namespace {

std::string DescribeQuorum(const WitnessPolicy& policy, absl::string_view of,
                           absl::string_view witness, absl::string_view none) {
  if (policy.quorum == "none") return std::string(none);
  for (const WitnessPolicy::Group& group : policy.groups) {
    if (group.name == policy.quorum) {
      return absl::StrCat(group.threshold, " ", of, " ", group.members.size());
    }
  }
  return absl::StrCat(witness, " ", policy.quorum);
}

}  // namespace

std::string CosignerNames(const std::vector<std::string>& names, absl::string_view none) {
  return names.empty() ? std::string(none) : absl::StrJoin(names, ", ");
}

std::string QuorumInEnglish(const WitnessPolicy& policy) {
  return DescribeQuorum(policy, "of", "witness", "none");
}

std::string QuorumInDutch(const WitnessPolicy& policy) {
  return DescribeQuorum(policy, "van", "getuige", "geen getuigen vereist");
}

absl::StatusOr<WitnessedCheckpoint> FetchWitnessedCheckpoint(v1::AuditService::Stub& audit,
                                                             const WitnessPolicy& policy) {
  v1::Checkpoint head;
  {
    grpc::ClientContext context;
    RETURN_IF_ERROR(
        FromGrpcStatus(audit.GetCheckpoint(&context, v1::GetCheckpointRequest(), &head)));
  }
  if (head.note().empty()) {
    return absl::FailedPreconditionError(
        "the server sends no C2SP checkpoint note (an older besluitlogd), so no checkpoint can "
        "meet a witness policy: leave out --policy or upgrade besluitlogd");
  }
  ASSIGN_OR_RETURN(const PolicyVerdict at_head, JudgeNote(policy, head.note(), head));
  WitnessedCheckpoint result;
  result.head_size = head.tree_size();
  result.head_cosigners = at_head.cosigners;
  if (at_head.meets) {
    result.cosigners = at_head.cosigners;
    result.checkpoint = std::move(head);
    return result;
  }
  if (!head.witnessed_note().empty()) {
    ASSIGN_OR_RETURN(const PolicyVerdict older, CheckNote(policy, head.witnessed_note()));
    if (older.meets && older.checkpoint.size > 0 && older.checkpoint.size <= head.tree_size()) {
      // The signed checkpoint of that size, as the server proves events
      // against it.
      v1::GetEventWithProofRequest request;
      request.set_position(older.checkpoint.size);
      request.set_tree_size(older.checkpoint.size);
      v1::EventWithProof proven;
      grpc::ClientContext context;
      RETURN_IF_ERROR(FromGrpcStatus(audit.GetEventWithProof(&context, request, &proven)));
      v1::Checkpoint checkpoint = proven.checkpoint();
      if (checkpoint.tree_size() != older.checkpoint.size ||
          checkpoint.root_hash() != older.checkpoint.root_hash ||
          checkpoint.public_key() != head.public_key()) {
        return absl::DataLossError(absl::StrCat("the server's signed checkpoint of tree size ",
                                                older.checkpoint.size,
                                                " is not the tree its witnessed note states"));
      }
      checkpoint.set_note(head.witnessed_note());
      checkpoint.set_witnessed_note(head.witnessed_note());
      if (checkpoint.log_verifier_key().empty()) {
        checkpoint.set_log_verifier_key(head.log_verifier_key());
      }
      checkpoint.set_witness_policy(head.witness_policy());
      result.cosigners = older.cosigners;
      result.checkpoint = std::move(checkpoint);
      return result;
    }
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no checkpoint of this log meets the witness policy (quorum ", policy.quorum,
      "): the newest, of tree size ", head.tree_size(), ", is cosigned by ",
      CosignerNames(at_head.cosigners, "no witness of the policy"),
      ", and the server has no older witnessed one that meets it. Nothing was written. The "
      "witnesses may be down or may have refused the log: ask their operators, and try again "
      "once `ledgerctl audit --policy` passes"));
}

}  // namespace besluitlog::tools
