#include "ledger/core/sha256.h"

#include <openssl/evp.h>

namespace besluitlog::ledger::core {

Digest Sha256Digest(absl::string_view a, absl::string_view b, absl::string_view c) {
  // One context per thread: creating one per hash costs an allocation. The
  // algorithm is fetched once: EVP_sha256() looks it up (under a lock) on
  // every EVP_DigestInit_ex, which an audit of a million events felt.
  thread_local EVP_MD_CTX* const ctx = EVP_MD_CTX_new();
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_DigestInit_ex(ctx, sha256, nullptr);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx, b.data(), b.size());
  if (!c.empty()) EVP_DigestUpdate(ctx, c.data(), c.size());
  Digest digest;
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(digest.data()), &size);
  return digest;
}

std::string Sha256(absl::string_view a, absl::string_view b, absl::string_view c) {
  const Digest digest = Sha256Digest(a, b, c);
  return std::string(digest.data(), digest.size());
}

}  // namespace besluitlog::ledger::core
