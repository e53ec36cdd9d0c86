#include "tools/ledgerctl/governance_commands.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "besluitlog/v1/cli.pb.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "ledger/core/status_macros.h"
#include "tools/file_text.h"
#include "tools/governance_cli.h"
#include "tools/grpc_status.h"
#include "tools/ledgerctl/connection.h"

namespace besluitlog::tools::ledgerctl {
namespace {

absl::StatusOr<v1::CommandResult> Execute(v1::GovernanceService::Stub& stub,
                                          const v1::GovernanceCommand& command) {
  grpc::ClientContext context;
  v1::CommandResult result;
  absl::Status status = FromGrpcStatus(stub.Execute(&context, command, &result));
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
  std::printf("recorded at position %llu\n", static_cast<unsigned long long>(result.position()));
}

absl::Status Init(const Operands& operands) {
  const std::string& file = operands[0];
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
    absl::Status status = FromGrpcStatus(
        v1::LedgerService::NewStub(channel)->GetHead(&context, v1::GetHeadRequest(), &head));
    if (!status.ok()) return status;
    if (head.head().position() != 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("init loads a seed into an empty ledger only; this one holds ",
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
      return absl::Status(result.status().code(), absl::StrCat("command ", i + 1, " of ", file,
                                                               ": ", result.status().message()));
    }
    position = result->position();
  }
  std::printf("loaded %d commands from %s; head at position %llu\n", seed.commands_size(),
              file.c_str(), static_cast<unsigned long long>(position));
  return absl::OkStatus();
}

}  // namespace

absl::Status RunGovernanceAct(const std::string& act, const std::vector<std::string>& flags) {
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

const Command kInitCommand = {
    "init", 1, "  init FILE           load a seed file into an empty ledger\n", Init};

}  // namespace besluitlog::tools::ledgerctl
