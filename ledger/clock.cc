#include "ledger/clock.h"

namespace besluitlog::ledger {

SystemClock* SystemClock::Get() {
  static SystemClock* const clock = new SystemClock();
  return clock;
}

}  // namespace besluitlog::ledger
