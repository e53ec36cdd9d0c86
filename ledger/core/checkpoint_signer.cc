#include "ledger/core/checkpoint_signer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "ledger/core/big_endian.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/sha256.h"

namespace besluitlog::ledger::core {
namespace {

constexpr char kDomainTag[] = "besluitlog.checkpoint.v1";
constexpr size_t kEd25519KeySize = 32;

std::string RawPublicKey(EVP_PKEY* key) {
  std::string raw(kEd25519KeySize, '\0');
  size_t size = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &size) != 1) {
    return "";
  }
  raw.resize(size);
  return raw;
}

}  // namespace

std::string CheckpointSignedBytes(const v1::Checkpoint& checkpoint) {
  std::string bytes(kDomainTag);
  AppendBigEndian64(checkpoint.tree_size(), &bytes);
  bytes += checkpoint.root_hash();
  AppendBigEndian64(static_cast<uint64_t>(checkpoint.time().seconds()), &bytes);
  const uint32_t nanos = static_cast<uint32_t>(checkpoint.time().nanos());
  const char n[4] = {static_cast<char>(nanos >> 24), static_cast<char>(nanos >> 16),
                     static_cast<char>(nanos >> 8), static_cast<char>(nanos)};
  bytes.append(n, 4);
  return bytes;
}

absl::Status VerifyCheckpointSignature(const v1::Checkpoint& checkpoint,
                                       const std::string& public_key) {
  if (!public_key.empty() && checkpoint.public_key() != public_key) {
    return absl::PermissionDeniedError(
        absl::StrCat("the checkpoint is signed by key ", HashToHex(checkpoint.public_key()),
                     ", not by the trusted key ", HashToHex(public_key)));
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr,
      reinterpret_cast<const unsigned char*>(checkpoint.public_key().data()),
      checkpoint.public_key().size());
  if (key == nullptr) {
    return absl::InvalidArgumentError("the checkpoint's public key is not an Ed25519 key");
  }
  const std::string bytes = CheckpointSignedBytes(checkpoint);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool valid =
      EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(checkpoint.signature().data()),
                       checkpoint.signature().size(),
                       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  if (!valid) {
    return absl::DataLossError(absl::StrCat("the signature of the checkpoint of size ",
                                            checkpoint.tree_size(), " does not verify"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::LoadOrCreate(
    const std::string& key_file) {
  EVP_PKEY* key = nullptr;
  if (FILE* in = std::fopen(key_file.c_str(), "r"); in != nullptr) {
    key = PEM_read_PrivateKey(in, nullptr, nullptr, nullptr);
    std::fclose(in);
    if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
      EVP_PKEY_free(key);
      return absl::DataLossError(absl::StrCat(key_file, " does not hold an Ed25519 private key"));
    }
  } else {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (key == nullptr) return absl::InternalError("cannot create an Ed25519 key");
    const mode_t old_mask = umask(077);  // The key is for the owner only.
    FILE* out = std::fopen(key_file.c_str(), "w");
    umask(old_mask);
    const bool written = out != nullptr &&
                         PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (out != nullptr && std::fclose(out) != 0) {
      EVP_PKEY_free(key);
      return absl::UnavailableError(absl::StrCat("cannot write ", key_file));
    }
    if (!written) {
      EVP_PKEY_free(key);
      return absl::UnavailableError(absl::StrCat("cannot write ", key_file));
    }
  }
  std::string public_key = RawPublicKey(key);
  return std::unique_ptr<CheckpointSigner>(new CheckpointSigner(key, std::move(public_key)));
}

CheckpointSigner::~CheckpointSigner() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

absl::StatusOr<std::string> CheckpointSigner::SignBytes(const std::string& message) const {
  std::string signature(64, '\0');
  size_t size = signature.size();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool signed_ok =
      EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, static_cast<EVP_PKEY*>(key_)) == 1 &&
      EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!signed_ok) return absl::InternalError("Ed25519 signing failed");
  signature.resize(size);
  return signature;
}

absl::Status CheckpointSigner::Sign(v1::Checkpoint* checkpoint) const {
  checkpoint->set_public_key(public_key_);
  absl::StatusOr<std::string> signature = SignBytes(CheckpointSignedBytes(*checkpoint));
  if (!signature.ok()) return absl::InternalError("signing the checkpoint failed");
  checkpoint->set_signature(*std::move(signature));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::core
