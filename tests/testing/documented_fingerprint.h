// A key's fingerprint as docs/audit.md defines it, computed here apart from
// tools/trusted_keys so that tests compare the code with the document: the
// SHA-256 of the raw Ed25519 key, lower-case hex in groups of four joined by
// "-", after "SHA256:".
#ifndef BESLUITLOG_TESTS_TESTING_DOCUMENTED_FINGERPRINT_H_
#define BESLUITLOG_TESTS_TESTING_DOCUMENTED_FINGERPRINT_H_

#include <string>

#include "absl/strings/escaping.h"
#include "ledger/core/sha256.h"

namespace besluitlog::testing {

inline std::string DocumentedFingerprint(const std::string& public_key) {
  const std::string hex = absl::BytesToHexString(ledger::core::Sha256(public_key));
  std::string out = "SHA256:";
  for (size_t i = 0; i < hex.size(); i += 4) {
    if (i > 0) out += '-';
    out += hex.substr(i, 4);
  }
  return out;
}

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_DOCUMENTED_FINGERPRINT_H_
