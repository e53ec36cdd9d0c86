// Auditor replay: rebuilds the projections from a data dir's events up to a
// position or a calendar day, in a scratch directory, and reports the state
// then: proposals with their status, agreements in force per municipality,
// bodies with their members. Reads the log read-only; never touches it.
#ifndef BESLUITLOG_TOOLS_DATADIR_REPLAY_H_
#define BESLUITLOG_TOOLS_DATADIR_REPLAY_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "besluitlog/v1/query.pb.h"
#include "ledger/event_log.h"

namespace besluitlog::tools::datadir {

struct ReplayState {
  uint64_t position = 0;  // The last event replayed.
  std::vector<v1::ProposalView> proposals;
  std::vector<v1::AgreementsView> agreements;
  std::vector<v1::RosterView> bodies;
};

// The last position recorded on or before `day` (YYYY-MM-DD, Europe/
// Amsterdam), found by bisection over the log; recorded times follow
// position order.
[[nodiscard]] absl::StatusOr<uint64_t> LastPositionOn(const ledger::EventLog& log,
                                                      const std::string& day);

// The last position recorded at or before `time` (0: nothing was), by
// bisection as above.
[[nodiscard]] absl::StatusOr<uint64_t> LastPositionAt(const ledger::EventLog& log, absl::Time time);

// `applied` (if set) is called with the position reached after each step
// of the replay, for a progress bar.
[[nodiscard]] absl::StatusOr<ReplayState> Replay(
    const ledger::EventLog& log, uint64_t position, const std::string& scratch_dir,
    const std::function<void(uint64_t applied)>& applied = nullptr);

// The state as one JSON document.
std::string ReplayStateToJson(const ReplayState& state);

}  // namespace besluitlog::tools::datadir

#endif  // BESLUITLOG_TOOLS_DATADIR_REPLAY_H_
