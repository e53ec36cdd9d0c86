#include "services/governance_service.h"

#include <utility>

#include "services/grpc_status.h"

namespace besluitlog::services {

grpc::Status GovernanceServiceImpl::Execute(grpc::ServerContext* context,
                                            const v1::GovernanceCommand* command,
                                            v1::CommandResult* result) {
  absl::StatusOr<ledger::Caller> caller =
      auth_->Authorize(*context, kEveryRole, "record governance acts");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<v1::CommandResult> executed = auth_->trusts_everyone()
                                                   ? commands_->Execute(*command)
                                                   : commands_->ExecuteAs(*caller, *command);
  if (!executed.ok()) return ToGrpcStatus(executed.status());
  *result = *std::move(executed);
  return grpc::Status::OK;
}

}  // namespace besluitlog::services
