#include "tools/ledgerctl/log_commands.h"

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "ledger/chain_verifier.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/status_macros.h"
#include "ledger/event_log.h"
#include "tools/datadir/data_dir_commands.h"
#include "tools/event_json.h"
#include "tools/file_text.h"
#include "tools/grpc_status.h"
#include "tools/ledgerctl/connection.h"
#include "tools/ledgerctl/shared_flags.h"
#include "tools/progress.h"

ABSL_FLAG(std::string, stream, "", "read: the stream to read.");
ABSL_FLAG(bool, all, false, "read: read the whole log in position order.");
ABSL_FLAG(uint64_t, from, 0, "read/tail: first version or position.");
ABSL_FLAG(uint32_t, limit, 0, "read: most events to print (0 = all).");
ABSL_FLAG(bool, backward, false, "read --stream: newest first.");
ABSL_FLAG(std::vector<std::string>, prefix, {},
          "read --all/tail: only streams starting with one of these.");

namespace besluitlog::tools::ledgerctl {
namespace {

std::unique_ptr<v1::LedgerService::Stub> Connect() { return v1::LedgerService::NewStub(Channel()); }

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

absl::Status Append(const Operands&) {
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
  absl::Status status = FromGrpcStatus(Connect()->Append(&context, request, &response));
  if (!status.ok()) return status;
  const v1::AppendResult& r = response.result();
  std::printf("%s stream %s versions %llu..%llu at positions %llu..%llu\n",
              r.duplicate() ? "already stored:" : "appended:", r.stream_id().c_str(),
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
  request.set_direction(absl::GetFlag(FLAGS_backward) ? v1::BACKWARD : v1::FORWARD);
  uint64_t printed = 0;
  while (true) {
    v1::ReadStreamResponse response;
    grpc::ClientContext context;
    absl::Status status = FromGrpcStatus(stub.ReadStream(&context, request, &response));
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
    absl::Status status = FromGrpcStatus(stub.ReadAll(&context, request, &response));
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

absl::Status Read(const Operands&) {
  auto stub = Connect();
  if (absl::GetFlag(FLAGS_all)) return ReadAll(*stub);
  if (absl::GetFlag(FLAGS_stream).empty()) {
    return absl::InvalidArgumentError("read needs --stream S or --all");
  }
  return ReadStream(*stub);
}

absl::Status Tail(const Operands&) {
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

absl::Status Head(const Operands&) {
  v1::GetHeadResponse response;
  grpc::ClientContext context;
  absl::Status status =
      FromGrpcStatus(Connect()->GetHead(&context, v1::GetHeadRequest(), &response));
  if (!status.ok()) return status;
  std::printf("position %llu hash %s\n",
              static_cast<unsigned long long>(response.head().position()),
              ledger::core::HashToHex(response.head().hash()).c_str());
  return absl::OkStatus();
}

// The server's own checks of its stored data (start-up check, scrub), as
// JSON; damage found is a failure.
absl::Status StatusCommand(const Operands&) {
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
  return absl::DataLossError(
      absl::StrCat(status.damage(), "; run `ledgerctl verify` and restore from a backup"));
}

absl::Status VerifyOnline() {
  auto stub = Connect();
  v1::GetHeadResponse head;
  {
    grpc::ClientContext context;
    absl::Status status = FromGrpcStatus(stub->GetHead(&context, v1::GetHeadRequest(), &head));
    if (!status.ok()) return status;
  }
  ledger::ChainVerifier verifier;
  Progress progress("verifying", head.head().position());
  uint64_t checked = 0;
  v1::ReadAllRequest request;
  request.set_from_position(1);
  request.set_limit(ledger::EventLog::kMaxPageSize);
  bool more = head.head().position() > 0;
  while (more) {
    v1::ReadAllResponse response;
    grpc::ClientContext context;
    absl::Status status = FromGrpcStatus(stub->ReadAll(&context, request, &response));
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
      progress.Update(++checked);
    }
    request.set_from_position(response.next_position());
    more = more && response.next_position() <= head.head().position();
  }
  verifier.Finish(head.head());
  return datadir::FinishChainReport(verifier.report(), absl::StrCat("through ", ServerAddress()),
                                    progress);
}

absl::Status Verify(const Operands&) {
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  return data_dir.empty() ? VerifyOnline() : datadir::VerifyDataDir(data_dir);
}

}  // namespace

const Command kAppendCommand = {"append", 0, "  append [--file F]   append JSON from F or stdin\n",
                                Append};
const Command kReadCommand = {
    "read", 0,
    "  read --stream S [--from V] [--backward] [--limit N]\n"
    "  read --all [--from P] [--limit N] [--prefix P,...] [--type T,...]\n",
    Read};
const Command kTailCommand = {"tail", 0, "  tail [--from P] [--prefix P,...] [--type T,...]\n",
                              Tail};
const Command kHeadCommand = {"head", 0, "  head\n", Head};
const Command kStatusCommand = {
    "status", 0, "  status              the server's checks of its stored data (start-up, scrub)\n",
    StatusCommand};
const Command kVerifyCommand = {
    "verify", 0,
    "  verify [--data_dir D]   check the hash chain and Merkle tree (through the server, or a\n"
    "                          data dir offline); a progress bar, then one line\n"
    "    example: ledgerctl verify --data_dir /var/lib/besluitlog\n",
    Verify};

}  // namespace besluitlog::tools::ledgerctl
