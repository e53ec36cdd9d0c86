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

#include "absl/strings/string_view.h"
#include "besluitlog/v1/audit.pb.h"

namespace besluitlog::tools::publish {

std::string BundleJson(uint64_t position, absl::string_view canonical_event,
                       const std::vector<absl::string_view>& proof,
                       const v1::Checkpoint& checkpoint);

// Whether `json` (a bundle in the site) may be kept for the decision at
// `position` under the key with `fingerprint`: made by this publisher for
// that event and key. Its proof is not re-checked here (the browser does).
bool BundleFits(absl::string_view json, uint64_t position, absl::string_view fingerprint);

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_BUNDLE_H_
