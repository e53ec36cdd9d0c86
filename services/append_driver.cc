#include "services/append_driver.h"

#include <utility>
#include <vector>

#include "services/grpc_status.h"

namespace besluitlog::services {

struct AppendDriver::Call {
  grpc::ServerContext context;
  v1::AppendRequest request;
  v1::AppendResponse response;
  grpc::ServerAsyncResponseWriter<v1::AppendResponse> responder{&context};
  bool answered = false;
};

AppendDriver::AppendDriver(AsyncAppendLedgerService* service,
                           std::unique_ptr<grpc::ServerCompletionQueue> queue,
                           ledger::EventLog* log, bool discard_appends)
    : service_(service),
      queue_(std::move(queue)),
      log_(log),
      discard_appends_(discard_appends) {}

AppendDriver::~AppendDriver() { Stop(); }

void AppendDriver::Start() {
  RequestNextCall();
  thread_ = std::thread([this] { Run(); });
}

void AppendDriver::Stop() {
  if (!thread_.joinable()) return;
  queue_->Shutdown();
  thread_.join();
}

void AppendDriver::RequestNextCall() {
  Call* call = new Call();
  service_->RequestAppend(&call->context, &call->request, &call->responder,
                          queue_.get(), queue_.get(), call);
}

void AppendDriver::Run() {
  std::vector<Call*> received;
  auto handle = [&](void* tag, bool ok) {
    Call* call = static_cast<Call*>(tag);
    if (call->answered || !ok) {
      // Either the answer went out, or the server is shutting down and this
      // request slot will never be filled.
      delete call;
      return;
    }
    RequestNextCall();
    received.push_back(call);
  };
  void* tag;
  bool ok;
  while (queue_->Next(&tag, &ok)) {
    handle(tag, ok);
    // Take everything that is ready now into the same write.
    while (queue_->AsyncNext(&tag, &ok, gpr_time_0(GPR_CLOCK_MONOTONIC)) ==
           grpc::CompletionQueue::GOT_EVENT) {
      handle(tag, ok);
    }
    if (!received.empty()) WriteAndAnswer(received);
  }
}

void AppendDriver::WriteAndAnswer(std::vector<Call*>& received) {
  if (discard_appends_) {
    for (Call* call : received) {
      call->answered = true;
      call->responder.Finish(call->response, grpc::Status::OK, call);
    }
    received.clear();
    return;
  }
  std::vector<const v1::StreamAppend*> appends;
  appends.reserve(received.size());
  for (const Call* call : received) appends.push_back(&call->request.append());
  std::vector<absl::StatusOr<v1::AppendResult>> results =
      log_->AppendEach(appends);
  for (size_t i = 0; i < received.size(); ++i) {
    Call* call = received[i];
    call->answered = true;
    if (results[i].ok()) {
      *call->response.mutable_result() = *std::move(results[i]);
      call->responder.Finish(call->response, grpc::Status::OK, call);
    } else {
      call->responder.FinishWithError(ToGrpcStatus(results[i].status()), call);
    }
  }
  received.clear();
}

}  // namespace besluitlog::services
