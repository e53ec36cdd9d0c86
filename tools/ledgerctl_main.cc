// ledgerctl: the command line for the besluitlog ledger.
//
//   ledgerctl append [--file F]          JSON (see proto/besluitlog/v1/cli.proto) from F or stdin
//   ledgerctl read --stream S [--from V] [--backward] [--limit N]
//   ledgerctl read --all [--from P] [--limit N] [--prefix P] [--type T]
//   ledgerctl tail [--from P] [--prefix P] [--type T]
//   ledgerctl head
//   ledgerctl status                     the server's checks of its stored data
//   ledgerctl verify [--data_dir D]      offline on a data dir, else online
//   ledgerctl init FILE                  load a seed file into an empty ledger
//   ledgerctl audit [--event N]          check a signed checkpoint client-side
//   ledgerctl audit --trust_key K        pin a checkpoint signer
//   ledgerctl <act> --field=value ...    one governance act (see governance_cli.h)
//
// The server comes from --server, else $BESLUITLOG_SERVER, else
// 127.0.0.1:50051. Exit codes: 0 success, 1 failure, 2 usage.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "besluitlog/v1/admin.grpc.pb.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/cli.pb.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "ledger/chain_verifier.h"
#include "ledger/checkpoint_signer.h"
#include "ledger/event_hash.h"
#include "ledger/event_log.h"
#include "services/grpc_status.h"
#include "services/identity_file.h"
#include "tools/event_json.h"
#include "tools/file_text.h"
#include "ledger/status_macros.h"
#include "tools/auditor.h"
#include "tools/client_channel.h"
#include "tools/governance_cli.h"
#include "tools/popolo_export.h"
#include "tools/replay.h"
#include "tools/trail_export.h"
#include "tools/trusted_keys.h"

ABSL_FLAG(std::string, server, "",
          "Ledger server host:port (default $BESLUITLOG_SERVER or "
          "127.0.0.1:50051).");
ABSL_FLAG(std::string, token, "", "Bearer token (default $BESLUITLOG_TOKEN).");
ABSL_FLAG(std::string, token_file, "",
          "File holding the bearer token (default $BESLUITLOG_TOKEN_FILE).");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA that signed the server's certificate; switches TLS on "
          "(default $BESLUITLOG_TLS_CA).");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM client certificate for mutual TLS (default $BESLUITLOG_TLS_CERT).");
ABSL_FLAG(std::string, tls_key, "",
          "PEM private key of --tls_cert (default $BESLUITLOG_TLS_KEY).");
ABSL_FLAG(std::string, tls_server_name, "",
          "Name to expect in the server's certificate, when not the address's host.");
ABSL_FLAG(std::string, role, "",
          "token add / cert add: admin, secretariaat, member, auditor or client.");
ABSL_FLAG(std::string, identities_file, "",
          "token add / cert add: the server's identities file (default "
          "$BESLUITLOG_IDENTITIES_FILE, else DATA_DIR/identities, DATA_DIR from "
          "--data_dir or ./data).");
ABSL_FLAG(std::string, from_backup, "", "restore: the backup directory to restore.");
ABSL_FLAG(std::string, file, "",
          "append: read the JSON from this file; audit: check this exported trail.");
ABSL_FLAG(std::string, stream, "", "read: the stream to read.");
ABSL_FLAG(bool, all, false, "read: read the whole log in position order.");
ABSL_FLAG(uint64_t, from, 0, "read/tail: first version or position.");
ABSL_FLAG(uint32_t, limit, 0, "read: most events to print (0 = all).");
ABSL_FLAG(bool, backward, false, "read --stream: newest first.");
ABSL_FLAG(std::vector<std::string>, prefix, {},
          "read --all/tail: only streams starting with one of these.");
ABSL_FLAG(std::vector<std::string>, type, {},
          "read --all/tail: only these event types.");
ABSL_FLAG(uint64_t, as_of_position, 0,
          "show: the state as of this position (0: now).");
ABSL_FLAG(std::string, on_date, "",
          "show agreements/roster: on this date (YYYY-MM-DD; default all / "
          "today).");
ABSL_FLAG(std::string, as_of, "",
          "replay: YYYY-MM-DD (end of that day, Europe/Amsterdam) or a position.");
ABSL_FLAG(std::string, format, "csv", "export: csv or jsonl.");
ABSL_FLAG(std::string, delimiter, ";", "export csv: the cell delimiter.");
ABSL_FLAG(std::string, out, "", "export: write here instead of stdout.");
ABSL_FLAG(std::string, body, "", "export: only acts of this body.");
ABSL_FLAG(std::string, actor, "", "export: only acts of this actor.");
ABSL_FLAG(std::string, from_date, "", "export: only acts recorded on or after.");
ABSL_FLAG(std::string, to_date, "", "export: only acts recorded on or before.");
ABSL_FLAG(uint64_t, event, 0, "audit: also prove that this event is in the log.");
ABSL_FLAG(std::string, public_key, "",
          "audit: the server's Ed25519 key (hex) to insist on, instead of the pinned keys.");
ABSL_FLAG(std::string, trust_key, "",
          "audit: pin this signer (a SHA256: fingerprint as printed, the public key in hex, "
          "or a file holding one) in $XDG_CONFIG_HOME/besluitlog/trusted_keys, after "
          "comparing its fingerprint with the operator's.");
