// Attempt: one attempt at deciding a governance command. It loads the state
// of each body, meeting or proposal stream on first use (by replaying the
// stream's events), remembers the stream version it read, and collects the
// events the command decides on. Appends() turns them into one
// StreamAppend per stream written, each expecting exactly the version read,
// so the command lands only on the state it was decided on.
//
// Invariant: every stream an event is emitted for has been loaded first
// (the rules always look at a stream before writing to it).
//
// Thread-compatible: one attempt is used by one thread; the EventLog it
// reads must outlive it.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_ATTEMPT_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_ATTEMPT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/event_log.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {

class Attempt {
 public:
  explicit Attempt(const EventLog& log) : log_(log) {}

  Attempt(const Attempt&) = delete;
  Attempt& operator=(const Attempt&) = delete;

  // The state of a stream, whether or not it exists yet (exists() says);
  // loaded once per attempt. The pointers stay valid for the attempt.
  [[nodiscard]] absl::StatusOr<BodyState*> Body(const std::string& id);
  [[nodiscard]] absl::StatusOr<MeetingState*> Meeting(const std::string& id);
  [[nodiscard]] absl::StatusOr<ProposalState*> Proposal(const std::string& id);

  // Records `event` for `stream`, which must have been loaded.
  void Emit(const std::string& stream, v1::GovernanceEvent event);

  // The events emitted, in order, with their streams.
  const std::vector<std::pair<std::string, v1::GovernanceEvent>>& emitted() const {
    return emitted_;
  }

  // One StreamAppend per stream written, in the order the streams were
  // first written, expecting the version read; events keep their order.
  std::vector<v1::StreamAppend> Appends(const std::string& actor) const;

 private:
  template <typename State>
  absl::StatusOr<State*> Load(std::map<std::string, State>& cache, const std::string& stream);

  const EventLog& log_;
  std::map<std::string, BodyState> bodies_;
  std::map<std::string, MeetingState> meetings_;
  std::map<std::string, ProposalState> proposals_;
  std::map<std::string, uint64_t> versions_;
  std::vector<std::pair<std::string, v1::GovernanceEvent>> emitted_;
};

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_ATTEMPT_H_
