// VerifyJsonlTrailFile: VerifyJsonlTrail (trail_export.h) of a trail in a
// file, on every core, for `ledgerctl audit --file`.
//
// Guarantees: the same checks and the same answer as VerifyJsonlTrail over
// the same bytes — the same error for the same first failing line, the same
// count of verified events, the same checkpoint. A regular file is mapped
// into memory (no copy; pages already checked are let go, so the memory in
// use stays that of the blocks in flight), anything else (a pipe) read.
// The file is cut into blocks of whole lines; worker threads check the lines of a block, each block
// starting after its own first line (TrailLineVerifier::StartAfter); the
// calling thread takes the blocks in file order and checks each block's
// first line against the last line of the block before (the seam: order,
// gaps, chain, and every other check of that line), so a tampered line at a
// block boundary fails as anywhere else. A block in which a worker found a
// failure is checked again by the calling thread, on from its seam, for
// the error that names the line: the first failure in the file is the one
// reported. Memory is bounded by the blocks in flight (2 × threads + 1),
// however long the trail.
#ifndef BESLUITLOG_TOOLS_TRAIL_FILE_AUDIT_H_
#define BESLUITLOG_TOOLS_TRAIL_FILE_AUDIT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "besluitlog/v1/audit.pb.h"
#include "tools/progress.h"
#include "tools/trusted_keys.h"

namespace besluitlog::tools {

struct TrailFileOptions {
  // A block holds whole lines, at least this many bytes of them (but for
  // the last). Tests make it small so that lines fall on block boundaries.
  size_t block_bytes = size_t{4} << 20;
  // Threads that check blocks; 0: one per core.
  int threads = 0;
  // Map a regular file into memory rather than read it (tests read it).
  bool map_file = true;
};

// As VerifyJsonlTrail; NOT_FOUND when the file cannot be opened.
[[nodiscard]] absl::Status VerifyJsonlTrailFile(const std::string& path, const SignerTrust& signers,
                                                uint64_t* verified_events,
                                                v1::Checkpoint* checked_against = nullptr,
                                                Progress* progress = nullptr,
                                                const TrailFileOptions& options = {});

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_TRAIL_FILE_AUDIT_H_
