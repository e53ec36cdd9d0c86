// Generates a realistic multi-year governance history straight into an
// EventLog, for benchmarks and property tests: 3 regions, 14 municipalities,
// 6 combinaties; a monthly ORO, quarterly contract talks per combinatie, a
// few SBO and Stuurgroep meetings a year; votes, ties escalated from the ORO
// to the SBO, ratifications by every College around the year end, working
// groups and zienswijzen. Members often change their vote before the
// decision (1 to 3 votes each; the last counts). Events are written as governance events in their
// streams, as the command handler would, but without its checks, so that a
// million events take seconds. Deterministic for a given seed.
#ifndef BESLUITLOG_BENCH_HISTORY_GENERATOR_H_
#define BESLUITLOG_BENCH_HISTORY_GENERATOR_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "ledger/event_log.h"

namespace besluitlog::bench {

struct HistoryOptions {
  uint64_t target_events = 1000000;  // Stops after the year that reaches it.
  int items_per_oro_meeting = 80;
  uint32_t seed = 1;
  int first_year = 2023;
};

struct HistoryStats {
  uint64_t events = 0;
  int years = 0;
  int meetings = 0;
  int proposals = 0;
};

[[nodiscard]] absl::StatusOr<HistoryStats> GenerateHistory(ledger::EventLog* log,
                                                           const HistoryOptions& options);

}  // namespace besluitlog::bench

#endif  // BESLUITLOG_BENCH_HISTORY_GENERATOR_H_
