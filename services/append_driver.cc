#include "services/append_driver.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "ledger/access_policy.h"
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
                           ledger::EventLog* log, const Authenticator* auth, bool discard_appends)
    : service_(service),
      queue_(std::move(queue)),
      log_(log),
      auth_(auth),
      discard_appends_(discard_appends) {}

AppendDriver::~AppendDriver() { Stop(); }

void AppendDriver::Start() {
  RequestNextCall();
  queue_thread_ = std::thread([this] { RunQueue(); });
  durability_thread_ = std::thread([this] { RunDurability(); });
}

void AppendDriver::BeginShutdown() { refusing_ = true; }

void AppendDriver::Stop() {
  if (!queue_thread_.joinable()) return;
  {
    // The server no longer accepts calls; let the pipeline answer the ones
    // it holds before the queue goes, since answering needs the queue.
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](size_t* unanswered) { return *unanswered == 0; }, &unanswered_));
    stopping_ = true;
  }
  queue_->Shutdown();
  queue_thread_.join();
  durability_thread_.join();
}

void AppendDriver::RequestNextCall() {
  Call* call = new Call();
  service_->RequestAppend(&call->context, &call->request, &call->responder, queue_.get(),
                          queue_.get(), call);
}

void AppendDriver::RunQueue() {
  std::vector<Call*> received;
  auto handle = [&](void* tag, bool ok) {
    if (tag == &durable_alarm_tag_) {
      AnswerDurableGroups();
      return;
    }
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
    if (!received.empty()) WriteAndHandOn(received);
  }
}

void AppendDriver::WriteAndHandOn(std::vector<Call*>& received) {
  if (discard_appends_) {
    for (Call* call : received) Answer(call, v1::AppendResult());
    received.clear();
    return;
  }
  // Refused calls are answered at once; the others are written together.
  size_t kept = 0;
  for (Call* call : received) {
    if (refusing_) {
      Answer(call, absl::UnavailableError(
                       "the server is shutting down; nothing of this append was stored, "
                       "send it again (with the same event ids) once it is back"));
      continue;
    }
    absl::StatusOr<ledger::Caller> caller =
        auth_->Authorize(call->context, kAdminRole, "append raw events");
    if (caller.ok()) {
      if (absl::Status raw = ledger::AuthorizeRawAppend(call->request.append()); !raw.ok()) {
        caller = raw;
      }
    }
    if (!caller.ok()) {
      Answer(call, caller.status());
      continue;
    }
    auth_->StampActor(*caller, call->request.mutable_append());
    received[kept++] = call;
  }
  received.resize(kept);
  if (received.empty()) return;
  WrittenGroup group;
  std::vector<const v1::StreamAppend*> appends;
  appends.reserve(received.size());
  for (const Call* call : received) appends.push_back(&call->request.append());
  group.results = log_->WriteEach(appends, &group.durable_after);
  group.calls = std::move(received);
  received.clear();
  absl::MutexLock lock(&mu_);
  unanswered_ += group.calls.size();
  written_.push_back(std::move(group));
}

void AppendDriver::RunDurability() {
  while (true) {
    std::deque<WrittenGroup> groups;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](AppendDriver* d) ABSL_EXCLUSIVE_LOCKS_REQUIRED(d->mu_) {
            return !d->written_.empty() || d->stopping_;
          },
          this));
      if (written_.empty()) return;  // Stopping, and nothing left.
      groups.swap(written_);
    }
    uint64_t durable_after = 0;
    for (const WrittenGroup& group : groups) {
      durable_after = std::max(durable_after, group.durable_after);
    }
    const absl::Status durable = log_->AwaitDurable(durable_after);
    absl::MutexLock lock(&mu_);
    for (WrittenGroup& group : groups) {
      group.durable = durable;
      durable_.push_back(std::move(group));
    }
    if (!alarm_pending_) {
      alarm_pending_ = true;
      durable_alarm_.Set(queue_.get(), gpr_time_0(GPR_CLOCK_MONOTONIC), &durable_alarm_tag_);
    }
  }
}

void AppendDriver::AnswerDurableGroups() {
  std::deque<WrittenGroup> groups;
  {
    absl::MutexLock lock(&mu_);
    alarm_pending_ = false;
    groups.swap(durable_);
  }
  size_t answered = 0;
  for (WrittenGroup& group : groups) {
    for (size_t i = 0; i < group.calls.size(); ++i) {
      if (group.durable.ok() || !group.results[i].ok()) {
        Answer(group.calls[i], group.results[i]);
      } else {
        Answer(group.calls[i], group.durable);
      }
      ++answered;
    }
  }
  absl::MutexLock lock(&mu_);
  unanswered_ -= answered;
}

void AppendDriver::Answer(Call* call, const absl::StatusOr<v1::AppendResult>& result) {
  call->answered = true;
  if (result.ok()) {
    *call->response.mutable_result() = *result;
    call->responder.Finish(call->response, grpc::Status::OK, call);
  } else {
    call->responder.FinishWithError(ToGrpcStatus(result.status()), call);
  }
}

}  // namespace besluitlog::services
