#include "ledger/core/signed_note.h"

#include <openssl/evp.h>

#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "ledger/core/big_endian.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/sha256.h"

namespace besluitlog::ledger::core {
namespace {

constexpr size_t kEd25519KeySize = 32;
constexpr size_t kEd25519SignatureSize = 64;
// Far above the 16 signatures signed-note asks verifiers to accept, and
// bounded so a hostile note cannot make us verify without end.
constexpr size_t kMaxSignatures = 100;
constexpr size_t kMaxNoteSize = 1 << 20;

// Standard base64 with padding, accepted only in its one canonical form.
bool StrictBase64Decode(absl::string_view text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  std::string decoded;
  if (!absl::Base64Unescape(text, &decoded)) return false;
  if (absl::Base64Escape(decoded) != text) return false;
  *out = std::move(decoded);
  return true;
}

// Key names and origins: non-empty, no Unicode (here: ASCII) spaces, no '+'.
bool ValidKeyName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || c == '+' || u == 0x7f) return false;
  }
  return true;
}

bool ParseDecimal(absl::string_view text, uint64_t* value) {
  if (text.empty() || text.size() > 20) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, value);
}

uint32_t ReadBigEndian32(absl::string_view bytes) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[0])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(bytes[2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(bytes[3]));
}

void AppendBigEndian32(uint32_t value, std::string* out) {
  out->push_back(static_cast<char>(value >> 24));
  out->push_back(static_cast<char>(value >> 16));
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value));
}

absl::StatusOr<NoteSignature> ParseSignatureLine(absl::string_view line) {
  if (!absl::ConsumePrefix(&line, kNoteSignaturePrefix)) {
    return absl::InvalidArgumentError(
        "a note signature line starts with an em dash (U+2014) and a space");
  }
  const size_t space = line.find(' ');
  if (space == absl::string_view::npos) {
    return absl::InvalidArgumentError("a note signature line is \"— <key name> <base64>\"");
  }
  NoteSignature signature;
  signature.name = std::string(line.substr(0, space));
  if (!ValidKeyName(signature.name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the key name \"", signature.name,
                     "\" is empty or holds a space, a control character or '+'"));
  }
  std::string bytes;
  if (!StrictBase64Decode(line.substr(space + 1), &bytes) || bytes.size() < 5) {
    return absl::InvalidArgumentError(absl::StrCat("the signature by ", signature.name,
                                                   " is not base64 of a key ID and a signature"));
  }
  signature.key_id = ReadBigEndian32(bytes);
  signature.signature = bytes.substr(4);
  return signature;
}

const VerifierKey* FindKey(const std::vector<VerifierKey>& keys, const NoteSignature& signature) {
  for (const VerifierKey& key : keys) {
    if (key.name == signature.name && key.key_id == signature.key_id) return &key;
  }
  return nullptr;
}

}  // namespace

uint32_t NoteKeyId(absl::string_view name, uint8_t type, absl::string_view public_key) {
  std::string input(name);
  input.push_back('\n');
  input.push_back(static_cast<char>(type));
  input.append(public_key.data(), public_key.size());
  return ReadBigEndian32(Sha256(input));
}

VerifierKey MakeVerifierKey(absl::string_view name, uint8_t type, absl::string_view public_key) {
  return VerifierKey{.name = std::string(name),
                     .key_id = NoteKeyId(name, type, public_key),
                     .type = type,
                     .public_key = std::string(public_key)};
}

