#include "services/authenticator.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/security/auth_context.h"
#include "services/grpc_status.h"

namespace besluitlog::services {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

}  // namespace

absl::StatusOr<ledger::Caller> Authenticator::Authenticate(
    const grpc::ServerContext& context) const {
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    const absl::string_view value(it->second.data(), it->second.size());
    if (!absl::StartsWith(value, kBearer)) {
      return absl::UnauthenticatedError("the authorization metadata must read \"Bearer <token>\"");
    }
    return identities_->FindToken(value.substr(kBearer.size()));
  }
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    const std::vector<grpc::string_ref> names = auth->FindPropertyValues("x509_common_name");
    if (!names.empty()) {
      return identities_->FindCertificate(absl::string_view(names[0].data(), names[0].size()));
    }
  }
  return absl::UnauthenticatedError(
      "this server needs credentials: a bearer token (ledgerctl --token_file or "
      "BESLUITLOG_TOKEN_FILE) or a registered TLS client certificate");
}

absl::StatusOr<ledger::Caller> Authenticator::Authorize(const grpc::ServerContext& context,
                                                        Roles allowed,
                                                        absl::string_view what) const {
  if (trusts_everyone()) return ledger::Caller{"", ledger::Role::kAdmin};
  absl::StatusOr<ledger::Caller> caller = Authenticate(context);
  if (!caller.ok()) return caller.status();
  if (std::find(allowed.begin(), allowed.end(), caller->role) == allowed.end()) {
    std::vector<absl::string_view> names;
    for (ledger::Role role : allowed) names.push_back(ledger::RoleName(role));
    return absl::PermissionDeniedError(
        absl::StrCat(caller->name, " (", ledger::RoleName(caller->role), ") may not ", what,
                     "; that takes the role ", absl::StrJoin(names, " or ")));
  }
  return caller;
}

void Authenticator::StampActor(const ledger::Caller& caller, v1::StreamAppend* append) const {
  if (trusts_everyone()) return;
  for (v1::ProposedEvent& event : *append->mutable_events()) event.set_actor(caller.name);
}

grpc::Status Authenticator::Check(const grpc::ServerContext& context, Roles allowed,
                                  absl::string_view what) const {
  return ToGrpcStatus(Authorize(context, allowed, what).status());
}

}  // namespace besluitlog::services