ABSL_FLAG(std::string, data_dir, "",
          "verify: check this data dir offline instead of asking a server.");

namespace besluitlog::tools {
namespace {

using ::besluitlog::services::FromGrpcStatus;

// Where and how to reach the server; set once by main.
ClientOptions& Client() {
  static ClientOptions* options = new ClientOptions();
  return *options;
}

absl::Status LoadClientOptions() {
  ASSIGN_OR_RETURN(Client(),
                   ClientOptionsFrom(absl::GetFlag(FLAGS_server), absl::GetFlag(FLAGS_token),
                                     absl::GetFlag(FLAGS_token_file), absl::GetFlag(FLAGS_tls_ca),
                                     absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key)));
  Client().tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> Channel() { return OpenChannel(Client()); }

std::unique_ptr<v1::LedgerService::Stub> Connect() {
  return v1::LedgerService::NewStub(Channel());
}

absl::StatusOr<v1::CommandResult> Execute(
    v1::GovernanceService::Stub& stub, const v1::GovernanceCommand& command) {
  grpc::ClientContext context;
  v1::CommandResult result;
  absl::Status status =
      FromGrpcStatus(stub.Execute(&context, command, &result));
  if (!status.ok()) return status;
  return result;
}

// Prints what a command recorded: one line per event, then the position.
void PrintResult(const v1::CommandResult& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  for (const v1::GovernanceEvent& event : result.events()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(event, &json, options);
    std::printf("%s\n", json.c_str());
  }
  std::printf("recorded at position %llu\n",
              static_cast<unsigned long long>(result.position()));
}

absl::Status Act(const std::string& act, const std::vector<std::string>& flags) {
  absl::StatusOr<v1::GovernanceCommand> command = ParseGovernanceAct(act, flags);
  if (!command.ok()) return command.status();
  if (command->actor().empty()) {
    const char* user = std::getenv("USER");
    command->set_actor(user != nullptr ? user : "ledgerctl");
  }
  auto stub = v1::GovernanceService::NewStub(Channel());
  absl::StatusOr<v1::CommandResult> result = Execute(*stub, *command);
  if (!result.ok()) return result.status();
  PrintResult(*result);
  return absl::OkStatus();
}

// `ledgerctl show proposal|meeting|agreements ID`: a view as JSON.
absl::Status Show(const std::string& what, const std::string& id) {
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
absl::Status Projections(const std::vector<std::string>& args) {
  auto stub = v1::QueryService::NewStub(Channel());
  auto status_now = [&]() -> absl::StatusOr<v1::GetProjectionStatusResponse> {
    grpc::ClientContext context;
    v1::GetProjectionStatusResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(stub->GetProjectionStatus(
        &context, v1::GetProjectionStatusRequest(), &response)));
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
    RETURN_IF_ERROR(
        FromGrpcStatus(stub->RebuildProjections(&context, request, &response)));
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
      std::printf("\r[%s%s] %llu/%llu  %.0f events/s  ETA %.0f s ",
                  std::string(done, '#').c_str(),
                  std::string(width - done, '.').c_str(),
                  static_cast<unsigned long long>(slowest),
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

// `ledgerctl replay --data_dir D --as_of X`: the state as it was then,
// rebuilt from the events in a scratch directory.
absl::Status ReplayCommand() {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (data_dir.empty()) return absl::InvalidArgumentError("replay needs --data_dir");
  ledger::EventLogOptions options;
  options.read_only = true;
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::EventLog> log,
                   ledger::EventLog::Open(data_dir, options));
  const std::string as_of = absl::GetFlag(FLAGS_as_of);
  uint64_t position = log->GetHead().position();
  if (as_of.find('-') != std::string::npos) {
    ASSIGN_OR_RETURN(position, LastPositionOn(*log, as_of));
  } else if (!as_of.empty() && !absl::SimpleAtoi(as_of, &position)) {
    return absl::InvalidArgumentError("--as_of is YYYY-MM-DD or a position");
  }
  position = std::min(position, log->GetHead().position());
  const std::string scratch =
      (std::filesystem::temp_directory_path() /
       absl::StrCat("besluitlog-replay-", getpid()))
          .string();
  ASSIGN_OR_RETURN(ReplayState state, Replay(*log, position, scratch));
  std::printf("%s", ReplayStateToJson(state).c_str());
  return absl::OkStatus();
}

// Reads the log's pages up to `last` with the next page's ReadAll already in
// flight, so that the server reads while the client writes.
class PrefetchingReader {
 public:
  PrefetchingReader(v1::LedgerService::Stub* ledger, uint64_t from, uint64_t last)
      : ledger_(ledger), last_(last) {
    Issue(from);
  }
  ~PrefetchingReader() {
    if (pending_ != nullptr) {
      pending_->context.TryCancel();
      void* tag;
      bool ok;
      queue_.Next(&tag, &ok);
    }
    queue_.Shutdown();
    void* tag;
    bool ok;
    while (queue_.Next(&tag, &ok)) {
    }
  }

  // The next page, or null after the last one.
  absl::StatusOr<std::unique_ptr<v1::ReadAllResponse>> Next() {
    if (pending_ == nullptr) return nullptr;
    void* tag;
    bool ok;
    if (!queue_.Next(&tag, &ok) || !ok) {
      return absl::UnavailableError("the server did not answer a ReadAll");
    }
    std::unique_ptr<Call> call = std::move(pending_);
    RETURN_IF_ERROR(FromGrpcStatus(call->status));
    if (!call->page->events().empty()) Issue(call->page->next_position());
    return std::move(call->page);
  }

 private:
  struct Call {
    grpc::ClientContext context;
    std::unique_ptr<v1::ReadAllResponse> page = std::make_unique<v1::ReadAllResponse>();
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ReadAllResponse>> reader;
  };

  void Issue(uint64_t from) {
    if (from == 0 || from > last_) return;
    v1::ReadAllRequest request;
    request.set_from_position(from);
    request.set_limit(ledger::EventLog::kMaxPageSize);
    pending_ = std::make_unique<Call>();
    pending_->reader = ledger_->AsyncReadAll(&pending_->context, request, &queue_);
    pending_->reader->Finish(pending_->page.get(), &pending_->status, pending_.get());
  }

  v1::LedgerService::Stub* const ledger_;
  const uint64_t last_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<Call> pending_;
};

// `ledgerctl token add NAME` / `ledgerctl cert add NAME`: registers an
// identity in the server's identities file (read again by the server on
// its next call). A token is printed once and stored only as a salted hash.
absl::Status AddIdentity(const std::string& kind, const std::string& name) {
  ASSIGN_OR_RETURN(ledger::Role role, ledger::ParseRole(absl::GetFlag(FLAGS_role)));
  // --identities_file, else $BESLUITLOG_IDENTITIES_FILE, else the data
  // dir's (--data_dir, else besluitlogd's default ./data).
  std::string path = absl::GetFlag(FLAGS_identities_file);
  if (const char* env = std::getenv("BESLUITLOG_IDENTITIES_FILE"); path.empty() && env != nullptr) {
    path = env;
  }
  if (path.empty()) {
    const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
    path = (data_dir.empty() ? std::string("./data") : data_dir) + "/identities";
  }
  if (!std::filesystem::exists(std::filesystem::path(path).parent_path())) {
    return absl::NotFoundError(absl::StrCat(
        "no data dir for ", path, "; name the server's identities with --identities_file or "
        "--data_dir"));
  }
  if (kind == "cert") {
    RETURN_IF_ERROR(services::IdentityFile::AddCertificate(path, name, role));
    std::printf("certificate name %s added as %s\n", name.c_str(),
                std::string(ledger::RoleName(role)).c_str());
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string token, services::IdentityFile::AddToken(path, name, role));
  std::printf("%s\n", token.c_str());
  std::fprintf(stderr, "token for %s (%s) added to %s; it is shown only now\n", name.c_str(),
               std::string(ledger::RoleName(role)).c_str(), path.c_str());
  return absl::OkStatus();
}

// `ledgerctl export`: streams the trail from the server as CSV or JSONL.
absl::Status Export() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "csv" && format != "jsonl" && format != "html" && format != "popolo") {
    return absl::InvalidArgumentError("--format is csv, jsonl, html or popolo");
  }
  const std::string delimiter = absl::GetFlag(FLAGS_delimiter);
  if (delimiter.size() != 1) {
    return absl::InvalidArgumentError("--delimiter is one character");
  }
  TrailFilter filter;
  filter.body = absl::GetFlag(FLAGS_body);
  filter.types = absl::GetFlag(FLAGS_type);
  filter.actor = absl::GetFlag(FLAGS_actor);
  filter.from_date = absl::GetFlag(FLAGS_from_date);
  filter.to_date = absl::GetFlag(FLAGS_to_date);
  const bool complete = filter.body.empty() && filter.types.empty() &&
                        filter.actor.empty() && filter.from_date.empty() &&
                        filter.to_date.empty();

  auto channel = Channel();
  auto ledger = v1::LedgerService::NewStub(channel);
  auto audit = v1::AuditService::NewStub(channel);
  const std::string out_path = absl::GetFlag(FLAGS_out);
  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary);
    if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", out_path));
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  google::protobuf::util::JsonPrintOptions json_options;

