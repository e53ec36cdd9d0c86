#include "tools/export_trail.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "tools/grpc_status.h"
#include "tools/prefetching_reader.h"

namespace besluitlog::tools {

absl::Status ExportTrail(v1::LedgerService::Stub& ledger, v1::AuditService::Stub& audit,
                         const TrailFilter& filter, Progress* progress, ExportWriter& writer,
                         ExportSummary* summary, const v1::Checkpoint* up_to) {
  ExportSummary unused;
  if (summary == nullptr) summary = &unused;
  const bool complete = filter.body.empty() && filter.types.empty() && filter.actor.empty() &&
                        filter.from_date.empty() && filter.to_date.empty();
  // The trail ends where the checkpoint does, so that it can be verified.
  v1::Checkpoint checkpoint;
  if (up_to != nullptr) {
    checkpoint = *up_to;
  } else {
    grpc::ClientContext context;
    RETURN_IF_ERROR(
        FromGrpcStatus(audit.GetCheckpoint(&context, v1::GetCheckpointRequest(), &checkpoint)));
  }
  const uint64_t last = checkpoint.tree_size();
  *summary = ExportSummary{last, 0};
  if (progress != nullptr) progress->set_total(writer.NeedsFirstPass() ? 2 * last : last);
  if (writer.NeedsFirstPass()) {
    PrefetchingReader first_pass(&ledger, 1, last);
    while (true) {
      ASSIGN_OR_RETURN(std::unique_ptr<v1::ReadAllResponse> page, first_pass.Next());
      if (page == nullptr) break;
      for (const v1::Event& event : page->events()) {
        if (event.global_position() <= last) writer.FirstPass(event);
      }
      if (progress != nullptr) {
        progress->Update(std::min<uint64_t>(page->next_position() - 1, last));
      }
      // Parsed into again: nothing of a first-pass page outlives it, so its
      // reuse saves the allocations without fragmenting the heap.
      first_pass.Recycler()(std::move(page));
    }
  }
  RETURN_IF_ERROR(writer.Begin(checkpoint, complete));
  // A first pass read the trail once already.
  const uint64_t done_before = writer.NeedsFirstPass() ? last : 0;
  ActDescriber describer;
  // Without a filter, writers that do not show rows need no description.
  const bool describe = !complete || writer.NeedsRows();
  PrefetchingReader reader(&ledger, 1, last);
  // A page's vectors, kept for the pages after it: freeing 80 KB or more
  // per page made glibc's allocator consolidate every small block freed
  // since, a tenth of the export's time. (Reusing the events themselves,
  // parsed into again, fragmented the heap instead: Popolo's votes then
  // spent 40 % of its time in malloc.)
  struct PageMemory {
    absl::Mutex mutex;
    std::vector<std::vector<const v1::Event*>> selected ABSL_GUARDED_BY(mutex);
    std::vector<std::vector<ActRow>> rows ABSL_GUARDED_BY(mutex);
  };
  auto memory = std::make_shared<PageMemory>();
  auto recycle = [memory](TrailPage& page) {
    page.selected.clear();
    page.rows.clear();
    constexpr size_t kKept = 2;  // As many as pages are alive at a time.
    absl::MutexLock lock(&memory->mutex);
    if (memory->selected.size() < kKept) memory->selected.push_back(std::move(page.selected));
    if (memory->rows.size() < kKept) memory->rows.push_back(std::move(page.rows));
  };
  while (true) {
    TrailPage page;
    ASSIGN_OR_RETURN(page.events, reader.Next());
    if (page.events == nullptr) break;
    {
      absl::MutexLock lock(&memory->mutex);
      if (!memory->selected.empty()) {
        page.selected = std::move(memory->selected.back());
        memory->selected.pop_back();
      }
      if (!memory->rows.empty()) {
        page.rows = std::move(memory->rows.back());
        memory->rows.pop_back();
      }
    }
    page.recycle = recycle;
    page.selected.reserve(page.events->events_size());
    if (describe) {
      // Rows are large (a score of strings): grown one by one they were
      // moved a dozen times per page.
      page.rows.reserve(page.events->events_size());
      for (const v1::Event& event : page.events->events()) {
        if (event.global_position() > last) break;
        ActRow row = describer.Describe(event);
        if (!filter.Matches(row)) continue;
        page.selected.push_back(&event);
        page.rows.push_back(std::move(row));
      }
    } else {
      // No filter and no rows wanted: every event, without a row each.
      for (const v1::Event& event : page.events->events()) {
        if (event.global_position() > last) break;
        page.selected.push_back(&event);
      }
    }
    summary->acts += page.selected.size();
    const uint64_t done = std::min<uint64_t>(page.events->next_position() - 1, last);
    RETURN_IF_ERROR(writer.Write(std::move(page)));
    if (progress != nullptr) progress->Update(done_before + done);
  }
  // JSONL's last proofs are written here.
  return writer.End();
}

absl::StatusOr<std::string> ResolveBody(v1::LedgerService::Stub& ledger, const std::string& given) {
  // Id -> name, in the order established.
  std::vector<std::pair<std::string, std::string>> bodies;
  v1::ReadAllRequest request;
  request.mutable_filter()->add_stream_prefixes(ledger::core::BodyStream(""));
  request.set_from_position(1);
  while (true) {
    v1::ReadAllResponse page;
    grpc::ClientContext context;
    RETURN_IF_ERROR(FromGrpcStatus(ledger.ReadAll(&context, request, &page)));
    for (const v1::Event& event : page.events()) {
      absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
      if (!act.ok()) continue;
      std::string id, name;
      if (act->has_body_established()) {
        id = act->body_established().body_id();
        name = act->body_established().config().name();
      } else if (act->has_body_changed()) {
        id = act->body_changed().body_id();
        name = act->body_changed().config().name();
      } else if (act->has_working_group_established()) {
        id = act->working_group_established().body_id();
        name = act->working_group_established().name();
      } else {
        continue;
      }
      auto known = std::find_if(bodies.begin(), bodies.end(),
                                [&](const auto& body) { return body.first == id; });
      if (known == bodies.end()) {
        bodies.emplace_back(id, name);
      } else if (!name.empty()) {
        known->second = name;
      }
    }
    if (page.events().empty() || page.next_position() > page.head_position()) break;
    request.set_from_position(page.next_position());
  }
  for (const auto& [id, name] : bodies) {
    if (absl::EqualsIgnoreCase(id, given) || absl::EqualsIgnoreCase(name, given)) return id;
  }
  std::vector<std::string> known;
  for (const auto& [id, name] : bodies) {
    known.push_back(name.empty() || name == id ? id : absl::StrCat(id, " (", name, ")"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--body \"", given, "\" names no body of this ledger; the known bodies are: ",
                   known.empty() ? "none" : absl::StrJoin(known, ", ")));
}

}  // namespace besluitlog::tools
