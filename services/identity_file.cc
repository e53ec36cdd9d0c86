#include "services/identity_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/core/sha256.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::services {
namespace {

constexpr size_t kMaxNameBytes = 256;

std::string RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count));
  return bytes;
}

absl::Status CheckName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError("an identity's name is 1 to 256 bytes");
  }
  for (unsigned char c : name) {
    if (c <= ' ' || c == 0x7f) {
      return absl::InvalidArgumentError(
          absl::StrCat("an identity's name has no spaces or control characters: \"", name, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<IdentityFile>> IdentityFile::Open(std::string path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open the identities file ", path));
  }
  close(fd);
  std::unique_ptr<IdentityFile> file(new IdentityFile(std::move(path)));
  absl::MutexLock lock(&file->mu_);
  RETURN_IF_ERROR(file->ReloadIfChanged(/*force=*/true));
  return file;
}

absl::Status IdentityFile::AppendLine(const std::string& path, absl::string_view name,
                                      const std::string& line) {
  RETURN_IF_ERROR(CheckName(name));
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  // One writer at a time, so that two additions cannot both take a name.
  flock(fd, LOCK_EX);
  absl::Status added = [&]() -> absl::Status {
    // Never add to a file that does not parse; names are unique across
    // tokens and certificates.
    ASSIGN_OR_RETURN(std::unique_ptr<IdentityFile> file, Open(path));
    if (file->HasName(name)) {
      return absl::AlreadyExistsError(
          absl::StrCat("an identity named ", name, " exists already in ", path));
    }
    const std::string text = line + "\n";
    if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
        fsync(fd) != 0) {
      return absl::UnavailableError(absl::StrCat("cannot write ", path));
    }
    return absl::OkStatus();
  }();
  close(fd);  // Also releases the lock.
  return added;
}

bool IdentityFile::HasName(absl::string_view name) {
  absl::MutexLock lock(&mu_);
  return certificates_.contains(name) ||
         std::any_of(tokens_.begin(), tokens_.end(),
                     [&](const TokenEntry& entry) { return entry.caller.name == name; });
}

absl::StatusOr<std::string> IdentityFile::AddToken(const std::string& path, absl::string_view name,
                                                   ledger::Role role) {
  std::string token = absl::StrCat("bl_", absl::WebSafeBase64Escape(RandomBytes(32)));
  const std::string salt = RandomBytes(16);
  RETURN_IF_ERROR(AppendLine(
      path, name,
      absl::StrCat("token ", name, " ", ledger::RoleName(role), " ", absl::BytesToHexString(salt),
                   " ", absl::BytesToHexString(ledger::core::Sha256(salt, token)))));
  return token;
}

absl::Status IdentityFile::AddCertificate(const std::string& path, absl::string_view common_name,
                                          ledger::Role role) {
  return AppendLine(path, common_name,
                    absl::StrCat("cert ", common_name, " ", ledger::RoleName(role)));
}

absl::Status IdentityFile::ReloadIfChanged(bool force) {
  // Looking at the file costs a system call; on the hot path once per
  // kRecheckInterval is enough (a revocation counts within it).
  const absl::Time now = absl::Now();
  if (!force && now - checked_ < kRecheckInterval) return absl::OkStatus();
  checked_ = now;
  struct stat info;
  if (stat(path_.c_str(), &info) != 0) {
    return absl::UnavailableError(absl::StrCat("the identities file ", path_, " is gone"));
  }
  if (info.st_size == size_ && info.st_mtim.tv_sec == modified_.tv_sec &&
      info.st_mtim.tv_nsec == modified_.tv_nsec) {
    return absl::OkStatus();
  }
  std::ifstream in(path_);
  if (!in) return absl::UnavailableError(absl::StrCat("cannot read ", path_));
  std::vector<TokenEntry> tokens;
  absl::flat_hash_map<std::string, ledger::Caller> certificates;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.empty() || fields[0][0] == '#') continue;
    auto bad = [&](absl::string_view why) {
      return absl::DataLossError(absl::StrCat(path_, " line ", number, ": ", why));
    };
    if (fields.size() < 3) return bad("expected `token NAME ROLE SALT HASH` or `cert NAME ROLE`");
    absl::StatusOr<ledger::Role> role = ledger::ParseRole(fields[2]);
    if (!role.ok()) return bad(role.status().message());
    ledger::Caller caller{fields[1], *role};
    if (fields[0] == "cert" && fields.size() == 3) {
      certificates[fields[1]] = std::move(caller);
    } else if (fields[0] == "token" && fields.size() == 5) {
      auto is_hex = [](const std::string& text) {
        return !text.empty() && text.size() % 2 == 0 &&
               text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
      };
      if (!is_hex(fields[3]) || !is_hex(fields[4]) || fields[4].size() != 64) {
        return bad("the salt and hash are hexadecimal, the hash 32 bytes");
      }
      std::string salt = absl::HexStringToBytes(fields[3]);
      std::string hash = absl::HexStringToBytes(fields[4]);
      tokens.push_back({std::move(caller), std::move(salt), std::move(hash)});
    } else {
      return bad("expected `token NAME ROLE SALT HASH` or `cert NAME ROLE`");
    }
  }
  tokens_ = std::move(tokens);
  certificates_ = std::move(certificates);
  verified_.clear();
  size_ = info.st_size;
  modified_ = info.st_mtim;
  return absl::OkStatus();
}

absl::StatusOr<ledger::Caller> IdentityFile::FindToken(absl::string_view token) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(ReloadIfChanged(/*force=*/false));
  if (auto it = verified_.find(token); it != verified_.end()) return it->second;
  // Not seen yet: maybe just added, so look at the file before refusing.
  RETURN_IF_ERROR(ReloadIfChanged(/*force=*/true));
  for (const TokenEntry& entry : tokens_) {
    const std::string hash = ledger::core::Sha256(entry.salt, token);
    if (CRYPTO_memcmp(hash.data(), entry.hash.data(), hash.size()) == 0) {
      verified_.emplace(token, entry.caller);
      return entry.caller;
    }
  }
  return absl::UnauthenticatedError("the bearer token is not known to this server");
}

absl::StatusOr<ledger::Caller> IdentityFile::FindCertificate(absl::string_view common_name) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(ReloadIfChanged(/*force=*/false));
  auto it = certificates_.find(common_name);
  if (it == certificates_.end()) {
    RETURN_IF_ERROR(ReloadIfChanged(/*force=*/true));
    it = certificates_.find(common_name);
  }
  if (it == certificates_.end()) {
    return absl::UnauthenticatedError(absl::StrCat("the client certificate's name \"", common_name,
                                                   "\" is not registered on this server"));
  }
  return it->second;
}

}  // namespace besluitlog::services
