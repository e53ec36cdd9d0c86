#include "ledger/governance/aggregate_cache.h"

#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::ledger::governance {
namespace {

// Folds the events of `stream` from version state->version + 1 on into
// *state; returns how many.
template <typename State>
absl::StatusOr<uint64_t> FoldFrom(const EventLog& log, const std::string& stream, State* state) {
  uint64_t folded = 0;
  while (true) {
    ASSIGN_OR_RETURN(StreamPage page, log.ReadStream(stream, state->version + 1,
                                                     /*backward=*/false, EventLog::kMaxPageSize));
    for (const v1::Event& envelope : page.events) {
      ASSIGN_OR_RETURN(v1::GovernanceEvent event, core::DecodeGovernanceEvent(envelope));
      state->Apply(event);
      ++state->version;
      ++folded;
    }
    if (page.end_of_stream || page.events.empty()) return folded;
  }
}

}  // namespace

template <typename State>
absl::StatusOr<bool> AggregateCache::Behind(const std::string& stream,
                                            const CachedStream<State>& entry) const {
  if (!entry.loaded) return true;
  ASSIGN_OR_RETURN(StreamPage page, log_->ReadStream(stream, entry.state.version + 1,
                                                     /*backward=*/false, /*limit=*/1));
  return !page.events.empty();
}

template <typename State>
absl::Status AggregateCache::CatchUp(const std::string& stream, CachedStream<State>* entry) {
  ASSIGN_OR_RETURN(const uint64_t folded, FoldFrom(*log_, stream, &entry->state));
  entry->loaded = true;
  events_folded_.fetch_add(folded);
  return absl::OkStatus();
}

template <typename State>
absl::StatusOr<State> FoldFromScratch(const EventLog& log, const std::string& stream) {
  State state;
  RETURN_IF_ERROR(FoldFrom(log, stream, &state).status());
  return state;
}

template absl::StatusOr<bool> AggregateCache::Behind(const std::string&,
                                                     const CachedStream<BodyState>&) const;
template absl::StatusOr<bool> AggregateCache::Behind(const std::string&,
                                                     const CachedStream<MeetingState>&) const;
template absl::StatusOr<bool> AggregateCache::Behind(const std::string&,
                                                     const CachedStream<ProposalState>&) const;
template absl::Status AggregateCache::CatchUp(const std::string&, CachedStream<BodyState>*);
template absl::Status AggregateCache::CatchUp(const std::string&, CachedStream<MeetingState>*);
template absl::Status AggregateCache::CatchUp(const std::string&, CachedStream<ProposalState>*);
template absl::StatusOr<BodyState> FoldFromScratch(const EventLog&, const std::string&);
template absl::StatusOr<MeetingState> FoldFromScratch(const EventLog&, const std::string&);
template absl::StatusOr<ProposalState> FoldFromScratch(const EventLog&, const std::string&);

}  // namespace besluitlog::ledger::governance
