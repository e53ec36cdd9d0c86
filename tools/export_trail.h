// ExportTrail: streams the trail from a server into an ExportWriter — the
// events up to the server's signed checkpoint (so that the trail can be
// verified), each described as an act (ActDescriber) when the writer or
// the filter needs it, only the acts the filter keeps.
//
// Pages are read with the next one in flight (PrefetchingReader). A writer
// that needs a first pass gets the whole trail once before Begin(). Errors
// (gRPC status as absl::Status, or the writer's) end the export at once;
// what was written so far stays written. `progress`, when given, is updated
// per page with the events read. `up_to`, when given, is the signed
// checkpoint to export up to (an older one meeting a witness policy,
// witnessed_checkpoint.h) instead of the server's newest.
#ifndef BESLUITLOG_TOOLS_EXPORT_TRAIL_H_
#define BESLUITLOG_TOOLS_EXPORT_TRAIL_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "tools/export_writer.h"
#include "tools/progress.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {

// What an export read and wrote, for its closing line. ExportTrail takes
// `progress` and `summary` as null when nobody watches.
struct ExportSummary {
  uint64_t tree_size = 0;  // The checkpoint's: the events read.
  uint64_t acts = 0;       // The acts the filter kept.
};

[[nodiscard]] absl::Status ExportTrail(v1::LedgerService::Stub& ledger,
                                       v1::AuditService::Stub& audit, const TrailFilter& filter,
                                       Progress* progress, ExportWriter& writer,
                                       ExportSummary* summary,
                                       const v1::Checkpoint* up_to = nullptr);

// The id of the body `given` names: a body id or name (a body's or a
// working group's, as established or last changed), matched
// case-insensitively. INVALID_ARGUMENT listing the known bodies when none
// matches. Reads the body streams (a scan of the log on the server).
[[nodiscard]] absl::StatusOr<std::string> ResolveBody(v1::LedgerService::Stub& ledger,
                                                      const std::string& given);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_EXPORT_TRAIL_H_
