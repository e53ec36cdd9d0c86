// WitnessCollector: the log's side of c2sp.org/tlog-witness. It offers the
// log's checkpoints to the configured witnesses with a consistency proof
// from the size each last cosigned, keeps the cosignatures, and remembers
// the newest checkpoint whose cosignatures meet the policy ("at least k of
// these n"), so that AuditService serves it.
//
// Guarantees:
//  - Appends never wait for a witness: the collector runs on its own
//    thread, reads the head like any reader, and each witness is asked on
//    its own thread with connect/read/write timeouts.
//  - Batching: at most one round per batch interval while the head moves;
//    none while it stands still; CollectNow() starts one at once.
//  - Only cosignatures that verify under the configured witness key count.
//  - The newest witnessed checkpoint is kept durably
//    (`<state_file>`, ledger/core/durable_file.h) and loaded at start, so a
//    restart serves it before the witnesses answer again.
//  - No checkpoint is signed while the log reports damage.
//
// Thread-safety: all public methods are thread-safe. The EventLog and the
// signer must outlive the collector.
#ifndef BESLUITLOG_SERVICES_WITNESS_COLLECTOR_H_
#define BESLUITLOG_SERVICES_WITNESS_COLLECTOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/core/signed_note.h"
#include "ledger/event_log.h"

namespace besluitlog::services {

struct WitnessEndpoint {
  ledger::core::VerifierKey key;  // Type 0x04 (cosignature/v1).
  // http://host:port or https://host:port, optionally with a path prefix;
  // add-checkpoint is POSTed to <url>/add-checkpoint.
  std::string url;
};
// "name=<verifier key>@<url>" (besluitlogd --witness); the name must be the
// key's. INVALID_ARGUMENT saying what is wrong.
[[nodiscard]] absl::StatusOr<WitnessEndpoint> ParseWitnessFlag(const std::string& text);

struct WitnessCollectorOptions {
  std::string origin;  // The checkpoints' first line and the log key's name.
  std::vector<WitnessEndpoint> witnesses;
  int policy = 1;  // Cosignatures a checkpoint needs to count as witnessed.
  absl::Duration batch_interval = absl::Seconds(2);
  absl::Duration timeout = absl::Seconds(5);  // Per witness request step.
  std::string state_file;                     // Empty: not kept.
  // PEM file of the CAs whose certificates https:// witnesses may show;
  // empty: the system's CAs. A witness whose certificate does not verify
  // (or names another host) is not asked.
  std::string tls_ca;
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

class WitnessCollector {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<WitnessCollector>> Start(
      const ledger::EventLog* log, const ledger::core::CheckpointSigner* signer,
      WitnessCollectorOptions options);
  ~WitnessCollector();  // Stops the thread (a round in progress ends first).
  WitnessCollector(const WitnessCollector&) = delete;
  WitnessCollector& operator=(const WitnessCollector&) = delete;

  // Starts a round on the current head now and returns when it is done.
  void CollectNow();

  struct View {
    uint64_t cosigned_size = 0;  // The size `cosigned_note` states.
    std::string cosigned_note;   // Last round's note with its cosignatures.
    std::string witnessed_note;  // Newest note meeting the policy; may be "".
  };
  View view() const;
  int policy() const { return options_.policy; }

 private:
  WitnessCollector(const ledger::EventLog* log, const ledger::core::CheckpointSigner* signer,
                   WitnessCollectorOptions options);
  void Run();
  void Round();
  // Asks witness `index` to cosign `note` (of `size`); the cosignature
  // line on success, "" otherwise (logged).
  std::string Ask(size_t index, const std::string& note, const std::string& text, uint64_t size);

  const ledger::EventLog* const log_;
  const ledger::core::CheckpointSigner* const signer_;
  const WitnessCollectorOptions options_;

  mutable absl::Mutex mutex_;
  bool stop_ ABSL_GUARDED_BY(mutex_) = false;
  uint64_t requested_ ABSL_GUARDED_BY(mutex_) = 0;
  uint64_t served_ ABSL_GUARDED_BY(mutex_) = 0;
  View view_ ABSL_GUARDED_BY(mutex_);
  uint64_t witnessed_size_ ABSL_GUARDED_BY(mutex_) = 0;
  // Per witness: the size it last cosigned, as far as the collector knows
  // (a 409 tells it better). Only the collector thread touches these.
  std::vector<uint64_t> witness_sizes_;
  uint64_t last_round_size_ = UINT64_MAX;
  std::thread thread_;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_WITNESS_COLLECTOR_H_
