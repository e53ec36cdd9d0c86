// Authentication and roles over a real gRPC server: bearer tokens on
// plaintext loopback, TLS, and client certificates (mutual TLS) made with
// the openssl command.
#include "services/authenticator.h"

#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/event_log.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"
#include "tests/testing/certificates.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/temp_dir.h"
#include "tools/client_channel.h"

namespace besluitlog::services {
namespace {

using ::testing::HasSubstr;

v1::AppendRequest RawAppend(const std::string& stream, const std::string& actor) {
  v1::AppendRequest request;
  request.mutable_append()->set_stream_id(stream);
  v1::ProposedEvent* event = request.mutable_append()->add_events();
  event->set_event_type("Noted");
  event->set_actor(actor);
  return request;
}

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ledger::EventLog>> log =
        ledger::EventLog::Open(dir_.Sub("data"));
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    absl::StatusOr<std::unique_ptr<ledger::core::CheckpointSigner>> signer =
        ledger::core::CheckpointSigner::LoadOrCreate(dir_.Sub("key.pem"));
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = *std::move(signer);
    absl::StatusOr<std::unique_ptr<IdentityFile>> identities = IdentityFile::Open(identities_path_);
    ASSERT_TRUE(identities.ok()) << identities.status();
    identities_ = *std::move(identities);
    for (const auto& [name, role] :
         {std::pair{"beheer", ledger::Role::kAdmin},
          std::pair{"griffie", ledger::Role::kSecretariaat}, std::pair{"w1", ledger::Role::kMember},
          std::pair{"w2", ledger::Role::kMember}, std::pair{"sub", ledger::Role::kMember},
          std::pair{"accountant", ledger::Role::kAuditor},
          std::pair{"app", ledger::Role::kClient}}) {
      absl::StatusOr<std::string> token = IdentityFile::AddToken(identities_path_, name, role);
      ASSERT_TRUE(token.ok()) << token.status();
      tokens_[name] = *token;
    }
  }

  void StartServer(ServerOptions options = {}) {
    options.listen_address = "127.0.0.1:0";
    options.identities = identities_.get();
    absl::StatusOr<std::unique_ptr<LedgerServer>> server =
        LedgerServer::Start(log_.get(), options, nullptr, nullptr, signer_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::shared_ptr<grpc::Channel> As(const std::string& name) {
    return tools::OpenChannel({.server = server_->address(), .token = tokens_[name]});
  }

  grpc::Status Append(const std::shared_ptr<grpc::Channel>& channel, const std::string& actor) {
    grpc::ClientContext context;
    v1::AppendResponse response;
    return v1::LedgerService::NewStub(channel)->Append(&context, RawAppend("notes", actor),
                                                       &response);
  }

  grpc::Status Execute(const std::string& name, const v1::GovernanceCommand& command) {
    grpc::ClientContext context;
    v1::CommandResult result;
    return v1::GovernanceService::NewStub(As(name))->Execute(&context, command, &result);
  }

  std::vector<v1::Event> Events() const {
    google::protobuf::RepeatedPtrField<v1::Event> events;
    EXPECT_TRUE(log_->ReadAll(1, ledger::EventLog::kMaxPageSize, v1::EventFilter(), &events).ok());
    return {events.begin(), events.end()};
  }

  testing::TempDir dir_;
  const std::string identities_path_ = dir_.Sub("identities");
  std::unique_ptr<ledger::EventLog> log_;
  std::unique_ptr<ledger::core::CheckpointSigner> signer_;
  std::unique_ptr<IdentityFile> identities_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<LedgerServer> server_;
};

TEST_F(AuthenticatorTest, CallsWithoutKnownCredentialsAreUnauthenticatedAndStoreNothing) {
  StartServer();
  const grpc::Status anonymous =
      Append(tools::OpenChannel({.server = server_->address()}), "beheer");
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(anonymous.error_message(), HasSubstr("this server needs credentials"));
  const grpc::Status guessed =
      Append(tools::OpenChannel({.server = server_->address(), .token = "bl_guess"}), "beheer");
  EXPECT_EQ(guessed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(guessed.error_message(), HasSubstr("bearer token is not known"));
  // Reads need credentials too.
  grpc::ClientContext context;
  v1::GetHeadResponse head;
  EXPECT_EQ(v1::LedgerService::NewStub(tools::OpenChannel({.server = server_->address()}))
                ->GetHead(&context, v1::GetHeadRequest(), &head)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(log_->GetHead().position(), 0u);
}

TEST_F(AuthenticatorTest, EachCallChecksTheCallersRole) {
  StartServer();
  for (const char* name : {"griffie", "w1", "accountant", "app"}) {
    const grpc::Status refused = Append(As(name), name);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED) << name;
    EXPECT_THAT(refused.error_message(),
                HasSubstr("may not append raw events; that takes the role admin"));
  }
  EXPECT_EQ(log_->GetHead().position(), 0u);
  ASSERT_TRUE(Append(As("beheer"), "beheer").ok());
  // Everyone reads; proofs and checkpoints are for auditors (and the
  // secretariaat and admin, who export).
  for (const char* name : {"app", "w1", "accountant"}) {
    grpc::ClientContext context;
    v1::ReadAllRequest request;
    v1::ReadAllResponse page;
    EXPECT_TRUE(v1::LedgerService::NewStub(As(name))->ReadAll(&context, request, &page).ok());
    EXPECT_EQ(page.events_size(), 1) << name;
  }
  for (const auto& [name, code] :
       {std::pair{"accountant", grpc::StatusCode::OK}, std::pair{"griffie", grpc::StatusCode::OK},
        std::pair{"app", grpc::StatusCode::PERMISSION_DENIED},
        std::pair{"w1", grpc::StatusCode::PERMISSION_DENIED}}) {
    grpc::ClientContext context;
    v1::Checkpoint checkpoint;
    EXPECT_EQ(v1::AuditService::NewStub(As(name))
                  ->GetCheckpoint(&context, v1::GetCheckpointRequest(), &checkpoint)
                  .error_code(),
              code)
        << name;
  }
}

TEST_F(AuthenticatorTest, TheActorIsTheAuthenticatedIdentityNotTheClaimedOne) {
  StartServer();
  ASSERT_TRUE(Append(As("beheer"), "w1").ok());
  v1::GovernanceCommand establish =
      testing::Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS});
  establish.set_actor("w1");
  ASSERT_TRUE(Execute("beheer", establish).ok());
  const std::vector<v1::Event> events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].actor(), "beheer");
  EXPECT_EQ(events[1].actor(), "beheer");
}

