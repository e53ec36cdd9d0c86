// Converts absl::Status to grpc::Status: the only place in the server where
// the two meet (clients convert back with tools/grpc_status.h).
// Codes map one to one (both follow google.rpc.Code). Thread-safe.
#ifndef BESLUITLOG_SERVICES_GRPC_STATUS_H_
#define BESLUITLOG_SERVICES_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace besluitlog::services {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_GRPC_STATUS_H_
