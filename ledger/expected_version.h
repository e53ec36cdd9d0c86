// The expected-version rule of an append: a StreamAppend names the stream
// version it was decided against (none, any existing, an exact one, or
// any), and the event log refuses it when the stream is elsewhere.
//
// The refusal is FAILED_PRECONDITION with a payload that tells it apart from
// other FAILED_PRECONDITIONs (such as a log that refuses writes after
// damage): only this one means "re-read the stream and decide again".
// Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_EXPECTED_VERSION_H_
#define BESLUITLOG_LEDGER_EXPECTED_VERSION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "besluitlog/v1/event.pb.h"

namespace besluitlog::ledger {

// True for the FAILED_PRECONDITION an append gets when a stream is not at
// the expected version: the caller should re-read and decide again.
bool IsWrongExpectedVersion(const absl::Status& status);

// Whether a stream at version `actual` (0: no stream) satisfies `expected`.
bool ExpectedVersionHolds(const v1::ExpectedVersion& expected, uint64_t actual);

// The refusal of an append to `stream_id` at version `actual`, for which
// IsWrongExpectedVersion holds.
absl::Status WrongExpectedVersionError(const std::string& stream_id,
                                       const v1::ExpectedVersion& expected, uint64_t actual);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EXPECTED_VERSION_H_
