// LedgerService: the gRPC face of ledger::EventLog.
//
// Append is served asynchronously by AppendDriver (see append_driver.h) so
// that concurrent appends share one fsync; every other RPC is a synchronous
// handler here. Handlers only translate between protos and the log; all rules
// live in ledger/.
//
// Thread-safety: handlers run concurrently on gRPC's threads; the log is
// thread-safe. BeginShutdown() may be called from any thread.
#ifndef BESLUITLOG_SERVICES_LEDGER_SERVICE_H_
#define BESLUITLOG_SERVICES_LEDGER_SERVICE_H_

#include <atomic>

#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "ledger/chain_verifier.h"
#include "ledger/event_log.h"
#include "services/authenticator.h"

namespace besluitlog::services {

using AsyncAppendLedgerService =
    v1::LedgerService::WithAsyncMethod_Append<v1::LedgerService::Service>;

class LedgerServiceImpl final : public AsyncAppendLedgerService {
 public:
  // All must outlive the service; `scrubber` may be null (no scrub). At
  // most `max_subscriptions` are open at once; more are refused with
  // RESOURCE_EXHAUSTED.
  LedgerServiceImpl(ledger::EventLog* log, const Authenticator* auth, int max_subscriptions,
                    const ledger::ChainScrubber* scrubber = nullptr)
      : log_(log), auth_(auth), max_subscriptions_(max_subscriptions), scrubber_(scrubber) {}

  // Ends open subscriptions soon (within one poll interval).
  void BeginShutdown() { shutting_down_ = true; }

  grpc::Status AppendMulti(grpc::ServerContext* context, const v1::AppendMultiRequest* request,
                           v1::AppendMultiResponse* response) override;
  grpc::Status ReadStream(grpc::ServerContext* context, const v1::ReadStreamRequest* request,
                          v1::ReadStreamResponse* response) override;
  grpc::Status ReadAll(grpc::ServerContext* context, const v1::ReadAllRequest* request,
                       v1::ReadAllResponse* response) override;
  grpc::Status Subscribe(grpc::ServerContext* context, const v1::SubscribeRequest* request,
                         grpc::ServerWriter<v1::SubscribeResponse>* writer) override;
  grpc::Status GetHead(grpc::ServerContext* context, const v1::GetHeadRequest* request,
                       v1::GetHeadResponse* response) override;
  grpc::Status GetIntegrity(grpc::ServerContext* context, const v1::GetIntegrityRequest* request,
                            v1::IntegrityStatus* response) override;

 private:
  ledger::EventLog* const log_;
  const Authenticator* const auth_;
  const int max_subscriptions_;
  const ledger::ChainScrubber* const scrubber_;
  std::atomic<int> subscriptions_{0};
  std::atomic<bool> shutting_down_{false};
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_LEDGER_SERVICE_H_
