#include "ledger/chain_verifier.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/event_hash.h"
#include "ledger/status_macros.h"

namespace besluitlog::ledger {

std::string ChainReport::Summary() const {
  if (ok()) {
    return absl::StrCat("OK ", event_count, " events, head ",
                        HashToHex(head_hash), ", tree root ",
                        HashToHex(tree_root));
  }
  return absl::StrCat("BAD at position ", *first_bad_position, ": ", problem);
}

ChainVerifier::ChainVerifier() {
  report_.head_hash = GenesisHash();
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
    Fail(expected, absl::StrCat("position ", expected,
                                " is missing; the next event found is at ",
                                found_position));
  } else if (event.global_position() != found_position) {
    Fail(found_position,
         absl::StrCat("the event stored at position ", found_position,
                      " says it is at position ", event.global_position()));
  } else if (event.prev_hash() != report_.head_hash) {
    Fail(found_position,
         absl::StrCat("prev_hash ", HashToHex(event.prev_hash()),
                      " does not match the hash of position ",
                      found_position - 1, " (", HashToHex(report_.head_hash),
                      ")"));
  } else if (std::string canonical;
             ComputeEventHash(event, &canonical) != event.hash()) {
    Fail(found_position,
         "the event's contents do not match its hash (altered after writing)");
  } else {
    ++report_.event_count;
    report_.head_hash = event.hash();
    tree_.Append(MerkleLeafHash(canonical),
                 [](int, uint64_t, const std::string&) {});
    return true;
  }
  return false;
}

bool ChainVerifier::NextUndecodable(uint64_t found_position) {
  if (!report_.ok()) return false;
  const uint64_t expected = report_.event_count + 1;
  Fail(std::min(expected, found_position),
       absl::StrCat("the value stored at position ", found_position,
                    " cannot be decoded"));
  return false;
}

void ChainVerifier::Finish(const v1::Head& recorded_head) {
  if (!report_.ok()) return;
  if (recorded_head.position() > report_.event_count) {
    Fail(report_.event_count + 1,
         absl::StrCat("the head record says the log ends at position ",
                      recorded_head.position(), " but events stop after ",
                      report_.event_count));
  } else if (recorded_head.position() < report_.event_count) {
    Fail(recorded_head.position() + 1,
         absl::StrCat("events continue past the recorded head at position ",
                      recorded_head.position()));
  } else if (recorded_head.hash() != report_.head_hash) {
    Fail(recorded_head.position(),
         absl::StrCat("the head record names hash ",
                      HashToHex(recorded_head.hash()),
                      " but the chain ends in ",
                      HashToHex(report_.head_hash)));
  } else if (!recorded_head.tree_root().empty() &&
             recorded_head.tree_root() != tree_.Root()) {
    Fail(recorded_head.position(),
         absl::StrCat("the head names Merkle root ",
                      HashToHex(recorded_head.tree_root()),
                      " but the events give ", HashToHex(tree_.Root())));
  }
  report_.tree_root = tree_.Root();
}

absl::StatusOr<ChainReport> VerifyStoredChain(const EventLog& log) {
  ASSIGN_OR_RETURN(v1::Head head, log.ReadStoredHead());
  ChainVerifier verifier;
  v1::Event event;
  std::optional<uint64_t> first_bad_leaf;
  RETURN_IF_ERROR(log.ScanStoredEvents(
      1, [&](const rocksdb::Slice& key, const rocksdb::Slice& value) {
        const std::optional<uint64_t> position = DecodeEventKey(key);
        const uint64_t found = position.value_or(0);
        if (!position.has_value() ||
            !event.ParseFromArray(value.data(),
                                  static_cast<int>(value.size()))) {
          return verifier.NextUndecodable(found);
        }
        if (!verifier.Next(found, event)) return false;
        // The stored leaf must be the one the event's bytes give.
        if (!first_bad_leaf.has_value()) {
          std::string canonical;
          ComputeEventHash(event, &canonical);
          if (log.StoredLeafHash(found) != MerkleLeafHash(canonical)) {
            first_bad_leaf = found;
          }
        }
        return true;
      }));
  verifier.Finish(head);
  ChainReport report = verifier.report();
  if (!report.ok()) return report;
  if (first_bad_leaf.has_value()) {
    report.first_bad_position = *first_bad_leaf;
    report.problem = "the stored Merkle leaf does not match the event";
    return report;
  }
  absl::StatusOr<std::string> stored_root = log.StoredTreeRoot(report.event_count);
  if (!stored_root.ok() || *stored_root != report.tree_root) {
    report.first_bad_position = report.event_count;
    report.problem = stored_root.ok()
                         ? "the stored Merkle tree's root does not match the "
                           "root recomputed from the events"
                         : std::string(stored_root.status().message());
  }
  return report;
}

}  // namespace besluitlog::ledger
