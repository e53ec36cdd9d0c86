#include "services/audit_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/signed_note.h"
#include "ledger/core/status_macros.h"
#include "services/grpc_status.h"

namespace besluitlog::services {

absl::Status AuditServiceImpl::SignedCheckpoint(uint64_t size, std::string root,
                                                v1::Checkpoint* checkpoint) const {
  // A signature vouches for the tree; a server that knows its stored data
  // no longer matches its hashes must not vouch for any of it.
  if (const std::optional<ledger::EventLog::Damage> damage = log_->damage()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the server signs no checkpoints while its stored data is damaged: ", damage->found_by,
        " found at position ", damage->position, ": ", damage->problem,
        ". Run `ledgerctl verify` and restore the data dir from a backup"));
  }
  checkpoint->set_tree_size(size);
  checkpoint->set_root_hash(std::move(root));
  *checkpoint->mutable_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(clock_->Now()));
  RETURN_IF_ERROR(signer_->Sign(checkpoint));
  // The same head as a C2SP tlog-checkpoint: the note re-expresses the
  // tree head, the tree itself is unchanged.
  ASSIGN_OR_RETURN(std::string note,
                   ledger::core::SignCheckpointNote(*signer_, origin_, checkpoint->tree_size(),
                                                    checkpoint->root_hash()));
  checkpoint->set_note(std::move(note));
  checkpoint->set_log_verifier_key(ledger::core::FormatVerifierKey(
      ledger::core::MakeVerifierKey(origin_, ledger::core::kNoteEd25519, signer_->public_key())));
  return absl::OkStatus();
}

absl::Status AuditServiceImpl::HeadCheckpoint(v1::Checkpoint* checkpoint) const {
  // Size and root come from one head, so they always belong together.
  const v1::Head head = log_->GetHead();
  RETURN_IF_ERROR(SignedCheckpoint(head.position(), head.tree_root(), checkpoint));
  if (witnesses_ == nullptr) return absl::OkStatus();
  const WitnessCollector::View view = witnesses_->view();
  if (view.cosigned_size == head.position() && !view.cosigned_note.empty()) {
    checkpoint->set_note(view.cosigned_note);  // Same bytes, plus cosignatures.
  }
  checkpoint->set_witnessed_note(view.witnessed_note);
  checkpoint->set_witness_policy(static_cast<uint32_t>(witnesses_->policy()));
  return absl::OkStatus();
}

absl::Status AuditServiceImpl::Inclusion(uint64_t position, uint64_t tree_size,
                                         v1::InclusionProof* proof) const {
  if (tree_size == 0) tree_size = log_->GetHead().position();
  if (position == 0 || position > tree_size) {
    return absl::OutOfRangeError(
        absl::StrCat("position ", position, " is not in a tree of ", tree_size, " events"));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> hashes, log_->InclusionProof(position - 1, tree_size));
  proof->set_leaf_index(position - 1);
  proof->set_tree_size(tree_size);
  for (std::string& hash : hashes) proof->add_hashes(std::move(hash));
  return absl::OkStatus();
}

grpc::Status AuditServiceImpl::GetCheckpoint(grpc::ServerContext* context,
                                             const v1::GetCheckpointRequest* /*request*/,
                                             v1::Checkpoint* response) {
  if (grpc::Status denied = auth_->Check(*context, kAuditRoles, "audit"); !denied.ok()) {
    return denied;
  }
  return ToGrpcStatus(HeadCheckpoint(response));
}

grpc::Status AuditServiceImpl::CollectCosignatures(grpc::ServerContext* context,
                                                   const v1::CollectCosignaturesRequest*,
                                                   v1::Checkpoint* response) {
  if (grpc::Status denied = auth_->Check(*context, kAuditRoles, "audit"); !denied.ok()) {
    return denied;
  }
  if (witnesses_ == nullptr) {
    return ToGrpcStatus(absl::FailedPreconditionError(
        "this server has no witnesses configured (besluitlogd --witness, --witness_policy)"));
  }
  witnesses_->CollectNow();
  return ToGrpcStatus(HeadCheckpoint(response));
}

