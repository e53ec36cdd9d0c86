// Fixed-width big-endian integers, so that byte order equals numeric order
// in keys (event log, projection store) and in hashed encodings. Pure: no
// storage engine behind it. Thread-safe (stateless).
#ifndef BESLUITLOG_LEDGER_CORE_BIG_ENDIAN_H_
#define BESLUITLOG_LEDGER_CORE_BIG_ENDIAN_H_

#include <cstdint>
#include <string>

namespace besluitlog::ledger::core {

void AppendBigEndian64(uint64_t value, std::string* out);
// Reads 8 bytes at `bytes`; the caller checks there are 8.
uint64_t ReadBigEndian64(const char* bytes);

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_BIG_ENDIAN_H_