absl::StatusOr<VerifierKey> ParseVerifierKey(absl::string_view text) {
  // The base64 part may itself hold '+', so split on the first two only.
  const std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits('+', 2));
  if (parts.size() != 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" is not a verifier key <name>+<hex key ID>+<base64(type || key)>"));
  }
  VerifierKey key;
  key.name = std::string(parts[0]);
  if (!ValidKeyName(key.name)) {
    return absl::InvalidArgumentError(absl::StrCat("the verifier key's name \"", key.name,
                                                   "\" is empty or holds a space or '+'"));
  }
  const std::string id = absl::HexStringToBytes(parts[1]);
  if (parts[1].size() != 8 || id.size() != 4 || absl::BytesToHexString(id) != parts[1]) {
    return absl::InvalidArgumentError(
        absl::StrCat("the verifier key ID \"", parts[1], "\" is not 8 lower-case hex digits"));
  }
  key.key_id = ReadBigEndian32(id);
  std::string material;
  if (!StrictBase64Decode(parts[2], &material) || material.size() != 1 + kEd25519KeySize) {
    return absl::InvalidArgumentError(
        "the verifier key's material is not base64 of a type byte and a 32-byte Ed25519 key");
  }
  key.type = static_cast<uint8_t>(material[0]);
  if (key.type != kNoteEd25519 && key.type != kNoteCosignatureV1) {
    return absl::InvalidArgumentError(
        absl::StrFormat("verifier key type 0x%02x is not supported (0x01 Ed25519 note "
                        "signatures, 0x04 Ed25519 cosignatures)",
                        key.type));
  }
  key.public_key = material.substr(1);
  if (NoteKeyId(key.name, key.type, key.public_key) != key.key_id) {
    return absl::InvalidArgumentError(
        absl::StrCat("the verifier key ID ", parts[1], " does not match the key of ", key.name));
  }
  return key;
}

std::string FormatVerifierKey(const VerifierKey& key) {
  std::string id;
  AppendBigEndian32(key.key_id, &id);
  std::string material(1, static_cast<char>(key.type));
  material += key.public_key;
  return absl::StrCat(key.name, "+", absl::BytesToHexString(id), "+", absl::Base64Escape(material));
}

std::string FormatNoteSignatureLine(const NoteSignature& signature) {
  std::string bytes;
  AppendBigEndian32(signature.key_id, &bytes);
  bytes += signature.signature;
  return absl::StrCat(kNoteSignaturePrefix, signature.name, " ", absl::Base64Escape(bytes), "\n");
}

absl::StatusOr<std::vector<NoteSignature>> ParseNoteSignatureLines(absl::string_view lines) {
  if (lines.empty() || lines.back() != '\n') {
    return absl::InvalidArgumentError("note signature lines end in a newline");
  }
  lines.remove_suffix(1);
  std::vector<NoteSignature> signatures;
  for (absl::string_view line : absl::StrSplit(lines, '\n')) {
    if (signatures.size() == kMaxSignatures) {
      return absl::InvalidArgumentError(
          absl::StrCat("a note carries at most ", kMaxSignatures, " signatures"));
    }
    absl::StatusOr<NoteSignature> signature = ParseSignatureLine(line);
    if (!signature.ok()) return signature.status();
    signatures.push_back(*std::move(signature));
  }
  return signatures;
}

absl::StatusOr<SignedNote> ParseSignedNote(absl::string_view note) {
  if (note.size() > kMaxNoteSize) {
    return absl::InvalidArgumentError("a signed note is at most 1 MiB");
  }
  for (char c : note) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') {
      return absl::InvalidArgumentError(
          "a signed note holds no control characters other than newline");
    }
  }
  // The text ends at the last blank line; what follows are signatures.
  const size_t split = note.rfind("\n\n");
  if (split == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "a signed note is text, a blank line and signature lines; no blank line found");
  }
  SignedNote parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  absl::StatusOr<std::vector<NoteSignature>> signatures =
      ParseNoteSignatureLines(note.substr(split + 2));
  if (!signatures.ok()) return signatures.status();
  parsed.signatures = *std::move(signatures);
  return parsed;
}

std::string FormatSignedNote(const SignedNote& note) {
  std::string out = note.text;
  out += "\n";
  for (const NoteSignature& signature : note.signatures) out += FormatNoteSignatureLine(signature);
  return out;
}

