// Whose checkpoint signatures an auditor believes, and what an auditor
// remembers between audits.
//
// A valid Ed25519 signature proves only that the holder of the key signed;
// anyone can make a key, re-sign a rewritten history and ship the new key
// inside the checkpoint. So a checkpoint counts only when its key is one
// the auditor trusts: the key named on the command line (--public_key), or
// a key the auditor pinned after comparing its fingerprint with the one
// the ledger's operator published (besluitlogd prints it at start).
//
// Everything an auditor keeps lives in the user's configuration directory,
// $XDG_CONFIG_HOME/besluitlog/, else $HOME/.config/besluitlog/ (mode 0700):
//
//   trusted_keys                 one pinned key per line: "<fingerprint> <note>";
//                                '#' starts a comment; delete a line to unpin
//   checkpoints/<hex>.json       the last checkpoint that passed an audit,
//                                per signing key (<hex>: its fingerprint's
//                                64 hex digits), for the consistency check
//
// A key's fingerprint is "SHA256:" followed by the SHA-256 of its raw 32
// bytes in lower-case hex, in groups of four joined by '-'; besluitlogd and
// ledgerctl print it the same way (KeyFingerprint).
#ifndef BESLUITLOG_TOOLS_TRUSTED_KEYS_H_
#define BESLUITLOG_TOOLS_TRUSTED_KEYS_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/audit.pb.h"

namespace besluitlog::tools {

// "SHA256:3f2a-9c01-…" for a raw Ed25519 public key.
std::string KeyFingerprint(absl::string_view public_key);
// The same for a key known only by its SHA-256 `digest` (32 bytes).
std::string FingerprintOfDigest(absl::string_view digest);

// $XDG_CONFIG_HOME/besluitlog, else $HOME/.config/besluitlog (not created
// here); FAILED_PRECONDITION when neither variable is set.
[[nodiscard]] absl::StatusOr<std::string> ConfigDirectory();

// What --trust_key names, as the SHA-256 digest (32 bytes) of the key: a
// fingerprint as printed ("SHA256:" required; grouping and case free), a
// raw public key in hex (what besluitlogd prints after "key"), the log's
// C2SP verifier key (type 0x01, also printed by besluitlogd), or a file
// holding either or an Ed25519 "PUBLIC KEY" in PEM. INVALID_ARGUMENT when
// it is none of these.
[[nodiscard]] absl::StatusOr<std::string> KeyDigestFromArgument(const std::string& argument);

// The signers an audit believes. A default-constructed SignerTrust trusts
// no one, so forgetting to load one fails closed.
class SignerTrust {
 public:
  SignerTrust() = default;
  // Exactly this raw key (--public_key).
  static SignerTrust Only(std::string public_key);
  // The keys pinned in `config_dir`/trusted_keys; none when it is absent.
  [[nodiscard]] static absl::StatusOr<SignerTrust> Load(const std::string& config_dir);

  // OK when a checkpoint signed by `public_key` may be believed (its
  // signature is checked elsewhere). PERMISSION_DENIED when another key
  // was named; FAILED_PRECONDITION "unknown signer" otherwise, with the
  // key's fingerprint and the command that pins it.
  [[nodiscard]] absl::Status Check(const std::string& public_key) const;

 private:
  friend absl::StatusOr<std::string> PinKey(const std::string&, const std::string&,
                                            const std::string&);
  std::string only_;                          // Raw key; empty: use digests_.
  absl::flat_hash_set<std::string> digests_;  // SHA-256 of each pinned key.
  std::string store_;                         // trusted_keys, for messages.
};

// Pins the key with SHA-256 digest `digest` in `config_dir`/trusted_keys
// (creating the directory 0700); pinning a key twice keeps one line.
// Returns the file's path.
[[nodiscard]] absl::StatusOr<std::string> PinKey(const std::string& config_dir,
                                                 const std::string& digest,
                                                 const std::string& note);

// The last checkpoint signed by `public_key` that passed an audit, if any;
// DATA_LOSS when the kept file is not a checkpoint of that key.
[[nodiscard]] absl::StatusOr<std::optional<v1::Checkpoint>> LoadLastCheckpoint(
    const std::string& config_dir, const std::string& public_key);
// Keeps `checkpoint` (written to a temporary file, then renamed) and
// returns where.
[[nodiscard]] absl::StatusOr<std::string> SaveLastCheckpoint(const std::string& config_dir,
                                                             const v1::Checkpoint& checkpoint);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_TRUSTED_KEYS_H_
