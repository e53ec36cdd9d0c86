#include "services/ledger_server.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/admin.grpc.pb.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"

namespace besluitlog::services {

// One per call: counts the call from its creation to its destruction, which
// gRPC does when the call's context goes, after the final status is sent.
class CallsInFlight::Counter final : public grpc::experimental::Interceptor {
 public:
  explicit Counter(CallsInFlight* calls) : calls_(calls) {
    absl::MutexLock lock(&calls_->mu_);
    ++calls_->count_;
  }
  ~Counter() override {
    absl::MutexLock lock(&calls_->mu_);
    --calls_->count_;
  }
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  CallsInFlight* const calls_;
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> CallsInFlight::Factory() {
  class Factory final : public grpc::experimental::ServerInterceptorFactoryInterface {
   public:
    explicit Factory(CallsInFlight* calls) : calls_(calls) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override {
      const absl::string_view method = info->method() == nullptr ? "" : info->method();
      if (method == "/grpc.health.v1.Health/Watch" ||
          absl::StartsWith(method, "/grpc.reflection.")) {
        return nullptr;  // Not counted (see the header).
      }
      return new Counter(calls_);
    }

   private:
    CallsInFlight* const calls_;
  };
  return std::make_unique<Factory>(this);
}

int64_t CallsInFlight::AwaitNone(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(
                            +[](int64_t* count) { return *count == 0; }, &count_),
                        deadline);
  return count_;
}

LedgerServer::LedgerServer(ledger::EventLog* log, const ServerOptions& options,
                           const projections::ProjectionStore* store,
                           projections::ProjectionRunner* runner,
                           const ledger::core::CheckpointSigner* signer)
    : options_(options),
      log_(log),
      scrubber_(log, WithHealthOnDamage(options.scrub)),
      authenticator_(options.identities),
      service_(log, &authenticator_, options.max_subscriptions, &scrubber_),
      governance_commands_(log, options.clock),
      governance_service_(&governance_commands_, &authenticator_),
      admin_service_(log, &authenticator_, options.files_to_back_up) {
  if (options.governance_before_append_for_testing) {
    governance_commands_.SetBeforeAppendForTesting(options.governance_before_append_for_testing);
  }
  if (store != nullptr && runner != nullptr) {
    query_service_ =
        std::make_unique<QueryServiceImpl>(log, store, runner, options.clock, &authenticator_);
  }
  if (signer != nullptr) {
    audit_service_ = std::make_unique<AuditServiceImpl>(log, signer, options.clock, &authenticator_,
                                                        options.origin, options.witnesses);
  }
}

absl::StatusOr<std::unique_ptr<LedgerServer>> LedgerServer::Start(
    ledger::EventLog* log, const ServerOptions& options, const projections::ProjectionStore* store,
    projections::ProjectionRunner* runner, const ledger::core::CheckpointSigner* signer) {
  std::unique_ptr<LedgerServer> server(new LedgerServer(log, options, store, runner, signer));
  if (options.tls_certificate_chain.empty() != options.tls_private_key.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate chain and its private key");
  }
  if (!options.tls_client_ca.empty() && options.tls_certificate_chain.empty()) {
    return absl::InvalidArgumentError("client certificates (mutual TLS) need TLS");
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (!options.tls_certificate_chain.empty()) {
    grpc::SslServerCredentialsOptions tls(options.tls_client_ca.empty()
                                              ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                              : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
    tls.pem_root_certs = options.tls_client_ca;
    tls.pem_key_cert_pairs.push_back({options.tls_private_key, options.tls_certificate_chain});
    credentials = grpc::SslServerCredentials(tls);
  }
  // Both apply to every server built from here on: gRPC's default health
  // service, and reflection over the generated descriptors of our protos.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, credentials, &server->port_);
  builder.RegisterService(&server->service_);
  builder.RegisterService(&server->governance_service_);
  builder.RegisterService(&server->admin_service_);
  if (server->query_service_ != nullptr) {
    builder.RegisterService(server->query_service_.get());
  }
  if (server->audit_service_ != nullptr) {
    builder.RegisterService(server->audit_service_.get());
  }
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(server->calls_in_flight_.Factory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  // Each extra polling thread takes network work away from the Append
  // driver's thread and costs a hand-off; one is enough for the reads.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::NUM_CQS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 1);
  std::unique_ptr<grpc::ServerCompletionQueue> append_queue = builder.AddCompletionQueue();
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address,
                     " (address in use, or not an address of this machine?)"));
  }
  server->SetHealth();
  server->append_driver_ = std::make_unique<AppendDriver>(
      &server->service_, std::move(append_queue), log, &server->authenticator_,
      options.discard_appends_for_benchmark);
  server->append_driver_->Start();
  server->scrubber_.Start();
  return server;
}

LedgerServer::~LedgerServer() { Shutdown(); }

ledger::ScrubOptions LedgerServer::WithHealthOnDamage(ledger::ScrubOptions scrub) {
  // The server exists before the scrub starts.
  scrub.on_damage = [this] { MarkWritesDamaged(); };
  return scrub;
}

void LedgerServer::SetHealth() {
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus("", true);
  for (const char* service :
       {v1::LedgerService::service_full_name(), v1::GovernanceService::service_full_name(),
        v1::AdminService::service_full_name()}) {
    health->SetServingStatus(service, true);
  }
  if (query_service_ != nullptr) {
    health->SetServingStatus(v1::QueryService::service_full_name(), true);
  }
  if (audit_service_ != nullptr) {
    health->SetServingStatus(v1::AuditService::service_full_name(), true);
  }
  MarkWritesDamaged();
}

void LedgerServer::MarkWritesDamaged() {
  if (!log_->damage().has_value()) return;
  // Damage is kept until the data dir is restored: never back to SERVING.
  // (Ignored once Shutdown() has put every service to NOT_SERVING.)
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(v1::GovernanceService::service_full_name(), false);
  }
}

