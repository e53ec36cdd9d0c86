// UUIDs as the ledger uses them for event ids, correlation and causation ids.
//
// The canonical text form is lower-case 8-4-4-4-12 hex (RFC 9562 section 4);
// upper-case input is accepted and normalised. Binary form is 16 bytes.
// All functions are thread-safe.
#ifndef BESLUITLOG_LEDGER_UUID_H_
#define BESLUITLOG_LEDGER_UUID_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace besluitlog::ledger {

using UuidBytes = std::array<uint8_t, 16>;

// Parses the 36-character text form. INVALID_ARGUMENT names what is wrong.
[[nodiscard]] absl::StatusOr<UuidBytes> ParseUuid(absl::string_view text);

// Lower-case 8-4-4-4-12 text.
std::string FormatUuid(const UuidBytes& bytes);

// A random version-4 UUID from a cryptographically seeded generator.
UuidBytes NewRandomUuid();

// A version-7 UUID (RFC 9562 section 5.7): 48 bits of Unix milliseconds from
// `now`, then random bits. Ids made later sort later (to the millisecond),
// which keeps index inserts cheap.
UuidBytes NewTimeOrderedUuid(absl::Time now);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_UUID_H_
