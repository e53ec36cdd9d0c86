// How many events one read of the log returns at most: the EventLog's
// limit, which its gRPC readers (ReadAll, ReadStream) answer with, so that a
// client asking for this many gets full pages.
#ifndef BESLUITLOG_LEDGER_CORE_PAGE_SIZE_H_
#define BESLUITLOG_LEDGER_CORE_PAGE_SIZE_H_

#include <cstddef>

namespace besluitlog::ledger::core {

inline constexpr size_t kMaxPageSize = 10000;

}  // namespace besluitlog::ledger::core

#endif  // BESLUITLOG_LEDGER_CORE_PAGE_SIZE_H_
