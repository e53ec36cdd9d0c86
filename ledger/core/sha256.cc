#include "ledger/core/sha256.h"

#include <openssl/evp.h>

namespace besluitlog::ledger::core {

std::string Sha256(absl::string_view a, absl::string_view b, absl::string_view c) {
  // One context per thread: creating one per hash costs an allocation.
  thread_local EVP_MD_CTX* const ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  EVP_DigestUpdate(ctx, b.data(), b.size());
  EVP_DigestUpdate(ctx, c.data(), c.size());
  std::string digest(32, '\0');
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(digest.data()), &size);
  return digest;
}

}  // namespace besluitlog::ledger::core