  // The trail ends where the checkpoint does, so that it can be verified.
  v1::Checkpoint checkpoint;
  {
    grpc::ClientContext context;
    RETURN_IF_ERROR(FromGrpcStatus(
        audit->GetCheckpoint(&context, v1::GetCheckpointRequest(), &checkpoint)));
  }
  const uint64_t last = checkpoint.tree_size();
  HtmlTrail html;
  // Finished vote events wait in a scratch file until the document is written.
  const std::string spool_path =
      (std::filesystem::temp_directory_path() /
       absl::StrCat("besluitlog-popolo-", getpid()))
          .string();
  std::fstream spool;
  if (format == "popolo") {
    spool.open(spool_path, std::ios::in | std::ios::out | std::ios::trunc);
    if (!spool) return absl::UnavailableError(absl::StrCat("cannot write ", spool_path));
  }
  PopoloExport popolo(&spool);
  if (format == "html") {
    // First pass: the meetings, their agendas and decisions.
    PrefetchingReader first_pass(ledger.get(), 1, last);
    while (true) {
      ASSIGN_OR_RETURN(std::unique_ptr<v1::ReadAllResponse> page, first_pass.Next());
      if (page == nullptr) break;
      for (const v1::Event& event : page->events()) {
        if (event.global_position() <= last) html.Observe(event);
      }
    }
    const absl::Status signature = ledger::VerifyCheckpointSignature(checkpoint);
    html.Begin(checkpoint,
               signature.ok() ? "verified" : absl::StrCat("NOT verified: ", signature.message()),
               out);
  } else if (format == "csv") {
    out << kUtf8Bom << CsvLine(CsvHeader(), delimiter[0]);
  } else if (format == "jsonl") {
    v1::cli::TrailLine first;
    *first.mutable_checkpoint() = checkpoint;
    first.set_complete(complete);
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(first, &json, json_options);
    out << json << "\n";
  }
  const bool progress = isatty(fileno(stderr)) && !out_path.empty();
  const absl::Time start = absl::Now();
  ActDescriber describer;
  uint64_t exported = 0;
  // JSONL: the proofs of one page are computed by the server while the
  // client reads the next page and writes the previous one.
  struct ProofsInFlight {
    std::unique_ptr<v1::ReadAllResponse> page;
    std::vector<const v1::Event*> selected;
    grpc::ClientContext context;
    v1::InclusionProofs proofs;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::InclusionProofs>> reader;
  };
  grpc::CompletionQueue proof_queue;
  std::unique_ptr<ProofsInFlight> in_flight;
  auto write_in_flight = [&]() -> absl::Status {
    if (in_flight == nullptr) return absl::OkStatus();
    void* tag;
    bool ok;
    if (!proof_queue.Next(&tag, &ok) || !ok) {
      return absl::UnavailableError("the inclusion proofs did not arrive");
    }
    RETURN_IF_ERROR(FromGrpcStatus(in_flight->status));
    if (in_flight->proofs.proofs_size() != static_cast<int>(in_flight->selected.size())) {
      return absl::DataLossError("the server sent a proof count that does not match the page");
    }
    std::vector<std::string> encoded_nodes;
    encoded_nodes.reserve(in_flight->proofs.nodes_size());
    for (const std::string& node : in_flight->proofs.nodes()) {
      encoded_nodes.push_back(absl::Base64Escape(node));
    }
    std::string lines;
    for (size_t i = 0; i < in_flight->selected.size(); ++i) {
      for (uint32_t ref : in_flight->proofs.proofs(i).node_refs()) {
        if (ref >= encoded_nodes.size()) {
          return absl::DataLossError("the server sent a proof that refers to no node");
        }
      }
      AppendTrailEventLine(*in_flight->selected[i], in_flight->proofs.proofs(i), encoded_nodes,
                           &lines);
      lines += '\n';
      if (lines.size() >= (1 << 20)) {
        out << lines;
        lines.clear();
      }
    }
    out << lines;
    in_flight.reset();
    return absl::OkStatus();
  };
  PrefetchingReader reader(ledger.get(), 1, last);
  while (true) {
    ASSIGN_OR_RETURN(std::unique_ptr<v1::ReadAllResponse> page, reader.Next());
    if (page == nullptr) break;
    std::vector<const v1::Event*> selected;
    std::vector<ActRow> rows;
    // JSONL and Popolo need the act's description only to filter.
    const bool describe = !complete || format == "csv" || format == "html";
    for (const v1::Event& event : page->events()) {
      if (event.global_position() > last) break;
      ActRow row = describe ? describer.Describe(event) : ActRow();
      if (!filter.Matches(row)) continue;
      selected.push_back(&event);
      rows.push_back(std::move(row));
    }
    if (format == "csv") {
      for (const ActRow& row : rows) out << CsvLine(CsvCells(row), delimiter[0]);
    } else if (format == "popolo") {
      for (const v1::Event* event : selected) popolo.Observe(*event);
    } else if (format == "html") {
      for (const ActRow& row : rows) html.Row(row, out);
    } else {
      RETURN_IF_ERROR(write_in_flight());
      if (!selected.empty()) {
        v1::GetInclusionProofsRequest proofs_request;
        proofs_request.set_tree_size(last);
        proofs_request.set_shared_nodes(true);
        for (const v1::Event* event : selected) {
          proofs_request.add_positions(event->global_position());
        }
        in_flight = std::make_unique<ProofsInFlight>();
        in_flight->selected = std::move(selected);
        in_flight->reader =
            audit->AsyncGetInclusionProofs(&in_flight->context, proofs_request, &proof_queue);
        in_flight->reader->Finish(&in_flight->proofs, &in_flight->status, in_flight.get());
      }
    }
    exported += rows.size();
    const uint64_t done = std::min<uint64_t>(page->next_position() - 1, last);
    if (in_flight != nullptr && in_flight->page == nullptr) in_flight->page = std::move(page);
    if (progress) {
      const double rate = done / std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
      std::fprintf(stderr, "\rexported %llu acts, %llu/%llu events read, %.0f events/s ",
                   static_cast<unsigned long long>(exported),
                   static_cast<unsigned long long>(done),
                   static_cast<unsigned long long>(last), rate);
    }
  }
  RETURN_IF_ERROR(write_in_flight());
  if (progress) std::fprintf(stderr, "\n");
  if (format == "html") html.End(out);
  if (format == "popolo") {
    popolo.Write(out);
    spool.close();
    std::filesystem::remove(spool_path);
  }
  out.flush();
  if (!out) return absl::UnavailableError("writing the export failed");
  return absl::OkStatus();
}

// The signers `ledgerctl audit` believes: the key of --public_key, else
// the keys pinned in the configuration directory (tools/trusted_keys.h).
absl::StatusOr<SignerTrust> SignersFromFlags(const std::string& config_dir) {
  if (const std::string key = absl::GetFlag(FLAGS_public_key); !key.empty()) {
    const std::string raw = absl::HexStringToBytes(key);
    if (raw.size() != 32 || absl::BytesToHexString(raw) != absl::AsciiStrToLower(key)) {
      return absl::InvalidArgumentError("--public_key is the server's Ed25519 key: 64 hex digits");
    }
    return SignerTrust::Only(raw);
  }
  return SignerTrust::Load(config_dir);
}

// `ledgerctl audit --trust_key K`: pins a signer, and says where.
absl::Status TrustKeyCommand(const std::string& config_dir, const std::string& argument) {
  ASSIGN_OR_RETURN(const std::string digest, KeyDigestFromArgument(argument));
  ASSIGN_OR_RETURN(const std::string path,
                   PinKey(config_dir, digest,
                          absl::StrCat("pinned ", absl::FormatTime("%Y-%m-%d", absl::Now(),
                                                                   absl::LocalTimeZone()))));
  std::printf("trusting checkpoints signed by %s; kept in %s\n",
              FingerprintOfDigest(digest).c_str(), path.c_str());
  return absl::OkStatus();
}

// `ledgerctl audit`: checks a fresh signed checkpoint by a trusted key
// against the last one that passed for that key (kept in the configuration
// directory) and, with --event, one event's inclusion; keeps the new
// checkpoint only when everything verifies. `audit --file` checks an
// exported trail offline.
absl::Status AuditCommand() {
  ASSIGN_OR_RETURN(const std::string config_dir, ConfigDirectory());
  if (const std::string key = absl::GetFlag(FLAGS_trust_key); !key.empty()) {
    return TrustKeyCommand(config_dir, key);
  }
  ASSIGN_OR_RETURN(SignerTrust signers, SignersFromFlags(config_dir));
  if (const std::string trail = absl::GetFlag(FLAGS_file); !trail.empty()) {
    // An exported trail, checked offline.
    std::ifstream in(trail, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", trail));
    uint64_t verified = 0;
    RETURN_IF_ERROR(VerifyJsonlTrail(in, signers, &verified));
    std::printf("OK %llu events in %s verified against its signed checkpoint\n",
                static_cast<unsigned long long>(verified), trail.c_str());
    return absl::OkStatus();
  }
  AuditRequest request;
  request.signers = std::move(signers);
  std::optional<v1::Checkpoint> recalled;
  request.recall = [&](const std::string& public_key)
      -> absl::StatusOr<std::optional<v1::Checkpoint>> {
    ASSIGN_OR_RETURN(recalled, LoadLastCheckpoint(config_dir, public_key));
    return recalled;
  };
  if (const uint64_t event = absl::GetFlag(FLAGS_event); event != 0) {
    request.event_position = event;
  }
  GrpcAuditSource source(Channel());
  absl::StatusOr<v1::Checkpoint> checkpoint = Audit(source, request);
  if (!checkpoint.ok()) return checkpoint.status();
  ASSIGN_OR_RETURN(const std::string kept, SaveLastCheckpoint(config_dir, *checkpoint));
  std::printf("OK tree size %llu, root %s, signed by %s\n",
              static_cast<unsigned long long>(checkpoint->tree_size()),
              ledger::HashToHex(checkpoint->root_hash()).c_str(),
              KeyFingerprint(checkpoint->public_key()).c_str());
  if (recalled.has_value()) {
    std::printf("consistent with the trusted checkpoint of size %llu\n",
                static_cast<unsigned long long>(recalled->tree_size()));
  }
  if (request.event_position.has_value()) {
    std::printf("event %llu is in the log\n",
                static_cast<unsigned long long>(*request.event_position));
  }
  std::printf("checkpoint kept in %s\n", kept.c_str());
  return absl::OkStatus();
}

absl::Status Init(const std::string& file) {
  ASSIGN_OR_RETURN(const std::string text, ReadFileText(file));
  v1::cli::SeedFile seed;
  const auto parsed = google::protobuf::util::JsonStringToMessage(text, &seed);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, " is not a seed file: ", parsed.ToString()));
  }
  auto channel = Channel();
  {
    grpc::ClientContext context;
    v1::GetHeadResponse head;
    absl::Status status = FromGrpcStatus(v1::LedgerService::NewStub(channel)->GetHead(
        &context, v1::GetHeadRequest(), &head));
    if (!status.ok()) return status;
    if (head.head().position() != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "init loads a seed into an empty ledger only; this one holds ",
          head.head().position(), " events"));
    }
  }
  auto stub = v1::GovernanceService::NewStub(channel);
  uint64_t position = 0;
  for (int i = 0; i < seed.commands_size(); ++i) {
    v1::GovernanceCommand command = seed.commands(i);
    if (command.actor().empty()) command.set_actor("ledgerctl init");
    absl::StatusOr<v1::CommandResult> result = Execute(*stub, command);
    if (!result.ok()) {
      return absl::Status(result.status().code(),
                          absl::StrCat("command ", i + 1, " of ", file, ": ",
                                       result.status().message()));
    }
    position = result->position();
  }
  std::printf("loaded %d commands from %s; head at position %llu\n",
              seed.commands_size(), file.c_str(),
              static_cast<unsigned long long>(position));
  return absl::OkStatus();
}

