#include "tools/export_trail.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ledger/core/status_macros.h"
#include "tools/grpc_status.h"
#include "tools/prefetching_reader.h"

namespace besluitlog::tools {

absl::Status ExportTrail(v1::LedgerService::Stub& ledger, v1::AuditService::Stub& audit,
                         const TrailFilter& filter, bool progress, ExportWriter& writer) {
  const bool complete = filter.body.empty() && filter.types.empty() && filter.actor.empty() &&
                        filter.from_date.empty() && filter.to_date.empty();
  // The trail ends where the checkpoint does, so that it can be verified.
  v1::Checkpoint checkpoint;
  {
    grpc::ClientContext context;
    RETURN_IF_ERROR(
        FromGrpcStatus(audit.GetCheckpoint(&context, v1::GetCheckpointRequest(), &checkpoint)));
  }
  const uint64_t last = checkpoint.tree_size();
  if (writer.NeedsFirstPass()) {
    PrefetchingReader first_pass(&ledger, 1, last);
    while (true) {
      ASSIGN_OR_RETURN(std::unique_ptr<v1::ReadAllResponse> page, first_pass.Next());
      if (page == nullptr) break;
      for (const v1::Event& event : page->events()) {
        if (event.global_position() <= last) writer.FirstPass(event);
      }
    }
  }
  RETURN_IF_ERROR(writer.Begin(checkpoint, complete));
  const absl::Time start = absl::Now();
  ActDescriber describer;
  uint64_t exported = 0;
  // Without a filter, writers that do not show rows need no description.
  const bool describe = !complete || writer.NeedsRows();
  PrefetchingReader reader(&ledger, 1, last);
  while (true) {
    TrailPage page;
    ASSIGN_OR_RETURN(page.events, reader.Next());
    if (page.events == nullptr) break;
    for (const v1::Event& event : page.events->events()) {
      if (event.global_position() > last) break;
      ActRow row = describe ? describer.Describe(event) : ActRow();
      if (!filter.Matches(row)) continue;
      page.selected.push_back(&event);
      page.rows.push_back(std::move(row));
    }
    exported += page.rows.size();
    const uint64_t done = std::min<uint64_t>(page.events->next_position() - 1, last);
    RETURN_IF_ERROR(writer.Write(std::move(page)));
    if (progress) {
      const double rate = done / std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
      std::fprintf(stderr, "\rexported %llu acts, %llu/%llu events read, %.0f events/s ",
                   static_cast<unsigned long long>(exported), static_cast<unsigned long long>(done),
                   static_cast<unsigned long long>(last), rate);
    }
  }
  // JSONL's last proofs are written here, before the progress line ends.
  RETURN_IF_ERROR(writer.End());
  if (progress) std::fprintf(stderr, "\n");
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