grpc::Status AuditServiceImpl::GetInclusionProof(grpc::ServerContext* context,
                                                 const v1::GetInclusionProofRequest* request,
                                                 v1::InclusionProof* response) {
  if (grpc::Status denied = auth_->Check(*context, kAuditRoles, "audit"); !denied.ok()) {
    return denied;
  }
  return ToGrpcStatus(Inclusion(request->position(), request->tree_size(), response));
}

grpc::Status AuditServiceImpl::GetInclusionProofs(grpc::ServerContext* context,
                                                  const v1::GetInclusionProofsRequest* request,
                                                  v1::InclusionProofs* response) {
  if (grpc::Status denied = auth_->Check(*context, kAuditRoles, "audit"); !denied.ok()) {
    return denied;
  }
  if (request->positions_size() > 10000) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "at most 10,000 proofs per call");
  }
  const uint64_t size =
      request->tree_size() == 0 ? log_->GetHead().position() : request->tree_size();
  std::vector<uint64_t> leaves;
  for (uint64_t position : request->positions()) {
    if (position == 0 || position > size) {
      return ToGrpcStatus(absl::OutOfRangeError(
          absl::StrCat("position ", position, " is not in a tree of ", size, " events")));
    }
    leaves.push_back(position - 1);
  }
  absl::StatusOr<ledger::EventLog::ProofBatch> batch = log_->InclusionProofs(leaves, size);
  if (!batch.ok()) return ToGrpcStatus(batch.status());
  for (size_t i = 0; i < leaves.size(); ++i) {
    v1::InclusionProof* proof = response->add_proofs();
    proof->set_leaf_index(leaves[i]);
    proof->set_tree_size(size);
    if (request->shared_nodes()) {
      proof->mutable_node_refs()->Add(batch->paths[i].begin(), batch->paths[i].end());
    } else {
      for (uint32_t node : batch->paths[i]) proof->add_hashes(batch->nodes[node]);
    }
  }
  if (request->shared_nodes()) {
    for (std::string& node : batch->nodes) response->add_nodes(std::move(node));
  }
  return grpc::Status::OK;
}

grpc::Status AuditServiceImpl::GetConsistencyProof(grpc::ServerContext* context,
                                                   const v1::GetConsistencyProofRequest* request,
                                                   v1::ConsistencyProof* response) {
  if (grpc::Status denied = auth_->Check(*context, kAuditRoles, "audit"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<std::vector<std::string>> hashes =
      log_->ConsistencyProof(request->old_size(), request->new_size());
  if (!hashes.ok()) return ToGrpcStatus(hashes.status());
  response->set_old_size(request->old_size());
  response->set_new_size(request->new_size());
  for (std::string& hash : *hashes) response->add_hashes(std::move(hash));
  return grpc::Status::OK;
}

grpc::Status AuditServiceImpl::GetEventWithProof(grpc::ServerContext* context,
                                                 const v1::GetEventWithProofRequest* request,
                                                 v1::EventWithProof* response) {
  if (grpc::Status denied = auth_->Check(*context, kAuditRoles, "audit"); !denied.ok()) {
    return denied;
  }
  const uint64_t size =
      request->tree_size() == 0 ? log_->GetHead().position() : request->tree_size();
  absl::Status status = Inclusion(request->position(), size, response->mutable_proof());
  if (status.ok()) {
    absl::StatusOr<v1::Event> event = log_->ReadEvent(request->position());
    status = event.status();
    if (event.ok()) *response->mutable_event() = *std::move(event);
  }
  if (status.ok()) {
    absl::StatusOr<std::string> root = log_->TreeRoot(size);
    status = root.ok() ? SignedCheckpoint(size, *std::move(root), response->mutable_checkpoint())
                       : root.status();
  }
  return ToGrpcStatus(status);
}

}  // namespace besluitlog::services
