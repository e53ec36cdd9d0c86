// QueryService: answers from the projections, never by scanning the log.
// Resolves each request's Consistency first: waits for min_position (within
// the call's deadline), and turns known_at (or the deprecated as_of_*) into
// a position, through the time index for an instant or a date. Municipality
// and body names match case-insensitively; an unknown one is NOT_FOUND
// listing the known. in_force_on (or the deprecated on_date) defaults to
// today in Europe/Amsterdam. Thread-safe; BeginShutdown() may be called from any thread.
#ifndef BESLUITLOG_SERVICES_QUERY_SERVICE_H_
#define BESLUITLOG_SERVICES_QUERY_SERVICE_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"
#include "services/authenticator.h"

namespace besluitlog::services {

class QueryServiceImpl final : public v1::QueryService::Service {
 public:
  // All three must outlive the service.
  QueryServiceImpl(const ledger::EventLog* log, const projections::ProjectionStore* store,
                   projections::ProjectionRunner* runner, const ledger::Clock* clock,
                   const Authenticator* auth)
      : log_(log), store_(store), runner_(runner), clock_(clock), auth_(auth) {}

  // Ends reads waiting for a position (and rebuild requests waiting to be
  // recorded) at once with UNAVAILABLE, and those that would wait from now
  // on: a stopping server must not wait out their deadlines.
  void BeginShutdown() { runner_->EndWaits(); }

  grpc::Status GetProposal(grpc::ServerContext* context, const v1::GetProposalRequest* request,
                           v1::ProposalView* response) override;
  grpc::Status GetMeeting(grpc::ServerContext* context, const v1::GetMeetingRequest* request,
                          v1::MeetingView* response) override;
  grpc::Status GetAgreementsInForce(grpc::ServerContext* context,
                                    const v1::GetAgreementsRequest* request,
                                    v1::AgreementsView* response) override;
  grpc::Status GetRoster(grpc::ServerContext* context, const v1::GetRosterRequest* request,
                         v1::RosterView* response) override;
  grpc::Status GetOpenDeadlines(grpc::ServerContext* context,
                                const v1::GetDeadlinesRequest* request,
                                v1::DeadlinesView* response) override;
  grpc::Status SearchActs(grpc::ServerContext* context, const v1::SearchActsRequest* request,
                          v1::SearchActsResponse* response) override;
  grpc::Status GetProjectionStatus(grpc::ServerContext* context,
                                   const v1::GetProjectionStatusRequest* request,
                                   v1::GetProjectionStatusResponse* response) override;
  grpc::Status RebuildProjections(grpc::ServerContext* context,
                                  const v1::RebuildProjectionsRequest* request,
                                  v1::RebuildProjectionsResponse* response) override;

 private:
  // The position to read at (0: latest), after any waiting asked for.
  absl::StatusOr<uint64_t> Resolve(const grpc::ServerContext& context,
                                   const v1::Consistency& consistency) const;
  // Reads `entity` of `projection` as of the request into `view`.
  absl::Status Read(const grpc::ServerContext& context, const v1::Consistency& consistency,
                    const char* projection, const std::string& entity, const std::string& what,
                    google::protobuf::Message* view) const;

  // Resolves the consistency, reads a view assembled by `read` at the
  // position, and answers NOT_FOUND naming `what` when there is none.
  template <typename View>
  grpc::Status ServeAssembled(
      const grpc::ServerContext& context, const v1::Consistency& consistency,
      const std::string& what,
      const std::function<absl::StatusOr<std::optional<View>>(uint64_t)>& read,
      View* response) const;

  const ledger::EventLog* const log_;
  const projections::ProjectionStore* const store_;
  projections::ProjectionRunner* const runner_;
  const ledger::Clock* const clock_;
  const Authenticator* const auth_;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_QUERY_SERVICE_H_
