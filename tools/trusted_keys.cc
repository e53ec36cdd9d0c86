#include "tools/trusted_keys.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/core/sha256.h"
#include "ledger/core/signed_note.h"
#include "ledger/core/status_macros.h"
#include "tools/file_text.h"

namespace besluitlog::tools {
namespace {

constexpr absl::string_view kFingerprintPrefix = "SHA256:";
constexpr size_t kEd25519KeySize = 32;
// DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the raw key.
// (Its last byte is NUL, so the length is given.)
constexpr absl::string_view kEd25519SpkiPrefix("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00",
                                               12);

bool IsHex(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

// The digest a fingerprint stands for, or nullopt when `text` is not one.
std::optional<std::string> ParseFingerprint(absl::string_view text) {
  if (text.size() < kFingerprintPrefix.size() ||
      !absl::EqualsIgnoreCase(text.substr(0, kFingerprintPrefix.size()), kFingerprintPrefix)) {
    return std::nullopt;
  }
  std::string hex;
  for (char c : text.substr(kFingerprintPrefix.size())) {
    if (c == '-' || c == ':' || c == ' ') continue;
    hex.push_back(c);
  }
  if (hex.size() != 64 || !IsHex(hex)) return std::nullopt;
  return absl::HexStringToBytes(absl::AsciiStrToLower(hex));
}

// A raw Ed25519 key from hex or from an Ed25519 PEM "PUBLIC KEY".
std::optional<std::string> ParsePublicKey(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() == 2 * kEd25519KeySize && IsHex(text)) {
    return absl::HexStringToBytes(absl::AsciiStrToLower(text));
  }
  constexpr absl::string_view kBegin = "-----BEGIN PUBLIC KEY-----";
  constexpr absl::string_view kEnd = "-----END PUBLIC KEY-----";
  if (!absl::ConsumePrefix(&text, kBegin) || !absl::ConsumeSuffix(&text, kEnd)) {
    return std::nullopt;
  }
  std::string base64;
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) base64.push_back(c);
  }
  std::string der;
  if (!absl::Base64Unescape(base64, &der) ||
      der.size() != kEd25519SpkiPrefix.size() + kEd25519KeySize ||
      !absl::StartsWith(der, kEd25519SpkiPrefix)) {
    return std::nullopt;
  }
  return der.substr(kEd25519SpkiPrefix.size());
}

std::string TrustedKeysPath(const std::string& config_dir) { return config_dir + "/trusted_keys"; }

std::string CheckpointPath(const std::string& config_dir, absl::string_view public_key) {
  return absl::StrCat(config_dir, "/checkpoints/",
                      absl::BytesToHexString(ledger::core::Sha256(public_key)), ".json");
}

// Creates `directory` (and parents) readable by the owner only: what is
// kept there decides what the auditor believes.
absl::Status MakePrivateDirectory(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot create ", directory, ": ", error.message()));
  }
  chmod(directory.c_str(), 0700);
  return absl::OkStatus();
}

}  // namespace

std::string FingerprintOfDigest(absl::string_view digest) {
  const std::string hex = absl::BytesToHexString(digest);
  std::string out(kFingerprintPrefix);
  for (size_t i = 0; i < hex.size(); i += 4) {
    if (i > 0) out += '-';
    out += hex.substr(i, 4);
  }
  return out;
}

std::string KeyFingerprint(absl::string_view public_key) {
  return FingerprintOfDigest(ledger::core::Sha256(public_key));
}

absl::StatusOr<std::string> ConfigDirectory() {
  // XDG Base Directory: a relative $XDG_CONFIG_HOME is invalid and ignored.
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] == '/') {
    return absl::StrCat(xdg, "/besluitlog");
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return absl::StrCat(home, "/.config/besluitlog");
  }
  return absl::FailedPreconditionError(
      "neither $XDG_CONFIG_HOME nor $HOME is set, so there is no configuration directory for "
      "trusted keys and checkpoints; set one of them");
}

