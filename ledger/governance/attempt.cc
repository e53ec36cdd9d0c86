#include "ledger/governance/attempt.h"

#include "absl/strings/str_cat.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::ledger::governance {

Attempt::~Attempt() {
  Release();
  for (const auto& [kind, stream] : pinned_) {
    switch (kind) {
      case StreamKind::kBody:
        cache_.UnpinBody(stream);
        break;
      case StreamKind::kMeeting:
        cache_.UnpinMeeting(stream);
        break;
      case StreamKind::kProposal:
        cache_.UnpinProposal(stream);
        break;
    }
  }
}

absl::StatusOr<BodyState*> Attempt::Body(const std::string& id) {
  const std::string stream = core::BodyStream(id);
  if (auto it = bodies_.find(stream); it != bodies_.end()) return it->second;
  pinned_.emplace_back(StreamKind::kBody, stream);
  return Load(cache_.PinBody(stream), bodies_, stream, exclusive_.count(stream) > 0);
}

absl::StatusOr<MeetingState*> Attempt::Meeting(const std::string& id) {
  const std::string stream = core::MeetingStream(id);
  if (auto it = meetings_.find(stream); it != meetings_.end()) return it->second;
  pinned_.emplace_back(StreamKind::kMeeting, stream);
  return Load(cache_.PinMeeting(stream), meetings_, stream, /*exclusive=*/true);
}

absl::StatusOr<ProposalState*> Attempt::Proposal(const std::string& id) {
  const std::string stream = core::ProposalStream(id);
  if (auto it = proposals_.find(stream); it != proposals_.end()) return it->second;
  pinned_.emplace_back(StreamKind::kProposal, stream);
  return Load(cache_.PinProposal(stream), proposals_, stream, /*exclusive=*/true);
}

void Attempt::Emit(const std::string& stream, v1::GovernanceEvent event) {
  emitted_.emplace_back(stream, std::move(event));
}

std::set<std::string> Attempt::written() const {
  std::set<std::string> streams;
  for (const auto& [stream, event] : emitted_) streams.insert(stream);
  return streams;
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
      append.mutable_expected_version()->set_version(held_.at(stream).version);
    }
    *appends[it->second].add_events() = core::EncodeGovernanceEvent(event, actor);
  }
  return appends;
}

bool Attempt::Take(absl::Mutex* mu, bool exclusive) {
  if (held_.empty()) {
    exclusive ? mu->Lock() : mu->ReaderLock();
    return true;
  }
  if (exclusive ? mu->TryLock() : mu->ReaderTryLock()) return true;
  blocked_.mu = mu;
  blocked_.exclusive = exclusive;
  return false;
}

absl::Status Attempt::Blocked(const std::string& stream) const {
  // Never reaches a caller: the command is decided again (see the header).
  return absl::AbortedError(absl::StrCat("another command holds ", stream, "; deciding again"));
}

template <typename State>
absl::StatusOr<State*> Attempt::Load(CachedStream<State>* entry,
                                     std::map<std::string, State*>& states,
                                     const std::string& stream, bool exclusive) {
  if (auto it = states.find(stream); it != states.end()) return it->second;
  absl::Mutex* mu = &entry->mu;
  if (exclusive) {
    if (!Take(mu, true)) return Blocked(stream);
    if (absl::Status caught_up = cache_.CatchUp(stream, entry); !caught_up.ok()) {
      mu->Unlock();
      return caught_up;
    }
  } else {
    // Shared, once the entry holds all the log has; catching up needs it
    // exclusively for a moment.
    while (true) {
      if (!Take(mu, false)) return Blocked(stream);
      absl::StatusOr<bool> behind = cache_.Behind(stream, *entry);
      if (behind.ok() && !*behind) break;
      mu->ReaderUnlock();
      if (!behind.ok()) return behind.status();
      if (!Take(mu, true)) return Blocked(stream);
      const absl::Status caught_up = cache_.CatchUp(stream, entry);
      mu->Unlock();
      RETURN_IF_ERROR(caught_up);
    }
  }
  held_[stream] = Held{mu, exclusive, entry->state.version, &entry->state.version, &entry->loaded};
  states[stream] = &entry->state;
  return &entry->state;
}

absl::Status Attempt::LockWritten() {
  for (const std::string& stream : written()) {
    Held& held = held_.at(stream);
    if (held.exclusive) continue;
    held.mu->ReaderUnlock();
    if (!held.mu->TryLock()) {
      blocked_.mu = held.mu;
      blocked_.exclusive = true;
      held_.erase(stream);
      return Blocked(stream);
    }
    held.exclusive = true;
    if (*held.current != held.version) {
      return absl::AbortedError(absl::StrCat(stream, " changed since it was read"));
    }
  }
  return absl::OkStatus();
}

void Attempt::Commit(const std::vector<v1::AppendResult>& results) {
  for (const auto& [stream, event] : emitted_) {
    if (auto it = bodies_.find(stream); it != bodies_.end()) {
      it->second->Apply(event);
      ++it->second->version;
    } else if (auto it = meetings_.find(stream); it != meetings_.end()) {
      it->second->Apply(event);
      ++it->second->version;
    } else if (auto it = proposals_.find(stream); it != proposals_.end()) {
      it->second->Apply(event);
      ++it->second->version;
    }
  }
  // Each stream written now stands at the version the log gave its last
  // event; should it not (it cannot, with exact expected versions), the
  // entry is read again from the log on next use instead of trusted.
  for (const v1::AppendResult& result : results) {
    auto it = held_.find(result.stream_id());
    if (it == held_.end()) continue;
    if (result.duplicate() || *it->second.current != result.last_version()) {
      *it->second.loaded = false;
      if (auto b = bodies_.find(result.stream_id()); b != bodies_.end()) *b->second = BodyState();
      if (auto m = meetings_.find(result.stream_id()); m != meetings_.end()) {
        *m->second = MeetingState();
      }
      if (auto p = proposals_.find(result.stream_id()); p != proposals_.end()) {
        *p->second = ProposalState();
      }
    }
  }
}

void Attempt::Release() {
  for (auto& [stream, held] : held_) {
    held.exclusive ? held.mu->Unlock() : held.mu->ReaderUnlock();
  }
  held_.clear();
  bodies_.clear();
  meetings_.clear();
  proposals_.clear();
}

void Attempt::AwaitBlocked() {
  if (blocked_.mu == nullptr) return;
  if (blocked_.exclusive) {
    blocked_.mu->Lock();
    blocked_.mu->Unlock();
  } else {
    blocked_.mu->ReaderLock();
    blocked_.mu->ReaderUnlock();
  }
}

}  // namespace besluitlog::ledger::governance