v1::EventFilter FilterFromFlags() {
  v1::EventFilter filter;
  for (const std::string& p : absl::GetFlag(FLAGS_prefix)) {
    filter.add_stream_prefixes(p);
  }
  for (const std::string& t : absl::GetFlag(FLAGS_type)) {
    filter.add_event_types(t);
  }
  return filter;
}

absl::Status Append() {
  std::string input;
  if (const std::string file = absl::GetFlag(FLAGS_file); !file.empty()) {
    ASSIGN_OR_RETURN(input, ReadFileText(file));
  } else {
    std::stringstream from_stdin;
    from_stdin << std::cin.rdbuf();
    input = from_stdin.str();
  }
  absl::StatusOr<v1::StreamAppend> append = ParseAppendJson(input);
  if (!append.ok()) return append.status();
  v1::AppendRequest request;
  *request.mutable_append() = *std::move(append);
  v1::AppendResponse response;
  grpc::ClientContext context;
  absl::Status status =
      FromGrpcStatus(Connect()->Append(&context, request, &response));
  if (!status.ok()) return status;
  const v1::AppendResult& r = response.result();
  std::printf("%s stream %s versions %llu..%llu at positions %llu..%llu\n",
              r.duplicate() ? "already stored:" : "appended:",
              r.stream_id().c_str(),
              static_cast<unsigned long long>(r.first_version()),
              static_cast<unsigned long long>(r.last_version()),
              static_cast<unsigned long long>(r.first_position()),
              static_cast<unsigned long long>(r.last_position()));
  return absl::OkStatus();
}

