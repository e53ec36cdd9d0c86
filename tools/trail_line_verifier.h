// TrailLineVerifier: the checks of each event line of an exported JSONL
// trail (VerifyJsonlTrail in trail_export.h reads the checkpoint line and
// feeds it the rest), at close to the speed of the hashing they need.
//
// A line is one JSON object holding "event" (v1.Event in protobuf's JSON
// mapping) and "proof" (v1.InclusionProof). It is read by a small scanner
// instead of protobuf's generic JSON parser, which took nine tenths of an
// audit's time; what it accepts:
//  - keys in any order, in lowerCamel or proto field spelling; keys it does
//    not know (such as a decoded view beside the exact bytes) are skipped:
//    only the fields the hash covers, the proof and the position count;
//  - 64-bit numbers as JSON strings or numbers;
//  - the hashes (prevHash, hash, the proof's) as base64 (standard or
//    URL-safe, padded or not) or as 64 hex digits; the payload as
//    lower-case hex (the one spelling of an export; docs/audit.md);
//  - the decoded views beside the bytes ("act", "data") are compared with
//    what the payload's bytes say: an edited view is reported, not trusted;
//  - recordedAt as RFC 3339, as protobuf's Timestamp mapping.
// A key given twice, in either spelling, is refused, so that no reader can
// be shown one value while the hash covers another. Anything else is "not
// an event with a proof". Consecutive events must be chained (prevHash is
// the hash of the line before; 32 zero bytes before position 1). Each
// event's hash is
// recomputed from its fields, and its leaf's inclusion proof checked
// against the checkpoint's root (proofs of neighbouring events share their
// upper steps, MerkleInclusionVerifier). The error names the line and what
// failed, as the trail's checks always have. Memory stays flat: buffers are
// reused from line to line.
//
// Thread-compatible: one verifier per trail.
#ifndef BESLUITLOG_TOOLS_TRAIL_LINE_VERIFIER_H_
#define BESLUITLOG_TOOLS_TRAIL_LINE_VERIFIER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/event.pb.h"
#include "ledger/core/merkle_tree.h"

namespace besluitlog::tools {

class TrailLineVerifier {
 public:
  // `checkpoint` (already verified) must outlive the verifier; `complete`
  // says every position of the checkpoint is in the trail.
  TrailLineVerifier(const v1::Checkpoint& checkpoint, bool complete);

  // Checks the event line numbered `number` (the checkpoint is line 1);
  // DATA_LOSS "line N: ..." when it fails.
  [[nodiscard]] absl::Status Check(uint64_t number, absl::string_view text);

  // After the last line: DATA_LOSS when a complete trail ends before the
  // checkpoint's last position (its last lines were dropped).
  [[nodiscard]] static absl::Status CheckEnd(const v1::Checkpoint& checkpoint, bool complete,
                                             uint64_t last_position);

  // The position of the last event that verified (0 before any).
  uint64_t last_position() const { return previous_; }
  uint64_t verified() const { return verified_; }

  // For a trail checked in blocks of lines on several threads
  // (trail_file_audit.h). StartAfter takes the line (the first of a block)
  // as the one the next Check follows, without checking it: whoever checked
  // the block before checks it, against that block's last line. False when
  // it is not an event with a proof (that check then says so).
  [[nodiscard]] bool StartAfter(absl::string_view text);
  // Continues after the event at `position` with `hash`, checked elsewhere.
  void ContinueAfter(uint64_t position, absl::string_view hash);
  // The hash of the event at last_position().
  const std::string& last_hash() const { return previous_hash_; }

 private:
  // Reads `text` into event_ and proof_ (proof_hashes_); false when it is
  // not an event with a proof.
  bool Parse(absl::string_view text);
  // The line's "act" or "data" (if any) says what the payload says.
  bool DecodedViewsMatchPayload();

  const v1::Checkpoint& checkpoint_;
  const bool complete_;
  ledger::core::MerkleInclusionVerifier inclusion_;
  uint64_t previous_ = 0;
  std::string previous_hash_;  // The hash of the event at previous_.
  uint64_t verified_ = 0;
  // Reused from line to line.
  v1::Event event_;
  uint64_t leaf_index_ = 0;
  uint64_t tree_size_ = 0;
  std::string proof_bytes_;               // The proof's hashes, decoded, one after another.
  std::vector<size_t> proof_ends_;        // Where each ends in proof_bytes_.
  std::vector<absl::string_view> proof_;  // Views of them.
  std::string proof_text_;                // Their JSON spelling, when plain.
  std::vector<size_t> proof_text_ends_;
  // The same of the line before, which shares most of its proof.
  std::string last_proof_bytes_;
  std::vector<size_t> last_proof_ends_;
  std::string last_proof_text_;
  std::vector<size_t> last_proof_text_ends_;
  std::string scratch_;      // A JSON string with escapes, decoded.
  std::string key_scratch_;  // The same for a key.
  std::string canonical_;
  absl::string_view act_;  // The line's decoded views, as JSON text.
  absl::string_view data_;
  std::string rendered_;  // The payload's act, as an export prints it.
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_TRAIL_LINE_VERIFIER_H_