std::string LedgerServer::address() const {
  const absl::string_view address(options_.listen_address);
  const size_t colon = address.rfind(':');
  return absl::StrCat(address.substr(0, colon), ":", port_);
}

int64_t LedgerServer::Shutdown(absl::Duration grace) {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return 0;
  shut_down_ = true;
  const absl::Time deadline = absl::Now() + grace;
  // Health first, so probes and load balancers turn away at once: every
  // service NOT_SERVING, and no later status change counts.
  if (grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService()) {
    health->Shutdown();
  }
  // Drain: from here on appends are refused and subscriptions end, so the
  // calls in flight run out; the server still accepts calls meanwhile, so a
  // client that sends one now hears UNAVAILABLE from us instead of having it
  // cancelled by gRPC's shutdown.
  service_.BeginShutdown();
  append_driver_->BeginShutdown();
  // Reads waiting for the projections would otherwise hold the stop for
  // their whole wait (up to 30 s, or the grace).
  if (query_service_ != nullptr) query_service_->BeginShutdown();
  const int64_t still_in_flight = calls_in_flight_.AwaitNone(deadline);
  // No call left (or the grace is over): close every connection now, then
  // stop listening and close whatever connected meanwhile. gRPC's Shutdown
  // alone would wait for each idle client to acknowledge its GOAWAY (which an
  // idle C++ client does only when its 5 s backup poller runs), and would
  // cancel (CANCELLED) calls that reach it after it began; closing first makes
  // such a late call end UNAVAILABLE, like any refused one. (A core queue
  // for the notification: the C++ one takes only its own kinds of tags.)
  grpc_completion_queue* shutdown_queue = grpc_completion_queue_create_for_next(nullptr);
  int shutdown_tag = 0;
  grpc_server_cancel_all_calls(server_->c_server());
  grpc_server_shutdown_and_notify(server_->c_server(), shutdown_queue, &shutdown_tag);
  grpc_server_cancel_all_calls(server_->c_server());
  server_->Shutdown(absl::ToChronoTime(deadline));
  grpc_completion_queue_shutdown(shutdown_queue);
  while (grpc_completion_queue_next(shutdown_queue, gpr_inf_future(GPR_CLOCK_REALTIME), nullptr)
             .type != GRPC_QUEUE_SHUTDOWN) {
  }
  grpc_completion_queue_destroy(shutdown_queue);
  append_driver_->Stop();
  scrubber_.Stop();
  return still_in_flight;
}

}  // namespace besluitlog::services
