// AdminService: operations on the server itself (backups), admin only.
//
// Thread-safe; the log and the authenticator must outlive the service.
#ifndef BESLUITLOG_SERVICES_ADMIN_SERVICE_H_
#define BESLUITLOG_SERVICES_ADMIN_SERVICE_H_

#include <string>
#include <vector>

#include "besluitlog/v1/admin.grpc.pb.h"
#include "ledger/event_log.h"
#include "services/authenticator.h"

namespace besluitlog::services {

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  // `files_to_back_up` (the signing key, the identities) are copied into
  // every backup beside the log.
  AdminServiceImpl(const ledger::EventLog* log, const Authenticator* auth,
                   std::vector<std::string> files_to_back_up)
      : log_(log), auth_(auth), files_to_back_up_(std::move(files_to_back_up)) {}

  grpc::Status Backup(grpc::ServerContext* context, const v1::BackupRequest* request,
                      v1::BackupResponse* response) override;

 private:
  const ledger::EventLog* const log_;
  const Authenticator* const auth_;
  const std::vector<std::string> files_to_back_up_;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_ADMIN_SERVICE_H_