absl::Status ReadStream(v1::LedgerService::Stub& stub) {
  const uint32_t limit = absl::GetFlag(FLAGS_limit);
  v1::ReadStreamRequest request;
  request.set_stream_id(absl::GetFlag(FLAGS_stream));
  request.set_from_version(absl::GetFlag(FLAGS_from));
  request.set_direction(absl::GetFlag(FLAGS_backward) ? v1::BACKWARD
                                                      : v1::FORWARD);
  uint64_t printed = 0;
  while (true) {
    v1::ReadStreamResponse response;
    grpc::ClientContext context;
    absl::Status status =
        FromGrpcStatus(stub.ReadStream(&context, request, &response));
    if (!status.ok()) return status;
    for (const v1::Event& event : response.events()) {
      if (limit != 0 && printed == limit) return absl::OkStatus();
      std::printf("%s\n", EventToJsonLine(event).c_str());
      ++printed;
    }
    if (response.end_of_stream()) return absl::OkStatus();
    request.set_from_version(response.next_version());
  }
}

absl::Status ReadAll(v1::LedgerService::Stub& stub) {
  const uint32_t limit = absl::GetFlag(FLAGS_limit);
  v1::ReadAllRequest request;
  request.set_from_position(absl::GetFlag(FLAGS_from));
  *request.mutable_filter() = FilterFromFlags();
  uint64_t printed = 0;
  while (true) {
    v1::ReadAllResponse response;
    grpc::ClientContext context;
    absl::Status status =
        FromGrpcStatus(stub.ReadAll(&context, request, &response));
    if (!status.ok()) return status;
    for (const v1::Event& event : response.events()) {
      if (limit != 0 && printed == limit) return absl::OkStatus();
      std::printf("%s\n", EventToJsonLine(event).c_str());
      ++printed;
    }
    if (response.next_position() > response.head_position()) {
      return absl::OkStatus();
    }
    request.set_from_position(response.next_position());
  }
}

