// Municipalities: the municipalities the ledger knows, for the acts that
// name one (RequestRatification, RecordCollegeDecision, RequestZienswijze,
// SubmitZienswijze). A municipality is known once a body of kind COLLEGE or
// GEMEENTERAAD names it in its config (`municipality`), as the seed
// establishes the College and the council of each municipality of the
// arrangement; its spelling there is the canonical one.
//
// A ledger that knows no municipality at all (no such body established)
// has nothing to check against: there every name is taken as given.
//
// Guarantees: Resolve reads what the log holds durably beyond what it has
// folded (BodyEstablished / BodyChanged events only), so a body established
// before the call is known; a name is matched ignoring case and
// surrounding white space and answered in its canonical spelling. The
// first call reads the whole log once (the body events are few; later calls
// read only what came after).
//
// Thread-safe.
#ifndef BESLUITLOG_LEDGER_GOVERNANCE_MUNICIPALITIES_H_
#define BESLUITLOG_LEDGER_GOVERNANCE_MUNICIPALITIES_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "ledger/event_log.h"

namespace besluitlog::ledger::governance {

class Municipalities {
 public:
  // `log` must outlive this object.
  explicit Municipalities(const EventLog* log) : log_(log) {}
  Municipalities(const Municipalities&) = delete;
  Municipalities& operator=(const Municipalities&) = delete;

  // The canonical spelling of `name` ("dordrecht" -> "Dordrecht").
  // INVALID_ARGUMENT naming `field`, the name and the known municipalities
  // when the ledger knows some, but none by that name; `name` itself when
  // it knows none at all.
  [[nodiscard]] absl::StatusOr<std::string> Resolve(absl::string_view field,
                                                    absl::string_view name);

 private:
  absl::Status CatchUp() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const EventLog* const log_;
  absl::Mutex mu_;
  uint64_t next_position_ ABSL_GUARDED_BY(mu_) = 1;
  // Body id -> the municipality its config names (COLLEGE / GEMEENTERAAD).
  std::map<std::string, std::string> by_body_ ABSL_GUARDED_BY(mu_);
};

}  // namespace besluitlog::ledger::governance

#endif  // BESLUITLOG_LEDGER_GOVERNANCE_MUNICIPALITIES_H_
