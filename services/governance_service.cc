#include "services/governance_service.h"

#include <utility>

#include "services/grpc_status.h"

namespace besluitlog::services {

grpc::Status GovernanceServiceImpl::Execute(grpc::ServerContext* /*context*/,
                                            const v1::GovernanceCommand* command,
                                            v1::CommandResult* result) {
  absl::StatusOr<v1::CommandResult> executed = commands_->Execute(*command);
  if (!executed.ok()) return ToGrpcStatus(executed.status());
  *result = *std::move(executed);
  return grpc::Status::OK;
}

}  // namespace besluitlog::services
