// Authenticator: who is calling, and whether their role may make this call.
//
// A caller is identified by a bearer token in the call's `authorization`
// metadata ("Bearer <token>") or, when there is none, by the common name of
// a verified TLS client certificate; both must be registered in the
// IdentityFile. No credentials, or unknown ones, give UNAUTHENTICATED; a
// known caller whose role may not make the call gets PERMISSION_DENIED.
//
// A default-constructed Authenticator trusts every call (a Caller with an
// empty name and the admin role): for servers embedded in tests and
// benchmarks only; besluitlogd always authenticates.
//
// Thread-safe; the IdentityFile must outlive it.
#ifndef BESLUITLOG_SERVICES_AUTHENTICATOR_H_
#define BESLUITLOG_SERVICES_AUTHENTICATOR_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "besluitlog/v1/event.pb.h"
#include "grpcpp/server_context.h"
#include "ledger/access_policy.h"
#include "services/identity_file.h"

namespace besluitlog::services {

using Roles = absl::Span<const ledger::Role>;
// Reads of the log and the views.
inline constexpr ledger::Role kEveryRole[] = {ledger::Role::kAdmin, ledger::Role::kSecretariaat,
                                              ledger::Role::kMember, ledger::Role::kAuditor,
                                              ledger::Role::kClient};
// Proofs, checkpoints and the exports built on them.
inline constexpr ledger::Role kAuditRoles[] = {ledger::Role::kAdmin, ledger::Role::kSecretariaat,
                                               ledger::Role::kAuditor};
// Raw events, rebuilds, backups.
inline constexpr ledger::Role kAdminRole[] = {ledger::Role::kAdmin};

class Authenticator {
 public:
  Authenticator() = default;
  explicit Authenticator(IdentityFile* identities) : identities_(identities) {}

  // The caller of `context`, if their role is one of `allowed`; `what`
  // names the call in a refusal ("append raw events").
  [[nodiscard]] absl::StatusOr<ledger::Caller> Authorize(const grpc::ServerContext& context,
                                                         Roles allowed,
                                                         absl::string_view what) const;

  // The same as a gRPC status, for handlers: OK, or the refusal to return.
  [[nodiscard]] grpc::Status Check(const grpc::ServerContext& context, Roles allowed,
                                   absl::string_view what) const;

  // Makes `caller` the actor of every event of `append` (unless this
  // authenticator trusts everyone: then the client's actor stands).
  void StampActor(const ledger::Caller& caller, v1::StreamAppend* append) const;

  // True when calls are not authenticated (see above).
  bool trusts_everyone() const { return identities_ == nullptr; }

 private:
  absl::StatusOr<ledger::Caller> Authenticate(const grpc::ServerContext& context) const;

  IdentityFile* const identities_ = nullptr;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_AUTHENTICATOR_H_
