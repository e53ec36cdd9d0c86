// The transparency-log formats shared with Go's checksum database, Sigstore
// and the witness network (C2SP), so that existing witnesses and verifiers
// can take part:
//
//   c2sp.org/signed-note       text, a blank line, then signature lines
//                              "— <key name> <base64(key ID || signature)>\n"
//                              (em dash U+2014); verifier keys
//                              "<name>+<8 hex key ID>+<base64(type || key)>"
//   c2sp.org/tlog-checkpoint   note text "<origin>\n<tree size>\n<base64 root>\n"
//                              (then optional extension lines)
//   c2sp.org/tlog-cosignature  a witness's timestamped Ed25519 signature
//                              (type 0x04): 8-byte big-endian POSIX time ||
//                              Ed25519 over "cosignature/v1\ntime <t>\n" + note text
//
// Key ID = first 4 bytes of SHA-256(name || 0x0A || type || 32-byte key), type
// 0x01 for a log's Ed25519 note signature, 0x04 for a cosignature.
//
// Guarantees: parsing is strict (what Parse* accepts, Format* writes back
// byte for byte); verification follows signed-note: signatures by unknown
// keys (name and key ID not both matching) are ignored, a known key whose
// signature fails rejects the whole note, and a note without a verified
// signature by a known key is rejected. The tree and root are RFC 9162's,
// unchanged: a checkpoint note re-expresses a tree head, it never changes it.
//
// Thread-safety: free functions without shared state.
#ifndef BESLUITLOG_LEDGER_CORE_SIGNED_NOTE_H_
#define BESLUITLOG_LEDGER_CORE_SIGNED_NOTE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace besluitlog::ledger::core {

class CheckpointSigner;

// Signature types of c2sp.org/signed-note.
inline constexpr uint8_t kNoteEd25519 = 0x01;
inline constexpr uint8_t kNoteCosignatureV1 = 0x04;

// The note signature line prefix: U+2014 EM DASH and a space.
inline constexpr char kNoteSignaturePrefix[] = "\xE2\x80\x94 ";

// First 4 bytes (big-endian) of SHA-256(name || '\n' || type || public_key).
uint32_t NoteKeyId(absl::string_view name, uint8_t type, absl::string_view public_key);

// A verifier key: who may sign, with what.
struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  uint8_t type = kNoteEd25519;
  std::string public_key;  // Raw 32-byte Ed25519 key.
};
// "<name>+<hex key ID>+<base64(type || key)>"; INVALID_ARGUMENT saying what
// is wrong (a key ID that does not match the key included).
[[nodiscard]] absl::StatusOr<VerifierKey> ParseVerifierKey(absl::string_view text);
std::string FormatVerifierKey(const VerifierKey& key);
// The verifier key of an Ed25519 `public_key` under `name`, for `type`.
VerifierKey MakeVerifierKey(absl::string_view name, uint8_t type, absl::string_view public_key);

struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string signature;  // The bytes after the key ID.
};
struct SignedNote {
  std::string text;  // Ends in '\n'; what the signatures cover.
  std::vector<NoteSignature> signatures;
};
// INVALID_ARGUMENT for anything that is not a well-formed signed note.
[[nodiscard]] absl::StatusOr<SignedNote> ParseSignedNote(absl::string_view note);
std::string FormatSignedNote(const SignedNote& note);
std::string FormatNoteSignatureLine(const NoteSignature& signature);
// Signature lines only (a witness's answer); INVALID_ARGUMENT otherwise.
[[nodiscard]] absl::StatusOr<std::vector<NoteSignature>> ParseNoteSignatureLines(
    absl::string_view lines);

// The tree head a checkpoint note states.
struct CheckpointText {
  std::string origin;
  uint64_t size = 0;
  std::string root_hash;  // 32 raw bytes.
  std::vector<std::string> extensions;
};
[[nodiscard]] absl::StatusOr<CheckpointText> ParseCheckpointText(absl::string_view text);
std::string FormatCheckpointText(absl::string_view origin, uint64_t size,
                                 absl::string_view root_hash);

// Raw Ed25519 (RFC 8032) verification of `signature` over `message`.
bool Ed25519Verify(absl::string_view public_key, absl::string_view message,
                   absl::string_view signature);

// What checking a note against a set of keys found.
struct VerifiedSignature {
  VerifierKey key;         // Which of the keys passed in.
  uint64_t timestamp = 0;  // For cosignatures.
};
// Verifies every signature of `note` by one of `keys` (ed25519 or
// cosignature/v1); returns the ones that verified (each key once). A known
// key whose signature fails: DATA_LOSS naming it. None verified:
// PERMISSION_DENIED "no signature by a trusted key".
[[nodiscard]] absl::StatusOr<std::vector<VerifiedSignature>> VerifyNote(
    const SignedNote& note, const std::vector<VerifierKey>& keys);

// The message a cosignature/v1 signs.
std::string CosignatureMessage(absl::string_view note_text, uint64_t timestamp);

// The log's checkpoint note for (size, root), signed with `signer`'s key
// under the name `origin`.
[[nodiscard]] absl::StatusOr<std::string> SignCheckpointNote(const CheckpointSigner& signer,
                                                             absl::string_view origin,
                                                             uint64_t size,
                                                             absl::string_view root_hash);
// A cosignature/v1 signature line by `signer` under `name` at `timestamp`.
[[nodiscard]] absl::StatusOr<NoteSignature> Cosign(const CheckpointSigner& signer,
                                                   absl::string_view name,
                                                   absl::string_view note_text, uint64_t timestamp);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_SIGNED_NOTE_H_
