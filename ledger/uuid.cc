#include "ledger/uuid.h"

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace besluitlog::ledger {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsDashIndex(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

absl::StatusOr<UuidBytes> ParseUuid(absl::string_view text) {
  if (text.size() != 36) {
    return absl::InvalidArgumentError(absl::StrCat("malformed UUID \"", text,
                                                   "\": expected 36 characters in the form "
                                                   "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, got ",
                                                   text.size()));
  }
  UuidBytes out{};
  size_t nibble = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsDashIndex(i)) {
      if (text[i] != '-') {
        return absl::InvalidArgumentError(
            absl::StrCat("malformed UUID \"", text, "\": expected '-' at offset ", i));
      }
      continue;
    }
    const int v = HexValue(text[i]);
    if (v < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed UUID \"", text, "\": non-hex character at offset ", i));
    }
    out[nibble / 2] |= static_cast<uint8_t>(nibble % 2 == 0 ? v << 4 : v);
    ++nibble;
  }
  return out;
}

std::string FormatUuid(const UuidBytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xf]);
  }
  return out;
}

namespace {

// Two random 64-bit words from one process-wide generator. absl::BitGen is
// seeded from the OS entropy source and is not thread-safe, hence the mutex.
void RandomWords(uint64_t* hi, uint64_t* lo) {
  static absl::Mutex mu(absl::kConstInit);
  static absl::BitGen* gen ABSL_GUARDED_BY(mu) = new absl::BitGen();
  absl::MutexLock lock(&mu);
  *hi = absl::Uniform<uint64_t>(*gen);
  *lo = absl::Uniform<uint64_t>(*gen);
}

UuidBytes FromWords(uint64_t hi, uint64_t lo, int version) {
  UuidBytes out;
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<uint8_t>(hi >> (56 - 8 * i));
    out[8 + i] = static_cast<uint8_t>(lo >> (56 - 8 * i));
  }
  out[6] = static_cast<uint8_t>((out[6] & 0x0f) | (version << 4));
  out[8] = (out[8] & 0x3f) | 0x80;  // RFC variant.
  return out;
}

}  // namespace

UuidBytes NewRandomUuid() {
  uint64_t hi, lo;
  RandomWords(&hi, &lo);
  return FromWords(hi, lo, 4);
}

UuidBytes NewTimeOrderedUuid(absl::Time now) {
  uint64_t hi, lo;
  RandomWords(&hi, &lo);
  const uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(now));
  hi = (millis << 16) | (hi & 0xffff);
  return FromWords(hi, lo, 7);
}

}  // namespace besluitlog::ledger
