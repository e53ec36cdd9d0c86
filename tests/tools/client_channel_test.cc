#include "tools/client_channel.h"

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/event_log.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;

class ClientChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"BESLUITLOG_SERVER", "BESLUITLOG_TOKEN", "BESLUITLOG_TOKEN_FILE",
                             "BESLUITLOG_TLS_CA", "BESLUITLOG_TLS_CERT", "BESLUITLOG_TLS_KEY"}) {
      unsetenv(name);
    }
  }
  // A real server on an ephemeral port, its admin token in token_.
  void StartServer() {
    auto log = ledger::EventLog::Open(dir_.Sub("data"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    const std::string identities_path = dir_.Sub("identities");
    absl::StatusOr<std::string> token =
        services::IdentityFile::AddToken(identities_path, "beheer", ledger::Role::kAdmin);
    ASSERT_TRUE(token.ok());
    token_ = *token;
    auto identities = services::IdentityFile::Open(identities_path);
    ASSERT_TRUE(identities.ok());
    identities_ = *std::move(identities);
    services::ServerOptions server_options;
    server_options.listen_address = "127.0.0.1:0";
    server_options.identities = identities_.get();
    auto server = services::LedgerServer::Start(log_.get(), server_options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  testing::TempDir dir_;
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<services::IdentityFile> identities_;
  std::unique_ptr<services::LedgerServer> server_;  // Goes first: it uses the two above.
  std::string token_;
};

TEST_F(ClientChannelTest, FlagsComeBeforeTheEnvironmentAndTokenFilesAreTrimmed) {
  std::ofstream(dir_.Sub("token")) << "bl_secret\n";
  setenv("BESLUITLOG_SERVER", "127.0.0.1:7000", 1);
  setenv("BESLUITLOG_TOKEN_FILE", dir_.Sub("token").c_str(), 1);
  absl::StatusOr<ClientOptions> from_environment = ClientOptionsFrom("", "", "", "", "", "");
  ASSERT_TRUE(from_environment.ok()) << from_environment.status();
  EXPECT_EQ(from_environment->server, "127.0.0.1:7000");
  EXPECT_EQ(from_environment->token, "bl_secret");
  absl::StatusOr<ClientOptions> from_flags =
      ClientOptionsFrom("localhost:8000", "bl_flag", "", "", "", "");
  ASSERT_TRUE(from_flags.ok());
  EXPECT_EQ(from_flags->server, "localhost:8000");
  EXPECT_EQ(from_flags->token, "bl_flag");
  unsetenv("BESLUITLOG_SERVER");
  EXPECT_EQ(ClientOptionsFrom("", "", "", "", "", "")->server, "127.0.0.1:50051");
}

TEST_F(ClientChannelTest, MissingFilesAreNamed) {
  absl::StatusOr<ClientOptions> options = ClientOptionsFrom("", "", dir_.Sub("nope"), "", "", "");
  EXPECT_EQ(options.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(options.status().message(), HasSubstr("token file"));
  EXPECT_EQ(ClientOptionsFrom("", "", "", dir_.Sub("ca.pem"), "", "").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ClientChannelTest, ATokenNeverTravelsInTheClearBeyondLoopback) {
  const absl::StatusOr<ClientOptions> remote =
      ClientOptionsFrom("ledger.example.nl:50051", "bl_secret", "", "", "", "");
  EXPECT_EQ(remote.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(remote.status().message(), HasSubstr("without TLS"));
  EXPECT_TRUE(ClientOptionsFrom("127.0.0.1:50051", "bl_secret", "", "", "", "").ok());
  EXPECT_TRUE(ClientOptionsFrom("[::1]:50051", "bl_secret", "", "", "", "").ok());
  EXPECT_TRUE(ClientOptionsFrom("ledger.example.nl:50051", "", "", "", "", "").ok());
  std::ofstream(dir_.Sub("ca.pem")) << "-----BEGIN CERTIFICATE-----\n";
  EXPECT_TRUE(
      ClientOptionsFrom("ledger.example.nl:50051", "bl_secret", "", dir_.Sub("ca.pem"), "", "")
          .ok());
}

// Loopback is decided by the addresses a name resolves to, not by how the
// name starts: these look local but are not (or do not resolve at all).
TEST_F(ClientChannelTest, NamesThatOnlyLookLikeLoopbackGetNoToken) {
  for (const std::string server :
       {"127.evil.example:1", "localhost.example:1", "10.0.0.1:50051", "[::ffff:8.8.8.8]:50051",
        "127.0.0.1.evil.example:1", "dns:///127.evil.example:1",
        // A checked loopback host with a second, unchecked address smuggled in as its "port".
        "[::1]:1,[2001:db8::1]:443", "[127.0.0.1]:1,203.0.113.7:80", "[localhost]:1,203.0.113.7:80",
        "dns:///[::1]:1,[2001:db8::1]:443", "localhost:0", "localhost:65536", "localhost:http"}) {
    const absl::StatusOr<ClientOptions> options =
        ClientOptionsFrom(server, "bl_secret", "", "", "", "");
    EXPECT_EQ(options.status().code(), absl::StatusCode::kFailedPrecondition) << server;
    EXPECT_THAT(options.status().message(), HasSubstr("refusing to send a token without TLS"))
        << server;
  }
  for (const std::string server : {"localhost:50051", "127.0.0.2:50051", "[::1]:50051",
                                   "[::ffff:127.0.0.1]:50051", "unix:/tmp/besluitlog.sock"}) {
    const absl::StatusOr<ClientOptions> options =
        ClientOptionsFrom(server, "bl_secret", "", "", "", "");
    EXPECT_TRUE(options.ok()) << server << ": " << options.status();
  }
}

// A resolver that answers from a table and counts its questions.
struct FakeDns {
  std::map<std::string, std::vector<std::string>> answers;
  int questions = 0;
  HostResolver resolver() {
    return [this](const std::string& host) -> absl::StatusOr<std::vector<std::string>> {
      ++questions;
      auto it = answers.find(host);
      if (it == answers.end()) return absl::UnavailableError("\"" + host + "\" does not resolve");
      return it->second;
    };
  }
};

TEST_F(ClientChannelTest, ANameIsJudgedByEveryAddressItResolvesTo) {
  FakeDns dns;
  dns.answers["127.evil.example"] = {"203.0.113.7"};
  dns.answers["localhost.example"] = {"127.0.0.1", "198.51.100.2"};
  dns.answers["mapped.example"] = {"::ffff:8.8.8.8"};
  dns.answers["here.example"] = {"::1", "127.0.0.1", "127.0.1.1"};
  for (const auto& [server, address] : {std::pair{"127.evil.example:1", "203.0.113.7"},
                                        std::pair{"localhost.example:1", "198.51.100.2"},
                                        std::pair{"mapped.example:1", "::ffff:8.8.8.8"}}) {
    const absl::StatusOr<ClientOptions> options =
        ClientOptionsFrom(server, "bl_secret", "", "", "", "", dns.resolver());
    EXPECT_EQ(options.status().code(), absl::StatusCode::kFailedPrecondition) << server;
    EXPECT_THAT(options.status().message(),
                HasSubstr(absl::StrCat("refusing to send a token without TLS to ", server)));
    EXPECT_THAT(options.status().message(),
                HasSubstr(absl::StrCat("resolves to ", address, ", which is not loopback")));
  }
  // Connects to what was checked: the IPv4 loopback addresses, not the name.
  const absl::StatusOr<ClientOptions> here =
      ClientOptionsFrom("here.example:7000", "bl_secret", "", "", "", "", dns.resolver());
  ASSERT_TRUE(here.ok()) << here.status();
  EXPECT_EQ(here->target, "ipv4:127.0.0.1:7000,127.0.1.1:7000");
  EXPECT_EQ(LoopbackTarget("[::1]:7000", dns.resolver()).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "not in the table: unresolved, so not shown to be loopback";
  EXPECT_EQ(*LoopbackTarget("[::1]:7000", ResolveHost), "ipv6:[::1]:7000");
  EXPECT_EQ(*LoopbackTarget("unix:/run/besluitlog.sock", dns.resolver()),
            "unix:/run/besluitlog.sock");
  // Without a token, or with TLS, nothing is resolved here.
  const int asked = dns.questions;
  EXPECT_TRUE(ClientOptionsFrom("127.evil.example:1", "", "", "", "", "", dns.resolver()).ok());
  EXPECT_EQ(dns.questions, asked);
}

// Over a real server: a token reaches it by the address resolved once,
// so a DNS answer that changes afterwards cannot redirect the token.
TEST_F(ClientChannelTest, TheTokenGoesToTheAddressThatWasChecked) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const std::string port = server_->address().substr(server_->address().rfind(':') + 1);

  FakeDns dns;
  dns.answers["ledger.local.example"] = {"127.0.0.1"};
  absl::StatusOr<ClientOptions> options =
      ClientOptionsFrom("ledger.local.example:" + port, token_, "", "", "", "", dns.resolver());
  ASSERT_TRUE(options.ok()) << options.status();
  dns.answers["ledger.local.example"] = {"203.0.113.7"};  // Rebound after the check.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::GetHeadResponse head;
  const grpc::Status status = v1::LedgerService::NewStub(OpenChannel(*options))
                                  ->GetHead(&context, v1::GetHeadRequest(), &head);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dns.questions, 1);
  // And "localhost" itself, through the system's resolver.
  absl::StatusOr<ClientOptions> local =
      ClientOptionsFrom("localhost:" + port, token_, "", "", "", "");
  ASSERT_TRUE(local.ok()) << local.status();
  grpc::ClientContext again;
  again.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  EXPECT_TRUE(v1::LedgerService::NewStub(OpenChannel(*local))
                  ->GetHead(&again, v1::GetHeadRequest(), &head)
                  .ok());
  server_->Shutdown();
}

// Runs `command` through the shell; its exit status and what it printed.
struct ShellRun {
  int status = 0;
  std::string output;
};
ShellRun RunShell(const std::string& command) {
  ShellRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) run.output.append(buffer, n);
  run.status = pclose(pipe);
  return run;
}

// What a person types on the command line is what they mean: an explicit
// --token_file or --token wins over $BESLUITLOG_TOKEN / $BESLUITLOG_TOKEN_FILE
// (as --server and --tls_* win over theirs), and a token gRPC could not send
// as metadata is refused with its reason instead of aborting the process.
TEST_F(ClientChannelTest, LedgerctlFlagsWinOverTheEnvironmentAndBadTokensAreNamed) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const std::string base = absl::StrCat(LEDGERCTL_PATH, " --server=", server_->address());
  std::ofstream(dir_.Sub("good.token")) << token_ << "\n";
  std::ofstream(dir_.Sub("env.token")) << "bl_not_a_token\n";

  setenv("BESLUITLOG_TOKEN", "bl_not_a_token", 1);
  ShellRun run = RunShell(absl::StrCat(base, " --token_file=", dir_.Sub("good.token"), " head"));
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << run.output;
  run = RunShell(absl::StrCat(base, " --token=", token_, " head"));
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << run.output;
  run = RunShell(absl::StrCat(base, " head"));
  EXPECT_THAT(run.output, HasSubstr("UNAUTHENTICATED")) << "the environment's token is used";
  unsetenv("BESLUITLOG_TOKEN");
  setenv("BESLUITLOG_TOKEN_FILE", dir_.Sub("env.token").c_str(), 1);
  run = RunShell(absl::StrCat(base, " --token=", token_, " head"));
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << run.output;
  unsetenv("BESLUITLOG_TOKEN_FILE");

  // A token file of two lines (a pasted token and a comment, or CR LF).
  std::ofstream(dir_.Sub("two-lines.token")) << token_ << "\nsecond line\n";
  run = RunShell(absl::StrCat(base, " --token_file=", dir_.Sub("two-lines.token"), " head"));
  EXPECT_FALSE(WIFSIGNALED(run.status)) << run.output;
  EXPECT_EQ(WEXITSTATUS(run.status), 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat("the token in ", dir_.Sub("two-lines.token"),
                                                 " holds a line break")));
  EXPECT_THAT(run.output, HasSubstr("the file must hold only the token"));
  std::ofstream(dir_.Sub("crlf.token")) << token_ << "\r\n";
  run = RunShell(absl::StrCat(base, " --token_file=", dir_.Sub("crlf.token"), " head"));
  EXPECT_EQ(WEXITSTATUS(run.status), 0) << "a trailing CR LF is trimmed: " << run.output;
  setenv("BESLUITLOG_TOKEN", absl::StrCat(token_, "\x01").c_str(), 1);
  run = RunShell(absl::StrCat(base, " head"));
  unsetenv("BESLUITLOG_TOKEN");
  EXPECT_FALSE(WIFSIGNALED(run.status)) << run.output;
  EXPECT_EQ(WEXITSTATUS(run.status), 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("the token in $BESLUITLOG_TOKEN holds a character"));
  server_->Shutdown();
}

// ledgerctl itself refuses before it connects: its error is the refusal,
// not the UNAVAILABLE that a connection attempt would end in.
TEST_F(ClientChannelTest, LedgerctlRefusesBeforeConnecting) {
  for (const std::string server :
       {"127.evil.example:1", "localhost.example:1", "10.0.0.1:1", "[::ffff:8.8.8.8]:1"}) {
    FILE* pipe = popen(
        absl::StrCat(LEDGERCTL_PATH, " --server=", server, " --token=bl_secret head 2>&1").c_str(),
        "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
    const int status = pclose(pipe);
    EXPECT_EQ(WEXITSTATUS(status), 1) << server;
    EXPECT_THAT(output,
                HasSubstr("FAILED_PRECONDITION: refusing to send a token without TLS to " + server))
        << server;
    EXPECT_THAT(output, ::testing::Not(HasSubstr("UNAVAILABLE"))) << server;
  }
}

}  // namespace
}  // namespace besluitlog::tools
