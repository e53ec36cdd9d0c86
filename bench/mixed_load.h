// MixedLoad: many clients against a running server at once — appends with
// expected versions (some deliberately stale, to make real conflicts),
// reads, queries and live subscriptions — counting every outcome.
//
// A conflict is the FAILED_PRECONDITION of a wrong expected version that a
// client provoked on purpose; anything else that is not OK is an error.
// The queries are real view queries (GetProposal, GetMeeting,
// GetAgreementsInForce) of a small meeting seeded first through the
// GovernanceService: the admin token of `client` sets up the body, and a
// secretariaat token added to `identities_file` records the meeting.
// Subscribers check that they see positions in order without gaps.
#ifndef BESLUITLOG_BENCH_MIXED_LOAD_H_
#define BESLUITLOG_BENCH_MIXED_LOAD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/client_channel.h"

namespace besluitlog::bench {

struct MixedLoadOptions {
  int clients = 64;  // Of which `subscribers` only subscribe.
  int subscribers = 8;
  int channels = 4;  // Connections the clients share.
  absl::Duration duration = absl::Seconds(60);
  int payload_bytes = 300;
  // The server's identities file: a secretariaat token is added to it to
  // seed the meeting the queries read. Required.
  std::string identities_file;
};

struct MixedLoadReport {
  uint64_t appends = 0;
  uint64_t conflicts = 0;  // Provoked wrong-expected-version refusals.
  uint64_t reads = 0;      // ReadStream, ReadAll, GetHead.
  uint64_t queries = 0;    // QueryService views: proposal, meeting, agreements.
  uint64_t delivered = 0;  // Events received by subscribers.
  uint64_t errors = 0;
  std::vector<std::string> first_errors;  // At most 10, for people.
  double seconds = 0;
};

// Runs the load until `options.duration` has passed; thread-safe to call
// once at a time.
MixedLoadReport RunMixedLoad(const tools::ClientOptions& client, const MixedLoadOptions& options);

}  // namespace besluitlog::bench

#endif  // BESLUITLOG_BENCH_MIXED_LOAD_H_
