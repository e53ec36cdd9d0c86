// Converts a gRPC status a client received into absl::Status: the client's
// side of services/grpc_status.h. Codes map one to one (both follow
// google.rpc.Code) and the message is kept. Thread-safe.
#ifndef BESLUITLOG_TOOLS_GRPC_STATUS_H_
#define BESLUITLOG_TOOLS_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace besluitlog::tools {

absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_GRPC_STATUS_H_
