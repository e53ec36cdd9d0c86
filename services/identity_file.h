// IdentityFile: the identities a server accepts, read from a text file.
//
// Format, one identity per line ('#' starts a comment):
//   token <name> <role> <salt-hex> <sha256(salt || token)-hex>
//   cert  <certificate common name> <role>
// Only salted hashes of tokens are stored; a token is shown once, when it
// is added. Names are 1–256 printable characters without spaces; a
// member's name is their member id in the governance streams.
//
// Thread-safe. The file is re-read when its size or modification time
// changes, so identities added with `ledgerctl token add` count at once
// and removed ones stop counting.
#ifndef BESLUITLOG_SERVICES_IDENTITY_FILE_H_
#define BESLUITLOG_SERVICES_IDENTITY_FILE_H_

#include <ctime>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "ledger/access_policy.h"

namespace besluitlog::services {

class IdentityFile {
 public:
  // Creates the file (0600) when missing.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<IdentityFile>> Open(std::string path);

  // Adds a token identity and returns the token (the only time it is seen).
  // ALREADY_EXISTS when the name is taken.
  [[nodiscard]] static absl::StatusOr<std::string> AddToken(const std::string& path,
                                                            absl::string_view name,
                                                            ledger::Role role);
  // Adds the common name of client certificates (mutual TLS).
  [[nodiscard]] static absl::Status AddCertificate(const std::string& path,
                                                   absl::string_view common_name,
                                                   ledger::Role role);

  // UNAUTHENTICATED unless the token (or certificate name) is known.
  [[nodiscard]] absl::StatusOr<ledger::Caller> FindToken(absl::string_view token);
  [[nodiscard]] absl::StatusOr<ledger::Caller> FindCertificate(absl::string_view common_name);

 private:
  struct TokenEntry {
    ledger::Caller caller;
    std::string salt;
    std::string hash;
  };
  explicit IdentityFile(std::string path) : path_(std::move(path)) {}
  absl::Status ReloadIfChanged() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  absl::Mutex mu_;
  off_t size_ ABSL_GUARDED_BY(mu_) = -1;
  timespec modified_ ABSL_GUARDED_BY(mu_) = {};
  std::vector<TokenEntry> tokens_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, ledger::Caller> certificates_ ABSL_GUARDED_BY(mu_);
  // SHA-256 of tokens already checked against their salted hash, so that a
  // busy client costs one hash per call rather than one per identity.
  absl::flat_hash_map<std::string, ledger::Caller> verified_ ABSL_GUARDED_BY(mu_);
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_IDENTITY_FILE_H_