absl::Status Read() {
  auto stub = Connect();
  if (absl::GetFlag(FLAGS_all)) return ReadAll(*stub);
  if (absl::GetFlag(FLAGS_stream).empty()) {
    return absl::InvalidArgumentError("read needs --stream S or --all");
  }
  return ReadStream(*stub);
}

absl::Status Tail() {
  auto stub = Connect();
  v1::SubscribeRequest request;
  request.set_from_position(absl::GetFlag(FLAGS_from));
  *request.mutable_filter() = FilterFromFlags();
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader =
      stub->Subscribe(&context, request);
  v1::SubscribeResponse message;
  while (reader->Read(&message)) {
    if (message.has_event()) {
      std::printf("%s\n", EventToJsonLine(message.event()).c_str());
      std::fflush(stdout);
    } else {
      std::fprintf(stderr, "-- caught up at position %llu, following --\n",
                   static_cast<unsigned long long>(message.caught_up_at()));
    }
  }
  return FromGrpcStatus(reader->Finish());
}

absl::Status Head() {
  v1::GetHeadResponse response;
  grpc::ClientContext context;
  absl::Status status = FromGrpcStatus(
      Connect()->GetHead(&context, v1::GetHeadRequest(), &response));
  if (!status.ok()) return status;
  std::printf("position %llu hash %s\n",
              static_cast<unsigned long long>(response.head().position()),
              ledger::HashToHex(response.head().hash()).c_str());
  return absl::OkStatus();
}

