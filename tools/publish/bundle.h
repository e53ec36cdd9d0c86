// The verification bundle of one decision (bewijs/<position>.json), what
// verify.js checks in the browser:
//
//   {"format": "besluitlog.bewijs.v1",
//    "position": N,                      the event's global position
//    "leaf_index": N - 1,
//    "event": base64,                    CanonicalEventBytes (event_hash.h)
//    "proof": [base64, ...],             RFC 9162 inclusion proof, leaf to root
//    "checkpoint": {"tree_size": S, "root_hash": base64,
//                   "time": {"seconds": s, "nanos": n},
//                   "public_key": base64, "signature": base64,
//                   "note": "..."},                the same tree head as a C2SP
//                                                  signed note (Checkpoint.note;
//                                                  absent when the server sent none)
//    "key_fingerprint": "SHA256:..."}    KeyFingerprint(public_key)
//
// The leaf is SHA-256(0x00 || event), the signature Ed25519 over
// CheckpointSignedBytes (checkpoint_signer.h); the note's log signature is
// Ed25519 by the same key over the note's text (ledger/core/signed_note.h). A bundle is valid
// forever: it names the checkpoint it is proved against.
#ifndef BESLUITLOG_TOOLS_PUBLISH_BUNDLE_H_
#define BESLUITLOG_TOOLS_PUBLISH_BUNDLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/audit.pb.h"
#include "tools/witness_policy.h"

namespace besluitlog::tools::publish {

std::string BundleJson(uint64_t position, absl::string_view canonical_event,
                       const std::vector<absl::string_view>& proof,
                       const v1::Checkpoint& checkpoint);

// Whether `json` (a bundle in the site) may be kept for the decision at
// `position` under the key with `fingerprint`: made by this publisher for
// that event and key and, under a witness `policy`, its checkpoint note
// meets the policy (a bundle made before, or under another policy, is
// proved again). Its proof is not re-checked here (the browser does).
// Whether checkpoint notes meet a witness policy, each distinct note
// checked once (a site's bundles share a few checkpoints).
class WitnessedNotes {
 public:
  explicit WitnessedNotes(const WitnessPolicy& policy) : policy_(policy) {}
  bool Meets(const std::string& note);

 private:
  const WitnessPolicy& policy_;
  absl::flat_hash_map<std::string, bool> judged_;
};

bool BundleFits(absl::string_view json, uint64_t position, absl::string_view fingerprint,
                WitnessedNotes* policy = nullptr);

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_BUNDLE_H_
