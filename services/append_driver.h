// AppendDriver serves LedgerService.Append on one completion queue.
//
// Two threads form a pipeline. The queue thread does all of gRPC's network
// work; each time the queue has no more ready events, it writes every append
// received since the last write as one group (EventLog::WriteEach: one
// WriteBatch, not yet synced) and hands the group on. The answer thread waits
// until the group is durable (EventLog::AwaitDurable: one fsync covers every
// group written before it started) and wakes the queue thread with an alarm,
// which then answers each call (answering from the queue thread lets gRPC
// coalesce the network writes). So the fsync of one group overlaps with
// receiving and writing the next, and no call is answered before its events
// are on disk.
//
// Lifecycle: Start() once; after the gRPC server's Shutdown() has returned,
// Stop() answers what is still in the pipeline, shuts the queue down and
// joins both threads. Not copyable; Start/Stop from one thread.
#ifndef BESLUITLOG_SERVICES_APPEND_DRIVER_H_
#define BESLUITLOG_SERVICES_APPEND_DRIVER_H_

#include <atomic>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/alarm.h"
#include "grpcpp/grpcpp.h"
#include "ledger/event_log.h"
#include "services/authenticator.h"
#include "services/ledger_service.h"

namespace besluitlog::services {

class AppendDriver {
 public:
  // `discard_appends` answers every Append at once without storing it: a
  // no-op handler for benchmarks that measure gRPC's own cost.
  AppendDriver(AsyncAppendLedgerService* service,
               std::unique_ptr<grpc::ServerCompletionQueue> queue, ledger::EventLog* log,
               const Authenticator* auth, bool discard_appends);
  AppendDriver(const AppendDriver&) = delete;
  AppendDriver& operator=(const AppendDriver&) = delete;
  ~AppendDriver();

  void Start();
  // From now on appends received are refused with UNAVAILABLE, nothing
  // stored; those received before are still written and answered.
  void BeginShutdown();
  void Stop();

 private:
  struct Call;
  struct WrittenGroup {
    std::vector<Call*> calls;
    std::vector<absl::StatusOr<v1::AppendResult>> results;
    uint64_t durable_after = 0;
    absl::Status durable;  // Set by the answer thread.
  };

  void RunQueue();
  void RunDurability();
  void AnswerDurableGroups();
  void RequestNextCall();
  void WriteAndHandOn(std::vector<Call*>& received);
  void Answer(Call* call, const absl::StatusOr<v1::AppendResult>& result);

  AsyncAppendLedgerService* const service_;
  std::unique_ptr<grpc::ServerCompletionQueue> queue_;
  ledger::EventLog* const log_;
  const Authenticator* const auth_;
  const bool discard_appends_;
  std::atomic<bool> refusing_{false};
  std::thread queue_thread_;
  std::thread durability_thread_;
  grpc::Alarm durable_alarm_;
  // The tag the alarm delivers; its address is all that matters.
  char durable_alarm_tag_ = 0;

  absl::Mutex mu_;
  std::deque<WrittenGroup> written_ ABSL_GUARDED_BY(mu_);
  std::deque<WrittenGroup> durable_ ABSL_GUARDED_BY(mu_);
  bool alarm_pending_ ABSL_GUARDED_BY(mu_) = false;
  // Calls received and not yet answered.
  size_t unanswered_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_APPEND_DRIVER_H_
