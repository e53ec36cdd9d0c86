// SHA-256 of the concatenation of up to three byte strings, 32 raw bytes:
// the one hash the ledger uses (event chain, Merkle tree, token digests).
//
// Thread-safe: each thread keeps its own OpenSSL digest context, so a hash
// costs no allocation beyond its result (and Sha256Digest none at all: the
// form for loops that hash every event of a log).
#ifndef BESLUITLOG_LEDGER_CORE_SHA256_H_
#define BESLUITLOG_LEDGER_CORE_SHA256_H_

#include <array>
#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace besluitlog::ledger::core {

// Bytes in a hash: every hash of the ledger is a SHA-256.
inline constexpr size_t kHashSize = 32;

using Digest = std::array<char, kHashSize>;

inline absl::string_view DigestView(const Digest& digest) {
  return absl::string_view(digest.data(), digest.size());
}

Digest Sha256Digest(absl::string_view a, absl::string_view b = {}, absl::string_view c = {});

std::string Sha256(absl::string_view a, absl::string_view b = {}, absl::string_view c = {});

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_SHA256_H_
