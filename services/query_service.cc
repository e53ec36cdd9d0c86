#include "services/query_service.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "projections/act_search.h"
#include "projections/governance_views.h"
#include "projections/time_index.h"
#include "projections/view_dates.h"
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

absl::StatusOr<uint64_t> QueryServiceImpl::Resolve(const grpc::ServerContext& context,
                                                   const v1::Consistency& asked) const {
  // known_at names what the ledger knew at; the as_of_* fields it replaces
  // still work for one release.
  v1::Consistency consistency = asked;
  if (!asked.known_at().empty()) {
    if (asked.as_of_position() != 0 || asked.has_as_of_time()) {
      return absl::InvalidArgumentError(
          "give known_at or the deprecated as_of_position/as_of_time, not both");
    }
    ASSIGN_OR_RETURN(projections::KnownAt known,
                     projections::ParseKnownAt("known_at", asked.known_at()));
    if (known.time.has_value()) {
      *consistency.mutable_as_of_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          absl::ToUnixMicros(*known.time));
    } else {
      consistency.set_as_of_position(known.position);
    }
  }
  const uint64_t head = log_->GetHead().position();
  uint64_t wait_for = consistency.min_position();
  uint64_t position = consistency.as_of_position();
  if (position > head) {
    return absl::OutOfRangeError(
        absl::StrCat("as_of_position ", position, " is beyond the head at ", head));
  }
  wait_for = std::max(wait_for, position);
  if (consistency.has_as_of_time()) wait_for = std::max(wait_for, head);
  if (wait_for > 0 && !runner_->WaitFor(wait_for, DeadlineOf(context))) {
    if (runner_->waits_ended()) {
      return absl::UnavailableError(
          absl::StrCat("the server is shutting down; the projections had not reached position ",
                       wait_for, " yet, read again once it is back"));
    }
    return absl::DeadlineExceededError(absl::StrCat("the projections have not reached position ",
                                                    wait_for, " before the deadline"));
  }
  if (consistency.has_as_of_time()) {
    ASSIGN_OR_RETURN(uint64_t by_time,
                     projections::PositionAtTime(*store_, consistency.as_of_time()));
    position = position == 0 ? by_time : std::min(position, by_time);
  }
  return position;
}

absl::Status QueryServiceImpl::Read(const grpc::ServerContext& context,
                                    const v1::Consistency& consistency, const char* projection,
                                    const std::string& entity, const std::string& what,
                                    google::protobuf::Message* view) const {
  ASSIGN_OR_RETURN(uint64_t position, Resolve(context, consistency));
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store_->GetAsOf(projection, entity, position));
  if (!stored.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no ", what, position == 0 ? "" : absl::StrCat(" as of position ", position)));
  }
  if (!view->ParseFromString(*stored)) {
    return absl::DataLossError(absl::StrCat("the view of ", what, " is damaged"));
  }
  return absl::OkStatus();
}

