// Signs and verifies checkpoints (tree size, root, time) with Ed25519
// through OpenSSL. The server's key is created on first use and kept in a
// PEM file readable only by its owner; the public half travels in every
// checkpoint and can be printed for auditors to pin.
//
// Thread-safety: Sign is safe to call concurrently; the key never changes.
#ifndef BESLUITLOG_LEDGER_CORE_CHECKPOINT_SIGNER_H_
#define BESLUITLOG_LEDGER_CORE_CHECKPOINT_SIGNER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "besluitlog/v1/audit.pb.h"

namespace besluitlog::ledger::core {

// The bytes a checkpoint's signature covers.
std::string CheckpointSignedBytes(const v1::Checkpoint& checkpoint);

// OK when `checkpoint` carries `public_key` (if given) and a valid
// signature by its key; otherwise an error saying which.
[[nodiscard]] absl::Status VerifyCheckpointSignature(const v1::Checkpoint& checkpoint,
                                                     const std::string& public_key = "");

class CheckpointSigner {
 public:
  // Loads the key from `key_file`, creating it when the file is absent.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<CheckpointSigner>> LoadOrCreate(
      const std::string& key_file);
  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

  const std::string& public_key() const { return public_key_; }
  // Fills in public_key and signature.
  [[nodiscard]] absl::Status Sign(v1::Checkpoint* checkpoint) const;
  // A raw Ed25519 signature over `message` (signed notes, signed_note.h).
  [[nodiscard]] absl::StatusOr<std::string> SignBytes(const std::string& message) const;

 private:
  CheckpointSigner(void* key, std::string public_key)
      : key_(key), public_key_(std::move(public_key)) {}

  void* key_;  // EVP_PKEY*, kept opaque so OpenSSL stays out of the header.
  std::string public_key_;
};

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_CHECKPOINT_SIGNER_H_
