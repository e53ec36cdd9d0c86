#include "services/ledger_service.h"

#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/access_policy.h"
#include "services/grpc_status.h"

namespace besluitlog::services {
namespace {

// How often an idle subscription checks for cancellation and shutdown.
constexpr absl::Duration kSubscriptionPollInterval = absl::Milliseconds(100);
constexpr size_t kSubscriptionPageSize = 512;

}  // namespace

grpc::Status LedgerServiceImpl::AppendMulti(grpc::ServerContext* context,
                                            const v1::AppendMultiRequest* request,
                                            v1::AppendMultiResponse* response) {
  absl::StatusOr<ledger::Caller> caller =
      auth_->Authorize(*context, kAdminRole, "append raw events");
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  google::protobuf::RepeatedPtrField<v1::StreamAppend> appends = request->appends();
  for (v1::StreamAppend& append : appends) {
    if (absl::Status raw = ledger::AuthorizeRawAppend(append); !raw.ok()) return ToGrpcStatus(raw);
    auth_->StampActor(*caller, &append);
  }
  absl::StatusOr<std::vector<v1::AppendResult>> results =
      log_->AppendMulti(absl::MakeConstSpan(appends.data(), appends.size()));
  if (!results.ok()) return ToGrpcStatus(results.status());
  for (v1::AppendResult& result : *results) {
    *response->add_results() = std::move(result);
  }
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::ReadStream(grpc::ServerContext* context,
                                           const v1::ReadStreamRequest* request,
                                           v1::ReadStreamResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the log"); !denied.ok()) {
    return denied;
  }
  if (request->direction() != v1::FORWARD && request->direction() != v1::BACKWARD) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        absl::StrCat("direction ", request->direction(), " is neither FORWARD nor BACKWARD"));
  }
  absl::StatusOr<ledger::StreamPage> page =
      log_->ReadStream(request->stream_id(), request->from_version(),
                       request->direction() == v1::BACKWARD, request->limit());
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (v1::Event& event : page->events) {
    *response->add_events() = std::move(event);
  }
  response->set_stream_version(page->stream_version);
  response->set_end_of_stream(page->end_of_stream);
  response->set_next_version(page->next_version);
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::ReadAll(grpc::ServerContext* context,
                                        const v1::ReadAllRequest* request,
                                        v1::ReadAllResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the log"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<ledger::AllPage> page = log_->ReadAll(
      request->from_position(), request->limit(), request->filter(), response->mutable_events());
  if (!page.ok()) return ToGrpcStatus(page.status());
  response->set_next_position(page->next_position);
  response->set_head_position(page->head_position);
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::Subscribe(grpc::ServerContext* context,
                                          const v1::SubscribeRequest* request,
                                          grpc::ServerWriter<v1::SubscribeResponse>* writer) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the log"); !denied.ok()) {
    return denied;
  }
  if (subscriptions_.fetch_add(1) >= max_subscriptions_) {
    subscriptions_.fetch_sub(1);
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("the server already follows ", max_subscriptions_,
                                     " subscriptions, the most it will; try again later"));
  }
  absl::Cleanup release = [this] { subscriptions_.fetch_sub(1); };
  uint64_t next = std::max<uint64_t>(request->from_position(), 1);
  bool caught_up = false;
  v1::ReadAllResponse page_events;
  v1::SubscribeResponse message;
  while (!context->IsCancelled()) {
    if (shutting_down_) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "the server is shutting down; resubscribe from the "
                          "last position you received");
    }
    // A subscription lives long: a revoked identity stops receiving.
    if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the log"); !denied.ok()) {
      return denied;
    }
    page_events.Clear();
    absl::StatusOr<ledger::AllPage> page =
        log_->ReadAll(next, kSubscriptionPageSize, request->filter(), page_events.mutable_events());
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (v1::Event& event : *page_events.mutable_events()) {
      message.Clear();
      *message.mutable_event() = std::move(event);
      if (!writer->Write(message)) return grpc::Status::OK;  // Client left.
    }
    next = page->next_position;
    if (next <= page->head_position) continue;  // More to catch up on.
    if (!caught_up) {
      caught_up = true;
      message.Clear();
      message.set_caught_up_at(page->head_position);
      if (!writer->Write(message)) return grpc::Status::OK;
    }
    log_->WaitForPosition(next, absl::Now() + kSubscriptionPollInterval);
  }
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::GetHead(grpc::ServerContext* context,
                                        const v1::GetHeadRequest* /*request*/,
                                        v1::GetHeadResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the log"); !denied.ok()) {
    return denied;
  }
  *response->mutable_head() = log_->GetHead();
  return grpc::Status::OK;
}

namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

}  // namespace

grpc::Status LedgerServiceImpl::GetIntegrity(grpc::ServerContext* context,
                                             const v1::GetIntegrityRequest* /*request*/,
                                             v1::IntegrityStatus* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the log"); !denied.ok()) {
    return denied;
  }
  const std::optional<ledger::EventLog::Damage> damage = log_->damage();
  response->set_writes_accepted(!damage.has_value());
  if (damage.has_value()) {
    response->set_damaged_position(damage->position);
    response->set_damage(absl::StrCat(damage->found_by, " found at position ", damage->position,
                                      ": ", damage->problem));
  }
  const ledger::EventLog::HeadCheck& check = log_->head_check();
  v1::HeadCheck* head_check = response->mutable_head_check();
  head_check->set_checked(check.checked);
  head_check->set_head_position(check.head_position);
  head_check->set_events_checked(check.events_checked);
  head_check->set_nodes_checked(check.nodes_checked);
  head_check->set_took_micros(absl::ToInt64Microseconds(check.took));
  if (scrubber_ == nullptr) return grpc::Status::OK;
  const ledger::ScrubStatus scrub = scrubber_->status();
  v1::ScrubStatus* out = response->mutable_scrub();
  out->set_enabled(scrub.enabled);
  out->set_events_per_second(scrub.events_per_second);
  out->set_passes_completed(scrub.passes_completed);
  out->set_running(scrub.running);
  out->set_pass_head_position(scrub.pass_head_position);
  out->set_pass_verified(scrub.pass_verified);
  if (scrub.running) *out->mutable_pass_started_at() = ToTimestamp(scrub.pass_started_at);
  if (scrub.last_report.has_value()) {
    out->set_last_ok(scrub.last_report->ok());
    out->set_last_head_position(scrub.last_head_position);
    out->set_last_bad_position(scrub.last_report->first_bad_position.value_or(0));
    out->set_last_result(scrub.last_report->Summary());
    *out->mutable_last_finished_at() = ToTimestamp(scrub.last_finished_at);
  }
  return grpc::Status::OK;
}

}  // namespace besluitlog::services
