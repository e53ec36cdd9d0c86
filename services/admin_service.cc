#include "services/admin_service.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "services/grpc_status.h"

namespace besluitlog::services {

grpc::Status AdminServiceImpl::Backup(grpc::ServerContext* context,
                                      const v1::BackupRequest* request,
                                      v1::BackupResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kAdminRole, "make backups"); !denied.ok()) {
    return denied;
  }
  const std::filesystem::path directory(request->directory());
  if (!directory.is_absolute()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("the backup directory must be an absolute path on the "
                                     "server's machine, not \"",
                                     request->directory(), "\""));
  }
  absl::StatusOr<v1::Head> head = log_->Backup(directory.string());
  if (!head.ok()) return ToGrpcStatus(head.status());
  for (const std::string& file : files_to_back_up_) {
    std::error_code error;
    std::filesystem::copy_file(file, directory / std::filesystem::path(file).filename(), error);
    if (error) {
      return ToGrpcStatus(absl::UnavailableError(
          absl::StrCat("the log is backed up in ", directory.string(), " but ", file,
                       " could not be copied: ", error.message())));
    }
  }
  response->set_directory(directory.string());
  *response->mutable_head() = *std::move(head);
  return grpc::Status::OK;
}

}  // namespace besluitlog::services