template <typename View>
grpc::Status QueryServiceImpl::ServeAssembled(
    const grpc::ServerContext& context, const v1::Consistency& consistency, const std::string& what,
    const std::function<absl::StatusOr<std::optional<View>>(uint64_t)>& read,
    View* response) const {
  absl::StatusOr<uint64_t> position = Resolve(context, consistency);
  if (!position.ok()) return ToGrpcStatus(position.status());
  absl::StatusOr<std::optional<View>> view = read(*position);
  if (!view.ok()) return ToGrpcStatus(view.status());
  if (!view->has_value()) {
    return ToGrpcStatus(absl::NotFoundError(absl::StrCat(
        "no ", what, *position == 0 ? "" : absl::StrCat(" as of position ", *position))));
  }
  *response = **std::move(view);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetProposal(grpc::ServerContext* context,
                                           const v1::GetProposalRequest* request,
                                           v1::ProposalView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  return ServeAssembled<v1::ProposalView>(
      *context, request->consistency(), absl::StrCat("proposal \"", request->proposal_id(), "\""),
      [&](uint64_t position) {
        return projections::ReadProposalView(*store_, request->proposal_id(), position);
      },
      response);
}

grpc::Status QueryServiceImpl::GetMeeting(grpc::ServerContext* context,
                                          const v1::GetMeetingRequest* request,
                                          v1::MeetingView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  return ServeAssembled<v1::MeetingView>(
      *context, request->consistency(), absl::StrCat("meeting \"", request->meeting_id(), "\""),
      [&](uint64_t position) {
        return projections::ReadMeetingView(*store_, request->meeting_id(), position);
      },
      response);
}

grpc::Status QueryServiceImpl::GetAgreementsInForce(grpc::ServerContext* context,
                                                    const v1::GetAgreementsRequest* request,
                                                    v1::AgreementsView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<absl::CivilDay> day =
      projections::InForceDay(request->in_force_on(), request->on_date(), clock_->Now());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::StatusOr<uint64_t> position = Resolve(*context, request->consistency());
  if (!position.ok()) return ToGrpcStatus(position.status());
  absl::StatusOr<std::string> municipality =
      projections::ResolveMunicipality(*store_, request->municipality(), *position);
  if (!municipality.ok()) return ToGrpcStatus(municipality.status());
  absl::StatusOr<std::optional<std::string>> stored = store_->GetAsOf(
      projections::kAgreements, projections::AgreementsEntity(*municipality), *position);
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  // Nothing ratified (yet) is an answer, not an error.
  if (stored->has_value() && !response->ParseFromString(**stored)) {
    return ToGrpcStatus(absl::DataLossError(
        absl::StrCat("the view of the agreements of ", *municipality, " is damaged")));
  }
  response->set_municipality(*municipality);
  projections::SplitAgreementsOn(*day, response);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetRoster(grpc::ServerContext* context,
                                         const v1::GetRosterRequest* request,
                                         v1::RosterView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<absl::CivilDay> day =
      projections::InForceDay(request->in_force_on(), request->on_date(), clock_->Now());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::StatusOr<uint64_t> position = Resolve(*context, request->consistency());
  if (!position.ok()) return ToGrpcStatus(position.status());
  absl::StatusOr<std::string> body_id =
      projections::ResolveBodyId(*store_, request->body_id(), *position);
  if (!body_id.ok()) return ToGrpcStatus(body_id.status());
  absl::StatusOr<std::optional<std::string>> stored =
      store_->GetAsOf(projections::kRosters, *body_id, *position);
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  if (!stored->has_value()) {
    return ToGrpcStatus(absl::NotFoundError(absl::StrCat("no body \"", *body_id, "\"")));
  }
  if (!response->ParseFromString(**stored)) {
    return ToGrpcStatus(
        absl::DataLossError(absl::StrCat("the view of body \"", *body_id, "\" is damaged")));
  }
  projections::KeepRosterOn(*day, response);
  response->set_in_force_on(ledger::core::FormatDate(*day));
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetOpenDeadlines(grpc::ServerContext* context,
                                                const v1::GetDeadlinesRequest* request,
                                                v1::DeadlinesView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<absl::CivilDay> day =
      projections::InForceDay(request->in_force_on(), request->on_date(), clock_->Now());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::Status read = Read(*context, request->consistency(), projections::kDeadlines,
                           projections::kDeadlinesEntity, "pending work", response);
  if (absl::IsNotFound(read)) {
    response->Clear();
    return grpc::Status::OK;
  }
  if (!read.ok()) return ToGrpcStatus(read);
  projections::CountDaysRemaining(*day, response);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::SearchActs(grpc::ServerContext* context,
                                          const v1::SearchActsRequest* request,
                                          v1::SearchActsResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<projections::ActSearch> search = projections::ActSearchOf(*request);
  if (!search.ok()) return ToGrpcStatus(search.status());
  absl::StatusOr<uint64_t> position = Resolve(*context, request->consistency());
  if (!position.ok()) return ToGrpcStatus(position.status());
  absl::StatusOr<v1::SearchActsResponse> page =
      projections::SearchActs(*store_, *search, *position);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetProjectionStatus(
    grpc::ServerContext* context, const v1::GetProjectionStatusRequest* /*request*/,
    v1::GetProjectionStatusResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  const uint64_t head = log_->GetHead().position();
  response->set_head_position(head);
  for (const projections::ProjectionProgress& p : runner_->Progress()) {
    v1::ProjectionStatus* status = response->add_projections();
    status->set_name(p.name);
    status->set_position(p.position);
    status->set_lag(head > p.position ? head - p.position : 0);
    status->set_rebuilding(p.rebuilding);
    if (p.rebuild.generation != 0) {
      status->set_rebuild_generation(p.rebuild.generation);
      *status->mutable_rebuild_requested_at() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
              absl::ToUnixMicros(p.rebuild.requested_at));
      status->set_rebuild_target_position(p.rebuild.target);
      status->set_rebuild_resumed_after_restart(p.rebuild_resumed_after_restart);
    }
    status->set_state(projections::DescribeProgress(p, head));
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::RebuildProjections(grpc::ServerContext* context,
                                                  const v1::RebuildProjectionsRequest* request,
                                                  v1::RebuildProjectionsResponse* /*response*/) {
  if (grpc::Status denied = auth_->Check(*context, kAdminRole, "rebuild the projections");
      !denied.ok()) {
    return denied;
  }
  return ToGrpcStatus(runner_->Rebuild(request->name()));
}

}  // namespace besluitlog::services