absl::StatusOr<CheckpointText> ParseCheckpointText(absl::string_view text) {
  if (text.empty() || text.back() != '\n') {
    return absl::InvalidArgumentError("a checkpoint's note text ends in a newline");
  }
  text.remove_suffix(1);
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() < 3) {
    return absl::InvalidArgumentError(
        "a checkpoint is at least three lines: origin, tree size, base64 root hash");
  }
  CheckpointText checkpoint;
  checkpoint.origin = std::string(lines[0]);
  if (checkpoint.origin.empty()) {
    return absl::InvalidArgumentError("a checkpoint's origin line is not empty");
  }
  if (!ParseDecimal(lines[1], &checkpoint.size)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the tree size \"", lines[1], "\" is not a decimal number without leading zeros"));
  }
  if (!StrictBase64Decode(lines[2], &checkpoint.root_hash) || checkpoint.root_hash.size() != 32) {
    return absl::InvalidArgumentError("the root hash line is not base64 of 32 bytes");
  }
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return absl::InvalidArgumentError("a checkpoint's extension lines are not empty");
    }
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

std::string FormatCheckpointText(absl::string_view origin, uint64_t size,
                                 absl::string_view root_hash) {
  return absl::StrCat(origin, "\n", size, "\n", absl::Base64Escape(root_hash), "\n");
}

bool Ed25519Verify(absl::string_view public_key, absl::string_view message,
                   absl::string_view signature) {
  if (public_key.size() != kEd25519KeySize || signature.size() != kEd25519SignatureSize) {
    return false;
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size());
  if (key == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool valid =
      EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return valid;
}

std::string CosignatureMessage(absl::string_view note_text, uint64_t timestamp) {
  return absl::StrCat("cosignature/v1\ntime ", timestamp, "\n", note_text);
}

absl::StatusOr<std::vector<VerifiedSignature>> VerifyNote(const SignedNote& note,
                                                          const std::vector<VerifierKey>& keys) {
  std::vector<VerifiedSignature> verified;
  for (const NoteSignature& signature : note.signatures) {
    const VerifierKey* key = FindKey(keys, signature);
    if (key == nullptr) continue;  // Unknown keys are ignored, by the spec.
    bool valid = false;
    uint64_t timestamp = 0;
    if (key->type == kNoteEd25519) {
      valid = Ed25519Verify(key->public_key, note.text, signature.signature);
    } else if (key->type == kNoteCosignatureV1 && signature.signature.size() == 8 + 64) {
      timestamp = ReadBigEndian64(signature.signature.data());
      valid = timestamp <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) &&
              Ed25519Verify(key->public_key, CosignatureMessage(note.text, timestamp),
                            signature.signature.substr(8));
    }
    if (!valid) {
      return absl::DataLossError(absl::StrCat("the signature by ", key->name, " (key ",
                                              FormatVerifierKey(*key),
                                              ") does not verify: the note was altered"));
    }
    bool seen = false;
    for (const VerifiedSignature& v : verified) {
      seen |= v.key.name == key->name && v.key.key_id == key->key_id;
    }
    if (!seen) verified.push_back({.key = *key, .timestamp = timestamp});
  }
  if (verified.empty()) {
    return absl::PermissionDeniedError("the note carries no signature by a trusted key");
  }
  return verified;
}

absl::StatusOr<std::string> SignCheckpointNote(const CheckpointSigner& signer,
                                               absl::string_view origin, uint64_t size,
                                               absl::string_view root_hash) {
  if (!ValidKeyName(origin)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the origin \"", origin, "\" is empty or holds a space, a control character or '+'"));
  }
  SignedNote note;
  note.text = FormatCheckpointText(origin, size, root_hash);
  absl::StatusOr<std::string> signature = signer.SignBytes(note.text);
  if (!signature.ok()) return signature.status();
  note.signatures.push_back({.name = std::string(origin),
                             .key_id = NoteKeyId(origin, kNoteEd25519, signer.public_key()),
                             .signature = *std::move(signature)});
  return FormatSignedNote(note);
}

absl::StatusOr<NoteSignature> Cosign(const CheckpointSigner& signer, absl::string_view name,
                                     absl::string_view note_text, uint64_t timestamp) {
  absl::StatusOr<std::string> signature =
      signer.SignBytes(CosignatureMessage(note_text, timestamp));
  if (!signature.ok()) return signature.status();
  NoteSignature line{.name = std::string(name),
                     .key_id = NoteKeyId(name, kNoteCosignatureV1, signer.public_key()),
                     .signature = {}};
  AppendBigEndian64(timestamp, &line.signature);
  line.signature += *signature;
  return line;
}

}  // namespace besluitlog::ledger::core
