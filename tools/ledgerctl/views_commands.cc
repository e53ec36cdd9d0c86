#include "tools/ledgerctl/views_commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "ledger/core/status_macros.h"
#include "tools/grpc_status.h"
#include "tools/ledgerctl/connection.h"

ABSL_FLAG(uint64_t, as_of_position, 0, "show: the state as of this position (0: now).");
ABSL_FLAG(std::string, on_date, "",
          "show agreements/roster: on this date (YYYY-MM-DD; default all / "
          "today).");

namespace besluitlog::tools::ledgerctl {
namespace {

// `ledgerctl show proposal|meeting|agreements ID`: a view as JSON.
absl::Status Show(const Operands& operands) {
  const std::string& what = operands[0];
  const std::string& id = operands[1];
  auto stub = v1::QueryService::NewStub(Channel());
  v1::Consistency consistency;
  consistency.set_as_of_position(absl::GetFlag(FLAGS_as_of_position));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::unique_ptr<google::protobuf::Message> view;
  grpc::Status status;
  if (what == "proposal") {
    v1::GetProposalRequest request;
    request.set_proposal_id(id);
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::ProposalView>();
    status = stub->GetProposal(&context, request, response.get());
    view = std::move(response);
  } else if (what == "meeting") {
    v1::GetMeetingRequest request;
    request.set_meeting_id(id);
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::MeetingView>();
    status = stub->GetMeeting(&context, request, response.get());
    view = std::move(response);
  } else if (what == "agreements") {
    v1::GetAgreementsRequest request;
    request.set_municipality(id);
    request.set_on_date(absl::GetFlag(FLAGS_on_date));
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::AgreementsView>();
    status = stub->GetAgreementsInForce(&context, request, response.get());
    view = std::move(response);
  } else if (what == "roster") {
    v1::GetRosterRequest request;
    request.set_body_id(id);
    request.set_on_date(absl::GetFlag(FLAGS_on_date));
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::RosterView>();
    status = stub->GetRoster(&context, request, response.get());
    view = std::move(response);
  } else if (what == "deadlines") {
    v1::GetDeadlinesRequest request;
    request.set_on_date(id == "today" ? "" : id);
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::DeadlinesView>();
    status = stub->GetOpenDeadlines(&context, request, response.get());
    view = std::move(response);
  } else {
    return absl::InvalidArgumentError(
        "show takes proposal ID, meeting ID, agreements MUNICIPALITY, roster "
        "BODY or deadlines today|YYYY-MM-DD");
  }
  RETURN_IF_ERROR(FromGrpcStatus(status));
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(*view, &json, options);
  std::printf("%s", json.c_str());
  return absl::OkStatus();
}

// `ledgerctl projections status` and `projections rebuild [NAME]`; a rebuild
// is followed to the head with a progress bar when stdout is a terminal.
absl::Status Projections(const Operands& args) {
  auto stub = v1::QueryService::NewStub(Channel());
  auto status_now = [&]() -> absl::StatusOr<v1::GetProjectionStatusResponse> {
    grpc::ClientContext context;
    v1::GetProjectionStatusResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(
        stub->GetProjectionStatus(&context, v1::GetProjectionStatusRequest(), &response)));
    return response;
  };
  if (args.size() == 1 && args[0] == "status") {
    ASSIGN_OR_RETURN(v1::GetProjectionStatusResponse response, status_now());
    std::printf("head %llu\n", static_cast<unsigned long long>(response.head_position()));
    for (const v1::ProjectionStatus& p : response.projections()) {
      std::printf("%-12s position %llu lag %llu  %s\n", p.name().c_str(),
                  static_cast<unsigned long long>(p.position()),
                  static_cast<unsigned long long>(p.lag()), p.state().c_str());
    }
    return absl::OkStatus();
  }
  if (args.empty() || args[0] != "rebuild" || args.size() > 2) {
    return absl::InvalidArgumentError("projections status | projections rebuild [NAME]");
  }
  {
    grpc::ClientContext context;
    v1::RebuildProjectionsRequest request;
    if (args.size() == 2) request.set_name(args[1]);
    v1::RebuildProjectionsResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(stub->RebuildProjections(&context, request, &response)));
  }
  const bool terminal = isatty(fileno(stdout));
  const absl::Time start = absl::Now();
  while (true) {
    ASSIGN_OR_RETURN(v1::GetProjectionStatusResponse response, status_now());
    uint64_t slowest = response.head_position();
    for (const v1::ProjectionStatus& p : response.projections()) {
      if (args.size() == 2 && p.name() != args[1]) continue;
      slowest = std::min<uint64_t>(slowest, p.position());
    }
    const uint64_t head = std::max<uint64_t>(response.head_position(), 1);
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    const double rate = seconds > 0 ? slowest / seconds : 0;
    if (terminal) {
      const int width = 40;
      const int done = static_cast<int>(width * slowest / head);
      std::printf("\r[%s%s] %llu/%llu  %.0f events/s  ETA %.0f s ", std::string(done, '#').c_str(),
                  std::string(width - done, '.').c_str(), static_cast<unsigned long long>(slowest),
                  static_cast<unsigned long long>(response.head_position()), rate,
                  rate > 0 ? (response.head_position() - slowest) / rate : 0.0);
      std::fflush(stdout);
    }
    if (slowest >= response.head_position()) break;
    absl::SleepFor(absl::Milliseconds(200));  // Polling for a person to watch.
  }
  std::printf("%srebuilt up to position %llu in %.1f s\n", terminal ? "\n" : "",
              static_cast<unsigned long long>(status_now()->head_position()),
              absl::ToDoubleSeconds(absl::Now() - start));
  return absl::OkStatus();
}

}  // namespace

const Command kShowCommand = {
    "show", 2,
    "  show proposal|meeting|agreements|roster ID [--as_of_position N] [--on_date D]\n"
    "  show deadlines today|YYYY-MM-DD\n",
    Show};
const Command kProjectionsCommand = {
    "projections", -1, "  projections status | projections rebuild [NAME]\n", Projections};

}  // namespace besluitlog::tools::ledgerctl
