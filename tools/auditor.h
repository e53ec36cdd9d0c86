// The auditor's side of the AuditService: everything is checked here, on
// the client, so a server that lies is caught. Audit() fetches a fresh
// checkpoint, checks its Ed25519 signature and that its key is one the
// auditor trusts (tools/trusted_keys.h: a valid signature by an unknown
// key proves nothing), checks that the last trusted checkpoint's tree is a
// prefix of the new one (RFC 9162 consistency), and optionally that one
// event is in the new tree (inclusion), recomputing the event's hash and
// leaf from its bytes.
#ifndef BESLUITLOG_TOOLS_AUDITOR_H_
#define BESLUITLOG_TOOLS_AUDITOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tools/trusted_keys.h"

namespace besluitlog::tools {

// What an auditor asks of a ledger. GrpcAuditSource asks a real server;
// tests put a lying one in its place.
class AuditSource {
 public:
  virtual ~AuditSource() = default;
  virtual absl::StatusOr<v1::Checkpoint> GetCheckpoint() = 0;
  virtual absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(uint64_t old_size,
                                                                   uint64_t new_size) = 0;
  virtual absl::StatusOr<v1::EventWithProof> GetEventWithProof(uint64_t position,
                                                               uint64_t tree_size) = 0;
};

class GrpcAuditSource final : public AuditSource {
 public:
  explicit GrpcAuditSource(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::AuditService::NewStub(std::move(channel))) {}
  absl::StatusOr<v1::Checkpoint> GetCheckpoint() override;
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(uint64_t old_size,
                                                           uint64_t new_size) override;
  absl::StatusOr<v1::EventWithProof> GetEventWithProof(uint64_t position,
                                                       uint64_t tree_size) override;

 private:
  std::unique_ptr<v1::AuditService::Stub> stub_;
};

struct AuditRequest {
  SignerTrust signers;                    // Default: nobody, so nothing passes.
  std::optional<v1::Checkpoint> trusted;  // The last checkpoint that passed.
  // When `trusted` is not given: the last checkpoint that passed for the
  // new checkpoint's (trusted) key, if any.
  std::function<absl::StatusOr<std::optional<v1::Checkpoint>>(const std::string& public_key)>
      recall;
  std::optional<uint64_t> event_position;  // Also prove this event.
  v1::Event* proven_event = nullptr;       // If given, receives the event once proven.
};

// The new checkpoint when every check passes; otherwise DATA_LOSS or
// PERMISSION_DENIED saying which check failed, or FAILED_PRECONDITION
// "unknown signer" (SignerTrust::Check) for a key the auditor never
// trusted.
[[nodiscard]] absl::StatusOr<v1::Checkpoint> Audit(AuditSource& source,
                                                   const AuditRequest& request);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_AUDITOR_H_
