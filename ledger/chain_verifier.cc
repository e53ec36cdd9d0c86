#include "ledger/chain_verifier.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/status_macros.h"
#include "ledger/storage_layout.h"

namespace besluitlog::ledger {

std::string ChainReport::Summary() const {
  if (ok()) {
    return absl::StrCat("OK ", event_count, " events, head ", core::HashToHex(head_hash),
                        ", tree root ", core::HashToHex(tree_root));
  }
  return absl::StrCat("BAD at position ", *first_bad_position, ": ", problem);
}

ChainVerifier::ChainVerifier() {
  report_.head_hash = core::GenesisHash();
  report_.tree_root = tree_.Root();
}

void ChainVerifier::Fail(uint64_t position, std::string problem) {
  report_.first_bad_position = position;
  report_.problem = std::move(problem);
}

bool ChainVerifier::Next(uint64_t found_position, const v1::Event& event) {
  if (!report_.ok()) return false;
  const uint64_t expected = report_.event_count + 1;
  if (found_position != expected) {
    Fail(expected, absl::StrCat("position ", expected, " is missing; the next event found is at ",
                                found_position));
  } else if (event.global_position() != found_position) {
    Fail(found_position, absl::StrCat("the event stored at position ", found_position,
                                      " says it is at position ", event.global_position()));
  } else if (event.prev_hash() != report_.head_hash) {
    Fail(found_position, absl::StrCat("prev_hash ", core::HashToHex(event.prev_hash()),
                                      " does not match the hash of position ", found_position - 1,
                                      " (", core::HashToHex(report_.head_hash), ")"));
  } else if (core::DigestView(core::ComputeEventDigest(event, &canonical_)) != event.hash()) {
    Fail(found_position, "the event's contents do not match its hash (altered after writing)");
  } else {
    std::string bad_node;
    tree_.Append(
        core::MerkleLeafHash(canonical_), [&](int level, uint64_t index, const std::string& hash) {
          if (stored_nodes_ == nullptr || !bad_node.empty()) return;
          const std::optional<std::string> stored = stored_nodes_(level, index);
          if (stored.has_value() && *stored == hash) return;
          const char* what = stored.has_value() ? "does not match" : "is missing for";
          bad_node = level == 0 ? absl::StrCat("the stored Merkle leaf ", what, " the event")
                                : absl::StrCat("the stored Merkle node at level ", level, " index ",
                                               index, " (positions ", (index << level) + 1, "..",
                                               (index + 1) << level, ") ", what, " the events");
        });
    if (!bad_node.empty()) {
      Fail(found_position, std::move(bad_node));
      return false;
    }
    ++report_.event_count;
    report_.head_hash = event.hash();
    return true;
  }
  return false;
}

bool ChainVerifier::NextUndecodable(uint64_t found_position) {
  if (!report_.ok()) return false;
  const uint64_t expected = report_.event_count + 1;
  Fail(std::min(expected, found_position),
       absl::StrCat("the value stored at position ", found_position, " cannot be decoded"));
  return false;
}

void ChainVerifier::Finish(const v1::Head& recorded_head) {
  if (!report_.ok()) return;
  if (recorded_head.position() > report_.event_count) {
    Fail(report_.event_count + 1,
         absl::StrCat("the head record says the log ends at position ", recorded_head.position(),
                      " but events stop after ", report_.event_count));
  } else if (recorded_head.position() < report_.event_count) {
    Fail(recorded_head.position() + 1,
         absl::StrCat("events continue past the recorded head at position ",
                      recorded_head.position()));
  } else if (recorded_head.hash() != report_.head_hash) {
    Fail(recorded_head.position(),
         absl::StrCat("the head record names hash ", core::HashToHex(recorded_head.hash()),
                      " but the chain ends in ", core::HashToHex(report_.head_hash)));
  } else if (!recorded_head.tree_root().empty() && recorded_head.tree_root() != tree_.Root()) {
    Fail(recorded_head.position(),
         absl::StrCat("the head names Merkle root ", core::HashToHex(recorded_head.tree_root()),
                      " but the events give ", core::HashToHex(tree_.Root())));
  }
  report_.tree_root = tree_.Root();
}

namespace {

// Feeds the stored events from `from` up to `to` (inclusive) to `verifier`;
// stops early when the chain breaks. Sets `*next` to the position after the
// last event fed.
absl::Status WalkStored(const EventLog& log, uint64_t from, uint64_t to, ChainVerifier* verifier,
                        uint64_t* next, const VerifyWatch& watch = {}) {
  v1::Event event;
  *next = from;
  uint64_t walked = 0;
  absl::Status status =
      log.ScanStoredEvents(from, [&](absl::string_view key, absl::string_view value) {
        const std::optional<uint64_t> position = DecodeEventKey(key);
        const uint64_t found = position.value_or(0);
        if (position.has_value() && found > to) return false;
        *next = found + 1;
        const bool go_on = position.has_value() && event.ParseFromArray(
                                                       value.data(), static_cast<int>(value.size()))
                               ? verifier->Next(found, event)
                               : verifier->NextUndecodable(found);
        if (watch.on_verified && ++walked % watch.every == 0) watch.on_verified(walked);
        return go_on;
      });
  if (watch.on_verified && walked % watch.every != 0) watch.on_verified(walked);
  return status;
}

// After a walk: the head, then the stored tree's root as the stored
// frontier gives it against the root recomputed from the events.
ChainReport FinishStored(const EventLog& log, const v1::Head& head, ChainVerifier* verifier) {
  verifier->Finish(head);
  ChainReport report = verifier->report();
  if (!report.ok()) return report;
  absl::StatusOr<std::string> stored_root = log.StoredTreeRoot(report.event_count);
  if (!stored_root.ok() || *stored_root != report.tree_root) {
    report.first_bad_position = report.event_count;
    report.problem = stored_root.ok() ? "the stored Merkle tree's root does not match the "
                                        "root recomputed from the events"
                                      : std::string(stored_root.status().message());
  }
  return report;
}

core::StoredNodes NodesOf(const EventLog& log) {
  return [&log](int level, uint64_t index) { return log.StoredNode(level, index); };
}

}  // namespace

absl::StatusOr<ChainReport> VerifyStoredChain(const EventLog& log, const VerifyWatch& watch) {
  ASSIGN_OR_RETURN(v1::Head head, log.ReadStoredHead());
  ChainVerifier verifier;
  // Nodes are asked for level by level in index order: forward scans, not
  // a point read each (which took half of a verification's time).
  verifier.CheckStoredNodes(log.StoredNodesInOrder());
  uint64_t next = 0;
  RETURN_IF_ERROR(WalkStored(log, 1, UINT64_MAX, &verifier, &next, watch));
  return FinishStored(log, head, &verifier);
}

ChainScrubber::ChainScrubber(EventLog* log, ScrubOptions options)
    : log_(log), options_(std::move(options)) {
  status_.enabled = options_.events_per_second > 0;
  status_.events_per_second = options_.events_per_second;
}

ChainScrubber::~ChainScrubber() { Stop(); }

void ChainScrubber::Start() {
  if (options_.events_per_second == 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void ChainScrubber::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

ScrubStatus ChainScrubber::status() const {
  absl::MutexLock lock(&mu_);
  return status_;
}

void ChainScrubber::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

bool ChainScrubber::WaitUntil(absl::Time until) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(&stopping_), until);
  return !stopping_;
}

void ChainScrubber::Run() {
  Log(absl::StrCat("scrub: re-verifying the whole chain and Merkle tree every ",
                   absl::FormatDuration(options_.interval), " at up to ",
                   options_.events_per_second, " events/s"));
  while (true) {
    const absl::Time started = absl::Now();
    std::optional<ChainReport> report = Pass();
    if (!report.has_value()) return;  // Stopped.
    absl::Time next_start = started + options_.interval;
    if (!WaitUntil(next_start)) return;
  }
}

std::optional<ChainReport> ChainScrubber::Pass() {
  const v1::Head head = log_->GetHead();
  const absl::Time started = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    status_.running = true;
    status_.pass_head_position = head.position();
    status_.pass_verified = 0;
    status_.pass_started_at = started;
  }
  // Chunks of about 50 ms at the allowed rate, each followed by a wait long
  // enough to keep the average at or below it.
  const uint64_t rate = options_.events_per_second;
  const uint64_t chunk = std::max<uint64_t>(1, rate / 20);
  ChainVerifier verifier;
  verifier.CheckStoredNodes(NodesOf(*log_));
  uint64_t position = 1;
  absl::Time last_progress = started;
  absl::Status walked;
  while (position <= head.position() && verifier.report().ok()) {
    const uint64_t to = std::min(head.position(), position + chunk - 1);
    uint64_t next = position;
    walked = WalkStored(*log_, position, to, &verifier, &next);
    if (!walked.ok()) break;
    // A gap at the end of the chunk shows up when the next chunk starts.
    position = std::max(next, to + 1);
    const uint64_t verified = verifier.report().event_count;
    {
      absl::MutexLock lock(&mu_);
      status_.pass_verified = verified;
    }
    if (absl::Now() - last_progress >= absl::Minutes(1)) {
      last_progress = absl::Now();
      Log(absl::StrCat("scrub: ", verified, " of ", head.position(), " events verified"));
    }
    const absl::Duration budget =
        absl::Seconds(static_cast<double>(position - 1) / static_cast<double>(rate));
    if (!WaitUntil(started + budget)) {
      absl::MutexLock lock(&mu_);
      status_.running = false;
      return std::nullopt;
    }
  }
  ChainReport report;
  if (walked.ok()) {
    report = FinishStored(*log_, head, &verifier);
  } else {
    report.first_bad_position = verifier.report().event_count + 1;
    report.problem = absl::StrCat("reading the events failed: ", walked.message());
  }
  if (!report.ok()) {
    log_->ReportDamage({*report.first_bad_position, report.problem, "the scrub"});
    if (options_.on_damage) options_.on_damage();
  }
  Log(absl::StrCat("scrub: pass over positions 1..", head.position(), " took ",
                   absl::FormatDuration(absl::Trunc(absl::Now() - started, absl::Microseconds(1))),
                   ": ", report.Summary(),
                   report.ok() ? "" : "; appends are refused until the data dir is restored"));
  absl::MutexLock lock(&mu_);
  status_.running = false;
  ++status_.passes_completed;
  status_.last_report = report;
  status_.last_head_position = head.position();
  status_.last_finished_at = absl::Now();
  return report;
}

}  // namespace besluitlog::ledger