// The server's own checks of its stored data (start-up check, scrub), as
// JSON; damage found is a failure.
absl::Status StatusCommand() {
  v1::IntegrityStatus status;
  grpc::ClientContext context;
  RETURN_IF_ERROR(
      FromGrpcStatus(Connect()->GetIntegrity(&context, v1::GetIntegrityRequest(), &status)));
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(status, &json, options).ok()) {
    return absl::InternalError("cannot print the status as JSON");
  }
  std::printf("%s", json.c_str());
  if (status.writes_accepted()) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat(status.damage(),
                                          "; run `ledgerctl verify` and restore from a backup"));
}

// Prints the report; a broken chain is a failure.
absl::Status Report(const ledger::ChainReport& report) {
  std::printf("%s\n", report.Summary().c_str());
  return report.ok() ? absl::OkStatus()
                     : absl::DataLossError("the chain does not verify");
}

absl::Status VerifyOffline(const std::string& data_dir) {
  ledger::EventLogOptions options;
  options.read_only = true;
  absl::StatusOr<std::unique_ptr<ledger::EventLog>> log =
      ledger::EventLog::Open(data_dir, options);
  if (!log.ok()) return log.status();
  absl::StatusOr<ledger::ChainReport> report =
      ledger::VerifyStoredChain(**log);
  if (!report.ok()) return report.status();
  return Report(*report);
}

absl::Status VerifyOnline() {
  auto stub = Connect();
  v1::GetHeadResponse head;
  {
    grpc::ClientContext context;
    absl::Status status = FromGrpcStatus(
        stub->GetHead(&context, v1::GetHeadRequest(), &head));
    if (!status.ok()) return status;
  }
  ledger::ChainVerifier verifier;
  v1::ReadAllRequest request;
  request.set_from_position(1);
  request.set_limit(ledger::EventLog::kMaxPageSize);
  bool more = head.head().position() > 0;
  while (more) {
    v1::ReadAllResponse response;
    grpc::ClientContext context;
    absl::Status status =
        FromGrpcStatus(stub->ReadAll(&context, request, &response));
    if (!status.ok()) return status;
    if (response.events().empty()) break;
    for (const v1::Event& event : response.events()) {
      if (event.global_position() > head.head().position()) {
        more = false;
        break;
      }
      if (!verifier.Next(event.global_position(), event)) {
        more = false;
        break;
      }
    }
    request.set_from_position(response.next_position());
    more = more && response.next_position() <= head.head().position();
  }
  verifier.Finish(head.head());
  return Report(verifier.report());
}

absl::Status Verify() {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  return data_dir.empty() ? VerifyOnline() : VerifyOffline(data_dir);
}

// `ledgerctl backup DIR`: the server writes a consistent copy of the ledger
// (with its signing key and identities) to DIR on its own machine.
absl::Status Backup(const std::string& directory) {
  v1::BackupRequest request;
  request.set_directory(std::filesystem::absolute(directory).string());
  v1::BackupResponse response;
  grpc::ClientContext context;
  RETURN_IF_ERROR(FromGrpcStatus(
      v1::AdminService::NewStub(Channel())->Backup(&context, request, &response)));
  std::printf("backed up to %s: head position %llu hash %s\n", response.directory().c_str(),
              static_cast<unsigned long long>(response.head().position()),
              ledger::HashToHex(response.head().hash()).c_str());
  return absl::OkStatus();
}

// `ledgerctl restore --from DIR --data_dir D`: copies a backup into a new
// data dir (the server is not running there) and verifies it before saying
// it is done.
absl::Status Restore() {
  const std::string from = absl::GetFlag(FLAGS_from_backup);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (from.empty() || data_dir.empty()) {
    return absl::InvalidArgumentError("restore needs --from_backup DIR and --data_dir D");
  }
  std::error_code error;
  if (!std::filesystem::is_directory(from, error)) {
    return absl::NotFoundError(absl::StrCat("no backup in ", from));
  }
  if (std::filesystem::exists(data_dir, error) && !std::filesystem::is_empty(data_dir, error)) {
    return absl::AlreadyExistsError(absl::StrCat(
        data_dir, " is not empty; restore into a new directory, never over a ledger"));
  }
  std::filesystem::copy(from, data_dir, std::filesystem::copy_options::recursive, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("copying ", from, " to ", data_dir, ": ", error.message()));
  }
  RETURN_IF_ERROR(VerifyOffline(data_dir));
  std::printf("restored %s into %s\n", from.c_str(), data_dir.c_str());
  return absl::OkStatus();
}

}  // namespace
}  // namespace besluitlog::tools

