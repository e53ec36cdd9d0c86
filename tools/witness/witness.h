// A transparency-log witness (c2sp.org/tlog-witness): it remembers, per log
// origin, the last checkpoint it cosigned, and cosigns a new checkpoint
// only when the log proves it an append-only extension of that one. Each
// party of the governance structure (a municipality, a provider
// combination) can run one: a log that shows two histories to two
// audiences cannot get both cosigned by the same witness.
//
// Protocol (add-checkpoint's body and answers, as the spec sets them):
//   body     "old <size>\n" <= 63 "<base64 hash>\n" "\n" <checkpoint note>
//   200      the cosignature line(s) (c2sp.org/tlog-cosignature, type 0x04)
//   400      malformed body, or old > the checkpoint's size
//   403      no signature by a key the witness trusts for the origin
//   404      an origin the witness is not configured for
//   409      old is not the size it last cosigned (body "<size>\n",
//            Content-Type text/x.tlog.size), or the same size with
//            another root
//   422      the consistency proof does not verify
//
// Guarantees:
//  - Checking "old" and storing the new state happen under one lock, and
//    the state is durable (ledger/core/durable_file.h) before a
//    cosignature leaves: it never cosigns two roots for one size nor a
//    smaller tree than one it cosigned, across restarts and kill -9.
//  - State file `<data_dir>/witness_state`, one line per origin:
//    "<origin> <size> <base64 root>\n". Its key: `<data_dir>/witness_key.pem`
//    (created on first start, owner-only); its verifier key (type 0x04)
//    in `<data_dir>/witness.vkey`.
//
// Thread-safety: AddCheckpoint may be called from many threads.
#ifndef BESLUITLOG_TOOLS_WITNESS_WITNESS_H_
#define BESLUITLOG_TOOLS_WITNESS_WITNESS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/signed_note.h"

namespace besluitlog::tools::witness {

struct WitnessOptions {
  std::string data_dir;
  std::string name;                             // The witness's key name.
  std::vector<ledger::core::VerifierKey> logs;  // Trusted log keys; origin = key name.
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class Witness {
 public:
  // Loads (or creates) the key and the state in options.data_dir.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Witness>> Open(WitnessOptions options);
  ~Witness();
  Witness(const Witness&) = delete;
  Witness& operator=(const Witness&) = delete;

  // One POST /add-checkpoint.
  HttpAnswer AddCheckpoint(absl::string_view body);

  // This witness's verifier key (type 0x04).
  const ledger::core::VerifierKey& verifier_key() const { return verifier_key_; }

 private:
  struct LogState {
    uint64_t size = 0;
    std::string root;
  };
  Witness(WitnessOptions options, std::unique_ptr<ledger::core::CheckpointSigner> signer,
          std::map<std::string, LogState> state, int lock_fd);
  absl::Status SaveLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const WitnessOptions options_;
  const std::unique_ptr<ledger::core::CheckpointSigner> signer_;
  const ledger::core::VerifierKey verifier_key_;
  absl::Mutex mutex_;
  std::map<std::string, LogState> state_ ABSL_GUARDED_BY(mutex_);
  // An exclusive flock on <data_dir>/LOCK: two witness processes on one
  // state could together cosign two roots for one size.
  const int lock_fd_;
};

}  // namespace besluitlog::tools::witness

#endif  // BESLUITLOG_TOOLS_WITNESS_WITNESS_H_
