// The source of "now" for the ledger. Domain code receives a Clock so that
// tests can fix time; only SystemClock reads the real clock.
//
// Thread-safety: implementations must be safe to call from any thread.
#ifndef BESLUITLOG_LEDGER_CLOCK_H_
#define BESLUITLOG_LEDGER_CLOCK_H_

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace besluitlog::ledger {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  // A process-wide instance; never destroyed.
  static SystemClock* Get();
};

// A clock that only moves when told to. For tests and replays.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time t) {
    absl::MutexLock lock(&mu_);
    now_ = t;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_CLOCK_H_