int main(int argc, char** argv) {
  // Governance acts take their own --field flags, which absl's parser does
  // not know; only the connection flags are shared.
  auto connection_flag = [](const std::string& arg) -> int {  // 0: not one; 1: --f=v; 2: --f v
    for (const char* name : {"--server", "--token", "--token_file", "--tls_ca", "--tls_cert",
                             "--tls_key", "--tls_server_name"}) {
      if (arg == name) return 2;
      if (arg.rfind(std::string(name) + "=", 0) == 0) return 1;
    }
    return 0;
  };
  for (int i = 1; i < argc; ++i) {
    if (connection_flag(argv[i]) == 2) {
      ++i;  // Its value.
      continue;
    }
    if (argv[i][0] == '-') continue;
    if (!besluitlog::tools::IsGovernanceAct(argv[i])) break;
    std::vector<std::string> flags;
    std::vector<char*> common = {argv[0]};
    for (int j = 1; j < argc; ++j) {
      if (j == i) continue;
      const int kind = connection_flag(argv[j]);
      if (kind > 0) {
        common.push_back(argv[j]);
        if (kind == 2 && j + 1 < argc) common.push_back(argv[++j]);
      } else {
        flags.push_back(argv[j]);
      }
    }
    absl::ParseCommandLine(static_cast<int>(common.size()), common.data());
    absl::Status status = besluitlog::tools::LoadClientOptions();
    if (status.ok()) status = besluitlog::tools::Act(argv[i], flags);
    if (!status.ok()) {
      std::fprintf(stderr, "ledgerctl %s: %s\n", argv[i],
                   status.ToString().c_str());
      return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
    }
    return 0;
  }
  absl::SetProgramUsageMessage(
      "ledgerctl <append|read|tail|head|verify> [flags]\n"
      "  append [--file F]   append JSON from F or stdin\n"
      "  read --stream S [--from V] [--backward] [--limit N]\n"
      "  read --all [--from P] [--limit N] [--prefix P,...] [--type T,...]\n"
      "  tail [--from P] [--prefix P,...] [--type T,...]\n"
      "  head\n"
      "  status              the server's checks of its stored data (start-up, scrub)\n"
      "  verify [--data_dir D]\n"
      "  init FILE           load a seed file into an empty ledger\n"
      "  audit [--event N] [--public_key HEX]   only a pinned (or given) signer passes\n"
      "  audit --file TRAIL.jsonl [--public_key HEX]   check an export offline\n"
      "  audit --trust_key SHA256:FINGERPRINT|HEX|FILE   pin a signer (in the config dir)\n"
      "  replay --data_dir D [--as_of YYYY-MM-DD|POSITION]   state as it was then\n"
      "  export --format csv|jsonl|html|popolo [--out F] [--delimiter ,] [--body B] [--type T]\n"
      "         [--actor A] [--from_date D] [--to_date D]\n"
      "  show proposal|meeting|agreements|roster ID [--as_of_position N] [--on_date D]\n"
      "  show deadlines today|YYYY-MM-DD\n"
      "  projections status | projections rebuild [NAME]\n"
      "  backup DIR          the server copies the ledger to DIR (absolute, on its machine)\n"
      "  restore --from_backup DIR --data_dir D   into a new data dir, verified\n"
      "  token add NAME --role ROLE [--identities_file F | --data_dir D]   prints the token once\n"
      "  cert add COMMON_NAME --role ROLE [--identities_file F | --data_dir D]\n"
      "connection: --server, --token | --token_file, --tls_ca [--tls_cert --tls_key], or\n"
      "  $BESLUITLOG_SERVER, $BESLUITLOG_TOKEN | $BESLUITLOG_TOKEN_FILE, $BESLUITLOG_TLS_CA, ...\n"
      "governance acts (one per command; recorded in the name of the caller's token):\n" +
      besluitlog::tools::GovernanceActUsage());
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  using namespace besluitlog::tools;  // NOLINT: main only.
  const std::string command = args.size() >= 2 ? args[1] : "";
  absl::Status status = LoadClientOptions();
  if (!status.ok()) {
    // Reported below.
  } else if ((command == "token" || command == "cert") && args.size() == 4 &&
             std::string(args[2]) == "add") {
    status = AddIdentity(command, args[3]);
  } else if (command == "backup" && args.size() == 3) {
    status = Backup(args[2]);
  } else if (command == "projections") {
    status = Projections(std::vector<std::string>(args.begin() + 2, args.end()));
  } else if (command == "show" && args.size() == 4) {
    status = Show(args[2], args[3]);
  } else if (command == "init" && args.size() == 3) {
    status = Init(args[2]);
  } else if (args.size() != 2) {
    std::fprintf(stderr, "%s\n", std::string(absl::ProgramUsageMessage()).c_str());
    return 2;
  } else if (command == "append") {
    status = Append();
  } else if (command == "read") {
    status = Read();
  } else if (command == "tail") {
    status = Tail();
  } else if (command == "head") {
    status = Head();
  } else if (command == "status") {
    status = StatusCommand();
  } else if (command == "verify") {
    status = Verify();
  } else if (command == "audit") {
    status = AuditCommand();
  } else if (command == "export") {
    status = Export();
  } else if (command == "replay") {
    status = ReplayCommand();
  } else if (command == "restore") {
    status = Restore();
  } else {
    std::fprintf(stderr, "unknown command \"%s\"\n%s\n", command.c_str(),
                 std::string(absl::ProgramUsageMessage()).c_str());
    return 2;
  }
  if (!status.ok()) {
    std::fprintf(stderr, "ledgerctl %s: %s\n", command.c_str(),
                 status.ToString().c_str());
    return 1;
  }
  return 0;
}
