#include "services/query_service.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
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

template <typename View>
grpc::Status QueryServiceImpl::ServeAssembled(
    const grpc::ServerContext& context, const v1::Consistency& consistency,
    const std::string& what,
    const std::function<absl::StatusOr<std::optional<View>>(uint64_t)>& read,
    View* response) const {
  absl::StatusOr<uint64_t> position = Resolve(context, consistency);
  if (!position.ok()) return ToGrpcStatus(position.status());
  absl::StatusOr<std::optional<View>> view = read(*position);
  if (!view.ok()) return ToGrpcStatus(view.status());
  if (!view->has_value()) {
    return ToGrpcStatus(absl::NotFoundError(absl::StrCat(
        "no ", what,
        *position == 0 ? "" : absl::StrCat(" as of position ", *position))));
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
      *context, request->consistency(),
      absl::StrCat("proposal \"", request->proposal_id(), "\""),
      [&](uint64_t position) {
        return projections::ReadProposalView(*store_, request->proposal_id(),
                                             position);
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
      *context, request->consistency(),
      absl::StrCat("meeting \"", request->meeting_id(), "\""),
      [&](uint64_t position) {
        return projections::ReadMeetingView(*store_, request->meeting_id(),
                                            position);
      },
      response);
}

grpc::Status QueryServiceImpl::GetAgreementsInForce(
    grpc::ServerContext* context, const v1::GetAgreementsRequest* request,
    v1::AgreementsView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
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

absl::StatusOr<absl::CivilDay> QueryServiceImpl::DateOrToday(
    const char* field, const std::string& date) const {
  if (date.empty()) return ledger::DayInAmsterdam(clock_->Now());
  return ledger::ParseDate(field, date);
}

grpc::Status QueryServiceImpl::GetRoster(grpc::ServerContext* context,
                                         const v1::GetRosterRequest* request,
                                         v1::RosterView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<absl::CivilDay> day = DateOrToday("on_date", request->on_date());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::Status read =
      Read(*context, request->consistency(), projections::kRosters,
           request->body_id(), absl::StrCat("body \"", request->body_id(), "\""),
           response);
  if (!read.ok()) return ToGrpcStatus(read);
  const std::string on = ledger::FormatDate(*day);
  auto* members = response->mutable_members();
  members->erase(std::remove_if(members->begin(), members->end(),
                                [&](const v1::RosterMember& m) {
                                  return m.appointed_on() > on ||
                                         (!m.resigned_on().empty() &&
                                          m.resigned_on() <= on);
                                }),
                 members->end());
  auto* substitutes = response->mutable_substitutes();
  substitutes->erase(
      std::remove_if(substitutes->begin(), substitutes->end(),
                     [&](const v1::RosterSubstitute& s) { return s.date() != on; }),
      substitutes->end());
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetOpenDeadlines(
    grpc::ServerContext* context, const v1::GetDeadlinesRequest* request,
    v1::DeadlinesView* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  absl::StatusOr<absl::CivilDay> day = DateOrToday("on_date", request->on_date());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::Status read =
      Read(*context, request->consistency(), projections::kDeadlines,
           projections::kDeadlinesEntity, "pending work", response);
  if (absl::IsNotFound(read)) {
    response->Clear();
    return grpc::Status::OK;
  }
  if (!read.ok()) return ToGrpcStatus(read);
  for (v1::PendingWork& work : *response->mutable_pending()) {
    absl::StatusOr<absl::CivilDay> due = ledger::ParseDate("due", work.due());
    if (due.ok()) work.set_days_remaining(static_cast<int32_t>(*due - *day));
  }
  // Soonest first; work without a deadline last.
  std::stable_sort(response->mutable_pending()->begin(),
                   response->mutable_pending()->end(),
                   [](const v1::PendingWork& a, const v1::PendingWork& b) {
                     if (a.due().empty() != b.due().empty()) return b.due().empty();
                     return a.due() < b.due();
                   });
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::SearchActs(grpc::ServerContext* context,
                                          const v1::SearchActsRequest* request,
                                          v1::SearchActsResponse* response) {
  if (grpc::Status denied = auth_->Check(*context, kEveryRole, "read the views"); !denied.ok()) {
    return denied;
  }
  // A page scans at most this many acts, so one call stays short however
  // rare the matches (a page may then hold fewer acts than asked, or none);
  // the token says where to go on.
  constexpr int kScanBudget = 500;
  for (const auto& [field, value] :
       {std::pair<const char*, const std::string*>{"from_date", &request->from_date()},
        {"to_date", &request->to_date()}}) {
    if (value->empty()) continue;
    absl::Status valid = ledger::ParseDate(field, *value).status();
    if (!valid.ok()) return ToGrpcStatus(valid);
  }
  absl::StatusOr<uint64_t> position = Resolve(*context, request->consistency());
  if (!position.ok()) return ToGrpcStatus(position.status());
  const uint32_t page_size =
      request->page_size() == 0 ? 100 : std::min<uint32_t>(request->page_size(), 1000);
  int scanned = 0;
  uint64_t last = request->page_token();
  bool more = false;
  v1::ActSummary act;
  absl::Status scan = store_->ScanVersions(
      projections::kActs, projections::ActsEntity(request->body_id()),
      request->page_token() + 1, *position == 0 ? UINT64_MAX : *position,
      [&](uint64_t version, const rocksdb::Slice& state) {
        if (static_cast<uint32_t>(response->acts_size()) >= page_size ||
            scanned >= kScanBudget) {
          more = true;
          return false;
        }
        ++scanned;
        last = version;
        if (!act.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
          return true;
        }
        const bool matches =
            (request->event_type().empty() || act.event_type() == request->event_type()) &&
            (request->actor().empty() || act.actor() == request->actor()) &&
            (request->from_date().empty() || act.date() >= request->from_date()) &&
            (request->to_date().empty() || act.date() <= request->to_date());
        if (matches) *response->add_acts() = act;
        return true;
      });
  if (!scan.ok()) return ToGrpcStatus(scan);
  response->set_next_page_token(more ? last : 0);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetProjectionStatus(
    grpc::ServerContext* context,
    const v1::GetProjectionStatusRequest* /*request*/,
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
    std::string rebuild;
    if (p.rebuild.generation != 0) {
      status->set_rebuild_generation(p.rebuild.generation);
      *status->mutable_rebuild_requested_at() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
              absl::ToUnixMicros(p.rebuild.requested_at));
      status->set_rebuild_target_position(p.rebuild.target);
      status->set_rebuild_resumed_after_restart(p.rebuild_resumed_after_restart);
      rebuild = absl::StrCat(
          "rebuild ", p.rebuild.generation, " requested at ",
          absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", p.rebuild.requested_at,
                           absl::UTCTimeZone()),
          p.rebuild_resumed_after_restart ? ", resumed after a restart" : "");
    }
    if (p.rebuilding) {
      status->set_state(
          rebuild.empty()
              ? std::string("rebuilding (requested, about to start)")
              : absl::StrCat("rebuilding (", rebuild, "): position ", p.position, " of ",
                             p.rebuild.target));
    } else {
      status->set_state(absl::StrCat(p.position >= head ? "up to date" : "catching up",
                                     rebuild.empty() ? "" : absl::StrCat(" (", rebuild, ", done)")));
    }
  }
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::RebuildProjections(
    grpc::ServerContext* context,
    const v1::RebuildProjectionsRequest* request,
    v1::RebuildProjectionsResponse* /*response*/) {
  if (grpc::Status denied = auth_->Check(*context, kAdminRole, "rebuild the projections"); !denied.ok()) {
    return denied;
  }
  return ToGrpcStatus(runner_->Rebuild(request->name()));
}

}  // namespace besluitlog::services