TEST_F(AuthenticatorTest, MembersVoteOnlyAsThemselvesAndSubstitutesUnderTheirOwnName) {
  StartServer();
  for (const v1::GovernanceCommand& act :
       {testing::Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}),
        testing::Appoint("oro", "w1", v1::GEMEENTEN),
        testing::Appoint("oro", "w2", v1::COMBINATIES)}) {
    ASSERT_TRUE(Execute("beheer", act).ok()) << act.DebugString();
  }
  for (const v1::GovernanceCommand& act :
       {testing::Schedule("oro-1", "oro", "2026-01-13"), testing::Open("oro-1"),
        testing::Attend("oro-1", "w1"), testing::Attend("oro-1", "w2", false),
        testing::Substitute("oro-1", "w2", "sub"), testing::Submit("kpi", "oro", {"KPI"}),
        testing::AddItem("oro-1", "1", "kpi", "w1")}) {
    const grpc::Status status = Execute("griffie", act);
    ASSERT_TRUE(status.ok()) << status.error_message() << act.DebugString();
  }
  const uint64_t before = log_->GetHead().position();
  const grpc::Status as_other = Execute("w1", testing::Vote("oro-1", "1", 1, "w2", v1::AGAINST));
  EXPECT_EQ(as_other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(as_other.error_message(), HasSubstr("w1 may vote and object only as w1"));
  EXPECT_EQ(Execute("griffie", testing::Vote("oro-1", "1", 1, "w1", v1::FOR)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(log_->GetHead().position(), before);

  EXPECT_TRUE(Execute("w1", testing::Vote("oro-1", "1", 1, "w1", v1::FOR)).ok());
  // The substitute fills w2's seat, voting under their own name.
  const grpc::Status substitute = Execute("sub", testing::Vote("oro-1", "1", 1, "sub", v1::FOR));
  ASSERT_TRUE(substitute.ok()) << substitute.error_message();
  const std::vector<v1::Event> events = Events();
  EXPECT_EQ(events.back().actor(), "sub");
}

TEST_F(AuthenticatorTest, ARevokedIdentityStopsReceivingItsSubscription) {
  StartServer();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto reader = v1::LedgerService::NewStub(As("app"))->Subscribe(&context, v1::SubscribeRequest());
  v1::SubscribeResponse message;
  ASSERT_TRUE(reader->Read(&message));  // Caught up on the empty log.
  EXPECT_TRUE(message.has_caught_up_at());
  // Everyone but the app stays.
  std::ifstream in(identities_path_);
  std::string kept;
  for (std::string line; std::getline(in, line);) {
    if (line.find(" app ") == std::string::npos) kept += line + "\n";
  }
  std::ofstream(identities_path_, std::ios::trunc) << kept;
  while (reader->Read(&message)) {
  }
  const grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAUTHENTICATED) << ended.error_message();
}

TEST_F(AuthenticatorTest, TlsWithTokensOrRegisteredClientCertificates) {
  const testing::Certificates certificates(dir_.path());
  ASSERT_TRUE(certificates.ok()) << "openssl is a test dependency (tools/dev.sh installs it)";
  ASSERT_TRUE(
      IdentityFile::AddCertificate(identities_path_, "ops.example", ledger::Role::kAdmin).ok());
  ServerOptions options;
  options.tls_certificate_chain = certificates.Pem("server.pem");
  options.tls_private_key = certificates.Pem("server.key");
  options.tls_client_ca = certificates.Pem("ca.pem");
  StartServer(options);
  tools::ClientOptions tls{.server = server_->address(),
                           .tls_ca = certificates.Pem("ca.pem"),
                           .tls_server_name = "localhost"};

  // A registered client certificate is an identity of its own.
  tools::ClientOptions with_certificate = tls;
  with_certificate.tls_cert = certificates.Pem("client.pem");
  with_certificate.tls_key = certificates.Pem("client.key");
  ASSERT_TRUE(Append(tools::OpenChannel(with_certificate), "someone").ok());
  EXPECT_EQ(Events().back().actor(), "ops.example");

  // A valid certificate whose name is not registered is refused.
  tools::ClientOptions stranger = tls;
  stranger.tls_cert = certificates.Pem("stranger.pem");
  stranger.tls_key = certificates.Pem("stranger.key");
  const grpc::Status unknown = Append(tools::OpenChannel(stranger), "someone");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(unknown.error_message(), HasSubstr("\"nobody.example\" is not registered"));

  // Tokens work over TLS without a client certificate; nothing works without either.
  tools::ClientOptions with_token = tls;
  with_token.token = tokens_["beheer"];
  EXPECT_TRUE(Append(tools::OpenChannel(with_token), "x").ok());
  EXPECT_EQ(Append(tools::OpenChannel(tls), "x").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Plaintext does not reach a TLS server.
  EXPECT_EQ(Append(As("beheer"), "x").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(log_->GetHead().position(), 2u);
}

}  // namespace
}  // namespace besluitlog::services
