// ExportTrail: streams the trail from a server into an ExportWriter — the
// events up to the server's signed checkpoint (so that the trail can be
// verified), each described as an act (ActDescriber) when the writer or
// the filter needs it, only the acts the filter keeps.
//
// Pages are read with the next one in flight (PrefetchingReader). A writer
// that needs a first pass gets the whole trail once before Begin(). Errors
// (gRPC status as absl::Status, or the writer's) end the export at once;
// what was written so far stays written. Progress, when asked for, goes to
// stderr on one line.
#ifndef BESLUITLOG_TOOLS_EXPORT_TRAIL_H_
#define BESLUITLOG_TOOLS_EXPORT_TRAIL_H_

#include "absl/status/status.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "tools/export_writer.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {

[[nodiscard]] absl::Status ExportTrail(v1::LedgerService::Stub& ledger,
                                       v1::AuditService::Stub& audit, const TrailFilter& filter,
                                       bool progress, ExportWriter& writer);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_EXPORT_TRAIL_H_
