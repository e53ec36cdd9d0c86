#include "tools/ledgerctl/views_commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_labels.h"
#include "tools/grpc_status.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"
#include "tools/progress.h"

ABSL_FLAG(std::string, output, "",
          "show: table|json (default: a table on a terminal, JSON when stdout is piped or a "
          "file).");
ABSL_FLAG(uint64_t, as_of_position, 0,
          "show: deprecated, use --known_at N (kept for one release).");
ABSL_FLAG(std::string, on_date, "",
          "show: deprecated, use --in_force_on YYYY-MM-DD (kept for one release).");

namespace besluitlog::tools::ledgerctl {
namespace {

// --in_force_on, or the deprecated --on_date with a note on stderr.
std::string InForceOn() {
  const std::string old = absl::GetFlag(FLAGS_on_date);
  if (!old.empty()) {
    std::fprintf(stderr, "ledgerctl: --on_date is deprecated; use --in_force_on\n");
    if (absl::GetFlag(FLAGS_in_force_on).empty()) return old;
  }
  return absl::GetFlag(FLAGS_in_force_on);
}

absl::StatusOr<v1::Consistency> ConsistencyFromFlags() {
  v1::Consistency consistency;
  ASSIGN_OR_RETURN(*consistency.mutable_known_at(), KnownAtFromFlags());
  if (const uint64_t old = absl::GetFlag(FLAGS_as_of_position); old != 0) {
    std::fprintf(stderr, "ledgerctl: --as_of_position is deprecated; use --known_at %llu\n",
                 static_cast<unsigned long long>(old));
    if (!consistency.known_at().empty()) {
      return absl::InvalidArgumentError("give --known_at or --as_of_position, not both");
    }
    consistency.set_known_at(absl::StrCat(old));
  }
  return consistency;
}

const char* OutcomeInDutch(v1::Outcome outcome) {
  switch (outcome) {
    case v1::ADOPTED:
      return "aangenomen";
    case v1::REJECTED:
      return "verworpen";
    case v1::NO_AGREEMENT:
      return "geen overeenstemming";
    default:
      return "nog niet besloten";
  }
}

std::string Tally(const v1::PointOutcome& t) {
  return absl::StrFormat("%s%s (%d voor, %d tegen, %d onthouding%s)", OutcomeInDutch(t.outcome()),
                         t.awaiting_ratification() ? ", bekrachtiging gevraagd" : "", t.votes_for(),
                         t.votes_against(), t.abstentions(),
                         t.objections() > 0 ? absl::StrCat(", ", t.objections(), " bezwaar") : "");
}

std::string Lower(std::string text) { return absl::AsciiStrToLower(text); }

void PrintMeeting(const v1::MeetingView& m) {
  std::printf("Vergadering %s  %s  %s  (%s)\n", m.meeting_id().c_str(),
              m.body_name().empty() ? m.body_id().c_str() : m.body_name().c_str(), m.date().c_str(),
              m.status().c_str());
  std::vector<std::string> present, absent, replaced;
  for (const v1::AttendanceEntry& a : m.attendance()) {
    const std::string who = absl::StrCat(a.name().empty() ? a.member_id() : a.name());
    if (!a.substitute_id().empty()) {
      replaced.push_back(
          absl::StrCat(who, " vervangen door ",
                       a.substitute_name().empty() ? a.substitute_id() : a.substitute_name()));
    } else {
      (a.present() ? present : absent).push_back(who);
    }
  }
  std::printf("  aanwezig:  %s\n", present.empty() ? "-" : absl::StrJoin(present, ", ").c_str());
  std::printf("  afwezig:   %s\n", absent.empty() ? "-" : absl::StrJoin(absent, ", ").c_str());
  if (!replaced.empty()) std::printf("  vervangen: %s\n", absl::StrJoin(replaced, "; ").c_str());
  for (const v1::AgendaEntry& item : m.agenda()) {
    std::printf("  agendapunt %s: %s (%s)%s\n", item.item_id().c_str(), item.title().c_str(),
                item.proposal_id().c_str(),
                item.origin_meeting_id().empty()
                    ? ""
                    : absl::StrCat("  doorgeleid vanuit ", item.origin_meeting_id(), ", punt ",
                                   item.origin_item_id())
                          .c_str());
    const v1::DecisionTaken* decision = nullptr;
    for (const v1::DecisionTaken& d : m.besluitenlijst()) {
      if (d.item_id() == item.item_id()) decision = &d;
    }
    for (const v1::DecisionPoint& point : item.points()) {
      std::string outcome = "nog niet besloten";
      if (decision != nullptr) {
        for (const v1::PointOutcome& t : decision->outcomes()) {
          if (t.decision_point() == point.number()) outcome = Tally(t);
        }
      }
      std::printf("    %u. %s\n       %s\n", point.number(), point.text().c_str(), outcome.c_str());
    }
  }
  std::printf("  notulen vastgesteld: %s\n", m.minutes_adopted() ? "ja" : "nee");
}

void PrintProposal(const v1::ProposalView& p) {
  std::printf("Voorstel %s  %s  (%s, %s)\n", p.proposal_id().c_str(), p.title().c_str(),
              p.body_id().c_str(), projections::acts::ProposalStatusNl(p.status()).c_str());
  for (const v1::PointView& point : p.points()) {
    std::printf("  %u. %s\n     %s%s\n", point.point().number(), point.point().text().c_str(),
                Tally(point.tally()).c_str(),
                point.decided_in_meeting().empty()
                    ? ""
                    : absl::StrCat(" in ", point.decided_in_meeting()).c_str());
  }
  for (const v1::RatificationView& r : p.ratifications()) {
    std::printf("  College %-14s %s%s\n", r.municipality().c_str(),
                r.decision() == v1::RATIFIED              ? "bekrachtigd"
                : r.decision() == v1::REJECTED_BY_COLLEGE ? "niet bekrachtigd"
                                                          : "gevraagd",
                r.effective_date().empty()
                    ? ""
                    : absl::StrCat(", in werking per ", r.effective_date()).c_str());
  }
}

void PrintAgreements(const v1::AgreementsView& v) {
  std::printf("Afspraken van %s in werking op %s\n", v.municipality().c_str(),
              v.in_force_on().c_str());
  auto print = [](const v1::AgreementInForce& a) {
    std::printf("  %-12s in werking per %s  (besluit %s)  %s\n", a.proposal_id().c_str(),
                a.effective_date().c_str(), a.decision_date().c_str(), a.title().c_str());
  };
  if (v.agreements().empty()) std::printf("  (geen)\n");
  for (const auto& a : v.agreements()) print(a);
  if (!v.upcoming().empty()) std::printf("Nog niet in werking (komend):\n");
  for (const auto& a : v.upcoming()) print(a);
}

void PrintRoster(const v1::RosterView& v) {
  std::printf("%s (%s) op %s\n", v.name().c_str(), v.body_id().c_str(), v.in_force_on().c_str());
  for (const v1::RosterMember& m : v.members()) {
    std::printf("  %-12s %-28s %-10s %-11s %s  vanaf %s\n", m.member_id().c_str(), m.name().c_str(),
                Lower(v1::Role_Name(m.role())).c_str(), projections::acts::SideNl(m.side()).c_str(),
                m.represents().c_str(), m.appointed_on().c_str());
  }
  for (const v1::RosterSubstitute& s : v.substitutes()) {
    std::printf("  %s vervangen door %s in %s\n", s.member_id().c_str(),
                s.substitute_name().c_str(), s.meeting_id().c_str());
  }
}

void PrintDeadlines(const v1::DeadlinesView& v) {
  if (v.pending().empty()) std::printf("(geen openstaand werk)\n");
  for (const v1::PendingWork& w : v.pending()) {
    std::printf(
        "  %-22s %-12s %-16s %s%s\n", projections::acts::PendingWorkNl(w.kind()).c_str(),
        w.proposal_id().empty() ? w.body_id().c_str() : w.proposal_id().c_str(), w.party().c_str(),
        w.due().empty() ? "geen termijn" : w.due().c_str(),
        w.due().empty()
            ? ""
            : absl::StrCat(" (", projections::acts::DaysLeftNl(w.days_remaining()), ")").c_str());
  }
}

// `ledgerctl show proposal|meeting|agreements|roster ID`, `show deadlines
// today|DATE`: a view as a table or as JSON.
absl::Status Show(const Operands& operands) {
  const std::string& what = operands[0];
  const std::string& id = operands[1];
  std::string output = absl::GetFlag(FLAGS_output);
  if (output.empty()) output = isatty(fileno(stdout)) ? "table" : "json";
  if (output != "table" && output != "json") {
    return absl::InvalidArgumentError(
        absl::StrCat("--output is table or json, not \"", output, "\""));
  }
  ASSIGN_OR_RETURN(const v1::Consistency consistency, ConsistencyFromFlags());
  auto stub = v1::QueryService::NewStub(Channel());
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
    request.set_in_force_on(InForceOn());
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::AgreementsView>();
    status = stub->GetAgreementsInForce(&context, request, response.get());
    view = std::move(response);
  } else if (what == "roster") {
    v1::GetRosterRequest request;
    request.set_body_id(id);
    request.set_in_force_on(InForceOn());
    *request.mutable_consistency() = consistency;
    auto response = std::make_unique<v1::RosterView>();
    status = stub->GetRoster(&context, request, response.get());
    view = std::move(response);
  } else if (what == "deadlines") {
    v1::GetDeadlinesRequest request;
    request.set_in_force_on(id == "today" ? InForceOn() : id);
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
  if (output == "table") {
    if (what == "proposal") PrintProposal(static_cast<const v1::ProposalView&>(*view));
    if (what == "meeting") PrintMeeting(static_cast<const v1::MeetingView&>(*view));
    if (what == "agreements") PrintAgreements(static_cast<const v1::AgreementsView&>(*view));
    if (what == "roster") PrintRoster(static_cast<const v1::RosterView&>(*view));
    if (what == "deadlines") PrintDeadlines(static_cast<const v1::DeadlinesView&>(*view));
    return absl::OkStatus();
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  // "present": false and a count of 0 are facts a reader should see.
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(*view, &json, options);
  std::printf("%s", json.c_str());
  return absl::OkStatus();
}

// `ledgerctl projections status` and `projections rebuild [NAME]`; a rebuild
// is followed to the head with a progress bar on a terminal (stderr) and
// ends with one line.
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
  const std::string which = args.size() == 2 ? args[1] : "all projections";
  Progress progress(absl::StrCat("rebuilding ", which), 0);
  uint64_t head = 0;
  while (true) {
    ASSIGN_OR_RETURN(v1::GetProjectionStatusResponse response, status_now());
    head = response.head_position();
    uint64_t slowest = head;
    for (const v1::ProjectionStatus& p : response.projections()) {
      if (args.size() == 2 && p.name() != args[1]) continue;
      slowest = std::min<uint64_t>(slowest, p.position());
    }
    progress.set_total(head);
    progress.Update(slowest);
    if (slowest >= head) break;
    absl::SleepFor(absl::Milliseconds(200));  // Polling for a person to watch.
  }
  progress.Finish(absl::StrFormat("rebuilt %s: %d events, up to position %d, in %.1f s", which,
                                  head, head, progress.ElapsedSeconds()));
  return absl::OkStatus();
}

}  // namespace

const Command kShowCommand = {
    "show", 2,
    "  show proposal|meeting|agreements|roster ID [--known_at K] [--in_force_on D]\n"
    "       [--output table|json]\n"
    "  show deadlines today|YYYY-MM-DD\n"
    "    example: ledgerctl show meeting oro-2026-01\n"
    "    example: ledgerctl show agreements dordrecht --in_force_on 2027-01-01\n",
    Show};
const Command kProjectionsCommand = {"projections", -1,
                                     "  projections status | projections rebuild [NAME]\n"
                                     "    example: ledgerctl projections rebuild agreements\n",
                                     Projections};

}  // namespace besluitlog::tools::ledgerctl
