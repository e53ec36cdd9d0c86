// EventLogOptions: how an EventLog is opened. Plain values, copied at Open.
#ifndef BESLUITLOG_LEDGER_EVENT_LOG_OPTIONS_H_
#define BESLUITLOG_LEDGER_EVENT_LOG_OPTIONS_H_

#include <cstdint>

#include "ledger/append_validation.h"
#include "ledger/clock.h"

namespace besluitlog::ledger {

struct EventLogOptions {
  AppendLimits limits;
  // fsync the WAL before an append is acknowledged. Only benchmarks of the
  // storage engine itself should turn this off.
  bool sync_writes = true;
  // Open without taking the write lock, for offline verification.
  bool read_only = false;
  // Appends are refused with RESOURCE_EXHAUSTED while the file system of
  // the data dir has less free space than this, so that RocksDB itself
  // never runs out (its flushes and compactions need room too); they are
  // accepted again as soon as space returns. 0 turns the check off.
  uint64_t min_free_disk_bytes = 256 << 20;
  const Clock* clock = SystemClock::Get();
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_EVENT_LOG_OPTIONS_H_
