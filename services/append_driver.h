// AppendDriver serves LedgerService.Append on one completion queue with one
// thread. Each time the queue has no more ready events, every append request
// received since the last write goes to EventLog::AppendEach as one group,
// i.e. one fsync'd WriteBatch, and then all of them are answered. On two
// cores this beats handing requests to a separate writer thread: the thread
// hand-off costs as much as the fsync (see ../shared/TOOLCHAIN.md).
//
// Lifecycle: Start() once; after the gRPC server's Shutdown() has returned,
// call Stop(), which shuts the queue down, finishes what is in flight and
// joins the thread. Not copyable; Start/Stop from one thread.
#ifndef BESLUITLOG_SERVICES_APPEND_DRIVER_H_
#define BESLUITLOG_SERVICES_APPEND_DRIVER_H_

#include <memory>
#include <thread>

#include "grpcpp/grpcpp.h"
#include "ledger/event_log.h"
#include "services/ledger_service.h"

namespace besluitlog::services {

class AppendDriver {
 public:
  // `discard_appends` answers every Append at once without storing it: a
  // no-op handler for benchmarks that measure gRPC's own cost.
  AppendDriver(AsyncAppendLedgerService* service,
               std::unique_ptr<grpc::ServerCompletionQueue> queue,
               ledger::EventLog* log, bool discard_appends);
  AppendDriver(const AppendDriver&) = delete;
  AppendDriver& operator=(const AppendDriver&) = delete;
  ~AppendDriver();

  void Start();
  void Stop();

 private:
  struct Call;

  void Run();
  void RequestNextCall();
  void WriteAndAnswer(std::vector<Call*>& received);

  AsyncAppendLedgerService* const service_;
  std::unique_ptr<grpc::ServerCompletionQueue> queue_;
  ledger::EventLog* const log_;
  const bool discard_appends_;
  std::thread thread_;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_APPEND_DRIVER_H_
