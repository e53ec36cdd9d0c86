#include "services/query_service.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ledger/civil_date.h"
#include "ledger/status_macros.h"
#include "ledger/storage_layout.h"
#include "projections/governance_views.h"
#include "services/grpc_status.h"

namespace besluitlog::services {
namespace {

// Waiting without a call deadline is bounded all the same.
constexpr absl::Duration kMaxWait = absl::Seconds(30);

absl::Time DeadlineOf(const grpc::ServerContext& context) {
  const absl::Time cap = absl::Now() + kMaxWait;
  const absl::Time call = absl::FromChrono(context.deadline());
  return std::min(call, cap);
}

}  // namespace

absl::StatusOr<uint64_t> QueryServiceImpl::Resolve(
    const grpc::ServerContext& context,
    const v1::Consistency& consistency) const {
  const uint64_t head = log_->GetHead().position();
  uint64_t wait_for = consistency.min_position();
  uint64_t position = consistency.as_of_position();
  if (position > head) {
    return absl::OutOfRangeError(absl::StrCat(
        "as_of_position ", position, " is beyond the head at ", head));
  }
  wait_for = std::max(wait_for, position);
  if (consistency.has_as_of_time()) wait_for = std::max(wait_for, head);
  if (wait_for > 0 && !runner_->WaitFor(wait_for, DeadlineOf(context))) {
    return absl::DeadlineExceededError(absl::StrCat(
        "the projections have not reached position ", wait_for,
        " before the deadline"));
  }
  if (consistency.has_as_of_time()) {
    const int64_t micros = consistency.as_of_time().seconds() * 1000000 +
                           consistency.as_of_time().nanos() / 1000;
    if (micros <= 0) return absl::NotFoundError("nothing was recorded by then");
    ASSIGN_OR_RETURN(std::optional<std::string> at,
                     store_->GetAsOf(projections::kTimeIndex,
                                     projections::kTimeIndexEntity,
                                     static_cast<uint64_t>(micros)));
    if (!at.has_value() || at->size() != 8) {
      return absl::NotFoundError("nothing was recorded by then");
    }
    const uint64_t by_time = ledger::ReadBigEndian64(at->data());
    position = position == 0 ? by_time : std::min(position, by_time);
  }
  return position;
}

absl::Status QueryServiceImpl::Read(const grpc::ServerContext& context,
                                    const v1::Consistency& consistency,
                                    const char* projection,
                                    const std::string& entity,
                                    const std::string& what,
                                    google::protobuf::Message* view) const {
  ASSIGN_OR_RETURN(uint64_t position, Resolve(context, consistency));
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store_->GetAsOf(projection, entity, position));
  if (!stored.has_value()) {
    return absl::NotFoundError(absl::StrCat(
        "no ", what, position == 0 ? "" : absl::StrCat(" as of position ", position)));
  }
  if (!view->ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("the view of ", what, " is damaged"));
  }
  return absl::OkStatus();
}

grpc::Status QueryServiceImpl::GetProposal(grpc::ServerContext* context,
                                           const v1::GetProposalRequest* request,
                                           v1::ProposalView* response) {
  return ToGrpcStatus(Read(*context, request->consistency(),
                           projections::kProposals, request->proposal_id(),
                           absl::StrCat("proposal \"", request->proposal_id(), "\""),
                           response));
}

grpc::Status QueryServiceImpl::GetMeeting(grpc::ServerContext* context,
                                          const v1::GetMeetingRequest* request,
                                          v1::MeetingView* response) {
  return ToGrpcStatus(Read(*context, request->consistency(),
                           projections::kMeetings, request->meeting_id(),
                           absl::StrCat("meeting \"", request->meeting_id(), "\""),
                           response));
}

grpc::Status QueryServiceImpl::GetAgreementsInForce(
    grpc::ServerContext* context, const v1::GetAgreementsRequest* request,
    v1::AgreementsView* response) {
  if (!request->on_date().empty()) {
    absl::Status valid = ledger::ParseDate("on_date", request->on_date()).status();
    if (!valid.ok()) return ToGrpcStatus(valid);
  }
  absl::Status read = Read(
      *context, request->consistency(), projections::kAgreements,
      projections::AgreementsEntity(request->municipality()),
      absl::StrCat("agreement ratified by ", request->municipality()), response);
  if (absl::IsNotFound(read)) {
    // Nothing ratified (yet) is an answer, not an error.
    response->Clear();
    response->set_municipality(request->municipality());
    return grpc::Status::OK;
  }
  if (!read.ok()) return ToGrpcStatus(read);
  if (!request->on_date().empty()) {
    auto* agreements = response->mutable_agreements();
    agreements->erase(
        std::remove_if(agreements->begin(), agreements->end(),
                       [&](const v1::AgreementInForce& a) {
                         // YYYY-MM-DD strings order as dates.
                         return a.effective_date() > request->on_date();
                       }),
        agreements->end());
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetProjectionStatus(
    grpc::ServerContext* /*context*/,
    const v1::GetProjectionStatusRequest* /*request*/,
    v1::GetProjectionStatusResponse* response) {
  const uint64_t head = log_->GetHead().position();
  response->set_head_position(head);
  for (const projections::ProjectionProgress& p : runner_->Progress()) {
    v1::ProjectionStatus* status = response->add_projections();
    status->set_name(p.name);
    status->set_position(p.position);
    status->set_lag(head > p.position ? head - p.position : 0);
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::RebuildProjections(
    grpc::ServerContext* /*context*/,
    const v1::RebuildProjectionsRequest* request,
    v1::RebuildProjectionsResponse* /*response*/) {
  return ToGrpcStatus(runner_->Rebuild(request->name()));
}

}  // namespace besluitlog::services
