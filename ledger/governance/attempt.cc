#include "ledger/governance/attempt.h"

#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::ledger::governance {

absl::StatusOr<BodyState*> Attempt::Body(const std::string& id) {
  return Load(bodies_, core::BodyStream(id));
}

absl::StatusOr<MeetingState*> Attempt::Meeting(const std::string& id) {
  return Load(meetings_, core::MeetingStream(id));
}

absl::StatusOr<ProposalState*> Attempt::Proposal(const std::string& id) {
  return Load(proposals_, core::ProposalStream(id));
}

void Attempt::Emit(const std::string& stream, v1::GovernanceEvent event) {
  emitted_.emplace_back(stream, std::move(event));
}

std::vector<v1::StreamAppend> Attempt::Appends(const std::string& actor) const {
  std::vector<v1::StreamAppend> appends;
  std::map<std::string, size_t> index;
  for (const auto& [stream, event] : emitted_) {
    auto [it, added] = index.emplace(stream, appends.size());
    if (added) {
      v1::StreamAppend& append = appends.emplace_back();
      append.set_stream_id(stream);
      append.mutable_expected_version()->set_kind(v1::ExpectedVersion::EXACT);
      append.mutable_expected_version()->set_version(versions_.at(stream));
    }
    *appends[it->second].add_events() = core::EncodeGovernanceEvent(event, actor);
  }
  return appends;
}

template <typename State>
absl::StatusOr<State*> Attempt::Load(std::map<std::string, State>& cache,
                                     const std::string& stream) {
  if (auto it = cache.find(stream); it != cache.end()) return &it->second;
  State state;
  uint64_t from = 1;
  while (true) {
    ASSIGN_OR_RETURN(StreamPage page,
                     log_.ReadStream(stream, from, /*backward=*/false, EventLog::kMaxPageSize));
    for (const v1::Event& envelope : page.events) {
      ASSIGN_OR_RETURN(v1::GovernanceEvent event, core::DecodeGovernanceEvent(envelope));
      state.Apply(event);
    }
    state.version = page.stream_version;
    if (page.end_of_stream) break;
    from = page.next_version;
  }
  versions_[stream] = state.version;
  return &cache.emplace(stream, std::move(state)).first->second;
}

}  // namespace besluitlog::ledger::governance
