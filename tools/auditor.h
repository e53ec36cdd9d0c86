// The auditor's side of the AuditService: everything is checked here, on
// the client, so a server that lies is caught. Audit() fetches a fresh
// checkpoint, checks its Ed25519 signature (against a pinned key, or the
// key of the checkpoint trusted before), checks that the last trusted
// checkpoint's tree is a prefix of the new one (RFC 9162 consistency), and
// optionally that one event is in the new tree (inclusion), recomputing
// the event's hash and leaf from its bytes.
#ifndef BESLUITLOG_TOOLS_AUDITOR_H_
#define BESLUITLOG_TOOLS_AUDITOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace besluitlog::tools {

// What an auditor asks of a ledger. GrpcAuditSource asks a real server;
// tests put a lying one in its place.
class AuditSource {
 public:
  virtual ~AuditSource() = default;
  virtual absl::StatusOr<v1::Checkpoint> GetCheckpoint() = 0;
  virtual absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(
      uint64_t old_size, uint64_t new_size) = 0;
  virtual absl::StatusOr<v1::EventWithProof> GetEventWithProof(
      uint64_t position, uint64_t tree_size) = 0;
};

class GrpcAuditSource final : public AuditSource {
 public:
  explicit GrpcAuditSource(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::AuditService::NewStub(std::move(channel))) {}
  absl::StatusOr<v1::Checkpoint> GetCheckpoint() override;
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(
      uint64_t old_size, uint64_t new_size) override;
  absl::StatusOr<v1::EventWithProof> GetEventWithProof(
      uint64_t position, uint64_t tree_size) override;

 private:
  std::unique_ptr<v1::AuditService::Stub> stub_;
};

struct AuditRequest {
  std::optional<v1::Checkpoint> trusted;  // The last checkpoint that passed.
  std::optional<uint64_t> event_position;  // Also prove this event.
  std::string pinned_key;  // Raw Ed25519 key to insist on; empty: trusted's.
};

// The new checkpoint when every check passes; DATA_LOSS or
// PERMISSION_DENIED saying which check failed otherwise.
[[nodiscard]] absl::StatusOr<v1::Checkpoint> Audit(AuditSource& source,
                                                   const AuditRequest& request);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_AUDITOR_H_
