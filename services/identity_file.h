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
// changes: an identity added with `ledgerctl token add` counts at once (an
// unknown credential always makes it look), a removed one stops counting
// within kRecheckInterval.
#ifndef BESLUITLOG_SERVICES_IDENTITY_FILE_H_
#define BESLUITLOG_SERVICES_IDENTITY_FILE_H_

#include <sys/types.h>

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ledger/access_policy.h"

namespace besluitlog::services {

class IdentityFile {
 public:
  static constexpr absl::Duration kRecheckInterval = absl::Milliseconds(100);

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
  // Appends `line` for a new identity `name`, under a file lock.
  static absl::Status AppendLine(const std::string& path, absl::string_view name,
                                 const std::string& line);
  bool HasName(absl::string_view name);
  // `force`: look at the file now, not only once per kRecheckInterval.
  absl::Status ReloadIfChanged(bool force) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  absl::Mutex mu_;
  off_t size_ ABSL_GUARDED_BY(mu_) = -1;
  timespec modified_ ABSL_GUARDED_BY(mu_) = {};
  absl::Time checked_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::vector<TokenEntry> tokens_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, ledger::Caller> certificates_ ABSL_GUARDED_BY(mu_);
  // Tokens already checked against their salted hash (in memory only), so
  // that a busy client costs a look-up per call, not a hash per identity.
  absl::flat_hash_map<std::string, ledger::Caller> verified_ ABSL_GUARDED_BY(mu_);
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_IDENTITY_FILE_H_
