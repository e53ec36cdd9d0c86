// GovernanceService: one gRPC call per governance act, handed to
// ledger::governance::GovernanceCommands, which holds every rule. Thread-safe.
#ifndef BESLUITLOG_SERVICES_GOVERNANCE_SERVICE_H_
#define BESLUITLOG_SERVICES_GOVERNANCE_SERVICE_H_

#include "besluitlog/v1/governance.grpc.pb.h"
#include "ledger/governance/governance_commands.h"
#include "services/authenticator.h"

namespace besluitlog::services {

class GovernanceServiceImpl final : public v1::GovernanceService::Service {
 public:
  GovernanceServiceImpl(ledger::governance::GovernanceCommands* commands, const Authenticator* auth)
      : commands_(commands), auth_(auth) {}

  grpc::Status Execute(grpc::ServerContext* context, const v1::GovernanceCommand* command,
                       v1::CommandResult* result) override;

 private:
  ledger::governance::GovernanceCommands* const commands_;
  const Authenticator* const auth_;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_GOVERNANCE_SERVICE_H_
