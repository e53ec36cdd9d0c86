// AuditService: signed checkpoints of the Merkle tree over the log, and the
// proofs an auditor needs to check them. While the log reports damage
// (EventLog::damage), no checkpoint is signed: FAILED_PRECONDITION naming it.
// Every checkpoint also carries its C2SP signed-note form (Checkpoint.note,
// ledger/core/signed_note.h) under the log's origin; with witnesses
// (services/witness_collector.h) GetCheckpoint adds their cosignatures and
// the newest checkpoint that meets the witness policy.
// Thread-safe.
#ifndef BESLUITLOG_SERVICES_AUDIT_SERVICE_H_
#define BESLUITLOG_SERVICES_AUDIT_SERVICE_H_

#include <string>

#include "besluitlog/v1/audit.grpc.pb.h"
#include "ledger/clock.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/event_log.h"
#include "services/authenticator.h"
#include "services/witness_collector.h"

namespace besluitlog::services {

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  // All must outlive the service; `witnesses` may be null (none set up).
  AuditServiceImpl(const ledger::EventLog* log, const ledger::core::CheckpointSigner* signer,
                   const ledger::Clock* clock, const Authenticator* auth,
                   std::string origin = kDefaultOrigin, WitnessCollector* witnesses = nullptr)
      : log_(log),
        signer_(signer),
        clock_(clock),
        auth_(auth),
        origin_(std::move(origin)),
        witnesses_(witnesses) {}

  // The checkpoints' origin line when none is configured (besluitlogd --origin).
  static constexpr char kDefaultOrigin[] = "besluitlog.localhost/ledger";

  grpc::Status GetCheckpoint(grpc::ServerContext* context, const v1::GetCheckpointRequest* request,
                             v1::Checkpoint* response) override;
  grpc::Status CollectCosignatures(grpc::ServerContext* context,
                                   const v1::CollectCosignaturesRequest* request,
                                   v1::Checkpoint* response) override;
  grpc::Status GetInclusionProof(grpc::ServerContext* context,
                                 const v1::GetInclusionProofRequest* request,
                                 v1::InclusionProof* response) override;
  grpc::Status GetConsistencyProof(grpc::ServerContext* context,
                                   const v1::GetConsistencyProofRequest* request,
                                   v1::ConsistencyProof* response) override;
  grpc::Status GetInclusionProofs(grpc::ServerContext* context,
                                  const v1::GetInclusionProofsRequest* request,
                                  v1::InclusionProofs* response) override;
  grpc::Status GetEventWithProof(grpc::ServerContext* context,
                                 const v1::GetEventWithProofRequest* request,
                                 v1::EventWithProof* response) override;

 private:
  // Fills in `checkpoint` for the tree of `size` events with `root`, stamps
  // it with the clock and signs it.
  absl::Status SignedCheckpoint(uint64_t size, std::string root, v1::Checkpoint* checkpoint) const;
  // The head's checkpoint, with what the witnesses cosigned.
  absl::Status HeadCheckpoint(v1::Checkpoint* checkpoint) const;
  absl::Status Inclusion(uint64_t position, uint64_t tree_size, v1::InclusionProof* proof) const;

  const ledger::EventLog* const log_;
  const ledger::core::CheckpointSigner* const signer_;
  const ledger::Clock* const clock_;
  const Authenticator* const auth_;
  const std::string origin_;
  WitnessCollector* const witnesses_;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_AUDIT_SERVICE_H_
