#include "tools/auditor.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/status_macros.h"
#include "tools/grpc_status.h"

namespace besluitlog::tools {
namespace {

template <typename Response, typename Request, typename Call>
absl::StatusOr<Response> Ask(const Request& request, Call call) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  Response response;
  RETURN_IF_ERROR(FromGrpcStatus(call(&context, request, &response)));
  return response;
}

std::vector<std::string> Hashes(const google::protobuf::RepeatedPtrField<std::string>& hashes) {
  return std::vector<std::string>(hashes.begin(), hashes.end());
}

}  // namespace

absl::StatusOr<v1::Checkpoint> GrpcAuditSource::GetCheckpoint() {
  return Ask<v1::Checkpoint>(v1::GetCheckpointRequest(), [&](auto* c, auto& r, auto* o) {
    return stub_->GetCheckpoint(c, r, o);
  });
}

absl::StatusOr<v1::ConsistencyProof> GrpcAuditSource::GetConsistencyProof(uint64_t old_size,
                                                                          uint64_t new_size) {
  v1::GetConsistencyProofRequest request;
  request.set_old_size(old_size);
  request.set_new_size(new_size);
  return Ask<v1::ConsistencyProof>(
      request, [&](auto* c, auto& r, auto* o) { return stub_->GetConsistencyProof(c, r, o); });
}

absl::StatusOr<v1::EventWithProof> GrpcAuditSource::GetEventWithProof(uint64_t position,
                                                                      uint64_t tree_size) {
  v1::GetEventWithProofRequest request;
  request.set_position(position);
  request.set_tree_size(tree_size);
  return Ask<v1::EventWithProof>(
      request, [&](auto* c, auto& r, auto* o) { return stub_->GetEventWithProof(c, r, o); });
}

absl::StatusOr<v1::Checkpoint> Audit(AuditSource& source, const AuditRequest& request) {
  ASSIGN_OR_RETURN(v1::Checkpoint checkpoint, source.GetCheckpoint());
  // The signature first: a key is worth pinning only if it really signed.
  RETURN_IF_ERROR(ledger::core::VerifyCheckpointSignature(checkpoint));
  RETURN_IF_ERROR(request.signers.Check(checkpoint.public_key()));

  std::optional<v1::Checkpoint> last = request.trusted;
  if (!last.has_value() && request.recall) {
    ASSIGN_OR_RETURN(last, request.recall(checkpoint.public_key()));
  }
  if (last.has_value() && last->tree_size() > 0) {
    const v1::Checkpoint& trusted = *last;
    if (checkpoint.tree_size() < trusted.tree_size()) {
      return absl::DataLossError(absl::StrCat("the log shrank from ", trusted.tree_size(), " to ",
                                              checkpoint.tree_size(), " events: it was truncated"));
    }
    std::vector<std::string> proof;
    if (checkpoint.tree_size() > trusted.tree_size()) {
      ASSIGN_OR_RETURN(v1::ConsistencyProof consistency,
                       source.GetConsistencyProof(trusted.tree_size(), checkpoint.tree_size()));
      proof = Hashes(consistency.hashes());
    }
    RETURN_IF_ERROR(
        ledger::core::VerifyMerkleConsistency(trusted.tree_size(), checkpoint.tree_size(),
                                              trusted.root_hash(), checkpoint.root_hash(), proof));
  }

  if (request.event_position.has_value()) {
    const uint64_t position = *request.event_position;
    ASSIGN_OR_RETURN(v1::EventWithProof answer,
                     source.GetEventWithProof(position, checkpoint.tree_size()));
    if (answer.event().global_position() != position ||
        answer.proof().leaf_index() != position - 1 ||
        answer.proof().tree_size() != checkpoint.tree_size()) {
      return absl::DataLossError(absl::StrCat(
          "asked for event ", position, " in the tree of ", checkpoint.tree_size(),
          " but got event ", answer.event().global_position(), " with a proof for leaf ",
          answer.proof().leaf_index(), " of ", answer.proof().tree_size()));
    }
    std::string canonical;
    if (ledger::core::ComputeEventHash(answer.event(), &canonical) != answer.event().hash()) {
      return absl::DataLossError(
          absl::StrCat("event ", position, "'s contents do not match its own hash"));
    }
    RETURN_IF_ERROR(ledger::core::VerifyMerkleInclusion(
        position - 1, checkpoint.tree_size(), ledger::core::MerkleLeafHash(canonical),
        Hashes(answer.proof().hashes()), checkpoint.root_hash()));
    if (request.proven_event != nullptr) *request.proven_event = answer.event();
  }
  return checkpoint;
}

}  // namespace besluitlog::tools