absl::StatusOr<std::string> KeyDigestFromArgument(const std::string& argument) {
  if (std::optional<std::string> digest = ParseFingerprint(argument)) return *digest;
  if (std::optional<std::string> key = ParsePublicKey(argument)) return ledger::core::Sha256(*key);
  // The log's C2SP verifier key, as besluitlogd prints it (ledger/core/signed_note.h).
  if (absl::StatusOr<ledger::core::VerifierKey> vkey = ledger::core::ParseVerifierKey(argument);
      vkey.ok() && vkey->type == ledger::core::kNoteEd25519) {
    return ledger::core::Sha256(vkey->public_key);
  }
  std::error_code error;
  if (std::filesystem::is_regular_file(argument, error)) {
    ASSIGN_OR_RETURN(const std::string text, ReadFileText(argument, "public key"));
    const std::string trimmed(absl::StripAsciiWhitespace(text));
    if (std::optional<std::string> digest = ParseFingerprint(trimmed)) return *digest;
    if (std::optional<std::string> key = ParsePublicKey(trimmed)) return ledger::core::Sha256(*key);
    return absl::InvalidArgumentError(absl::StrCat(
        argument, " holds no Ed25519 public key (hex or PEM) and no SHA256: fingerprint"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--trust_key takes a fingerprint as printed (SHA256:xxxx-xxxx-...), the server's public "
      "key in hex, its verifier key (<origin>+<key ID>+<key>), or a file holding one; \"",
      argument, "\" is none of these"));
}

SignerTrust SignerTrust::Only(std::string public_key) {
  SignerTrust trust;
  trust.only_ = std::move(public_key);
  return trust;
}

absl::StatusOr<SignerTrust> SignerTrust::Load(const std::string& config_dir) {
  SignerTrust trust;
  trust.store_ = TrustedKeysPath(config_dir);
  std::ifstream in(trust.store_);
  if (!in) return trust;  // Nothing pinned yet.
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty() || text[0] == '#') continue;
    const absl::string_view first = text.substr(0, text.find_first_of(" \t"));
    std::optional<std::string> digest = ParseFingerprint(first);
    if (!digest.has_value()) {
      return absl::DataLossError(absl::StrCat(trust.store_, " line ", number,
                                              " does not start with a SHA256: fingerprint"));
    }
    trust.digests_.insert(*std::move(digest));
  }
  return trust;
}

absl::Status SignerTrust::Check(const std::string& public_key) const {
  const std::string fingerprint = KeyFingerprint(public_key);
  if (!only_.empty()) {
    if (public_key == only_) return absl::OkStatus();
    return absl::PermissionDeniedError(
        absl::StrCat("the checkpoint is signed by key ", fingerprint, ", not by the trusted key ",
                     KeyFingerprint(only_), " given with --public_key"));
  }
  if (digests_.contains(ledger::core::Sha256(public_key))) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "unknown signer: the checkpoint is signed by a key you have not trusted, fingerprint ",
      fingerprint,
      ". A signature proves nothing until you know whose key it is: compare this fingerprint "
      "with the one the ledger's operator publishes (besluitlogd prints it when it starts), "
      "over another channel than this server or file; if they match, pin it with\n  "
      "ledgerctl audit --trust_key ",
      fingerprint, "\n(kept in ",
      store_.empty() ? std::string("$XDG_CONFIG_HOME/besluitlog/trusted_keys") : store_,
      ") or name the key with --public_key"));
}

absl::StatusOr<std::string> PinKey(const std::string& config_dir, const std::string& digest,
                                   const std::string& note) {
  RETURN_IF_ERROR(MakePrivateDirectory(config_dir));
  const std::string path = TrustedKeysPath(config_dir);
  ASSIGN_OR_RETURN(const SignerTrust existing, SignerTrust::Load(config_dir));
  if (existing.digests_.contains(digest)) return path;
  std::string text;
  if (absl::StatusOr<std::string> old = ReadFileText(path, "trusted keys"); old.ok()) {
    text = *std::move(old);
  } else {
    text = "# Checkpoint signers ledgerctl audit believes; see docs/audit.md.\n";
  }
  if (!text.empty() && text.back() != '\n') text += '\n';
  absl::StrAppend(&text, FingerprintOfDigest(digest), note.empty() ? "" : " ", note, "\n");
  RETURN_IF_ERROR(WriteFileTextAtomically(path, text));
  return path;
}

absl::StatusOr<std::optional<v1::Checkpoint>> LoadLastCheckpoint(const std::string& config_dir,
                                                                 const std::string& public_key) {
  const std::string path = CheckpointPath(config_dir, public_key);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::optional<v1::Checkpoint>();
  std::stringstream text;
  text << in.rdbuf();
  v1::Checkpoint checkpoint;
  if (!google::protobuf::util::JsonStringToMessage(text.str(), &checkpoint).ok() ||
      checkpoint.public_key() != public_key) {
    return absl::DataLossError(absl::StrCat(path, " is not a checkpoint of key ",
                                            KeyFingerprint(public_key),
                                            "; move it away to start this key's history afresh"));
  }
  return std::optional<v1::Checkpoint>(std::move(checkpoint));
}

absl::StatusOr<std::string> SaveLastCheckpoint(const std::string& config_dir,
                                               const v1::Checkpoint& checkpoint) {
  RETURN_IF_ERROR(MakePrivateDirectory(config_dir));
  RETURN_IF_ERROR(MakePrivateDirectory(config_dir + "/checkpoints"));
  const std::string path = CheckpointPath(config_dir, checkpoint.public_key());
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(checkpoint, &json);
  RETURN_IF_ERROR(WriteFileTextAtomically(path, json + "\n"));
  return path;
}

}  // namespace besluitlog::tools
