// LedgerServer: a running gRPC server for one EventLog, with the
// LedgerService and the GovernanceService.
//
// It also serves gRPC's standard health service (grpc.health.v1.Health) and
// server reflection (grpc.reflection.v1alpha), both without authentication
// (docs/clients.md): health says SERVING for the server ("") and each of our
// services from Start(), NOT_SERVING for all from the moment Shutdown()
// begins, and NOT_SERVING for the GovernanceService (which only writes)
// while the log reports damage (EventLog::damage: found at open or by the
// scrub), while reads stay SERVING.
//
// Start() binds and serves, and starts the scrub (ServerOptions::scrub).
// Shutdown() stops in two steps. First it drains: new appends are refused
// with UNAVAILABLE (nothing stored, safe to retry), subscriptions end with
// UNAVAILABLE, and every call already in flight finishes and is answered
// (appends are durable once answered); reads waiting for a projection
// position and rebuild requests waiting to be recorded end at once with
// UNAVAILABLE (QueryServiceImpl::BeginShutdown), so that only calls doing
// work hold the stop. Then, with no call left, it stops the
// scrub and closes the listener and every connection at once: an idle
// connection does not hold the stop up (gRPC's own graceful GOAWAY waits for
// each client to answer a ping, and an idle C++ client reads its socket only
// every 5 s). Calls still running when `grace` is over are cancelled. The
// EventLog must outlive the server. Thread-safe: Shutdown() may race with
// Wait().
#ifndef BESLUITLOG_SERVICES_LEDGER_SERVER_H_
#define BESLUITLOG_SERVICES_LEDGER_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"
#include "ledger/chain_verifier.h"
#include "ledger/core/checkpoint_signer.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"
#include "services/admin_service.h"
#include "services/append_driver.h"
#include "services/audit_service.h"
#include "services/authenticator.h"
#include "services/governance_service.h"
#include "services/identity_file.h"
#include "services/ledger_service.h"
#include "services/query_service.h"

namespace besluitlog::services {

struct ServerOptions {
  // host:port; port 0 picks a free port (see LedgerServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  // Largest request accepted; bigger ones get RESOURCE_EXHAUSTED from gRPC.
  int max_receive_message_bytes = 64 << 20;
  // Open subscriptions at once; each holds a server thread, so more get
  // RESOURCE_EXHAUSTED and the other calls keep their threads.
  int max_subscriptions = 256;
  // Benchmarks only: answer Append without storing anything.
  bool discard_appends_for_benchmark = false;
  // "Today" for governance rules that need it (late zienswijzen).
  const ledger::Clock* clock = ledger::SystemClock::Get();
  // Who may call (see Authenticator); null trusts every caller, for tests
  // and benchmarks. Must outlive the server.
  IdentityFile* identities = nullptr;
  // TLS: the server's PEM certificate chain and private key; both empty for
  // plaintext.
  std::string tls_certificate_chain;
  std::string tls_private_key;
  // PEM CA certificates for client certificates (mutual TLS): a client may
  // present one, and it is verified; clients with a token need none.
  std::string tls_client_ca;
  // Copied into every backup beside the log (the signing key, identities).
  std::vector<std::string> files_to_back_up;
  // The background scrub of the stored chain and tree; off unless asked for.
  ledger::ScrubOptions scrub;
  // The origin line of the C2SP checkpoints (AuditService), and the witness
  // collector whose cosignatures GetCheckpoint serves (may be null; must
  // outlive the server).
  std::string origin = AuditServiceImpl::kDefaultOrigin;
  WitnessCollector* witnesses = nullptr;

  // Tests only: see GovernanceCommands::SetBeforeAppendForTesting.
  std::function<void(const v1::GovernanceCommand&)> governance_before_append_for_testing;
};

// Counts the calls in flight (from the moment gRPC hands a call to a service
// until its context is destroyed), through an interceptor on every call.
class CallsInFlight {
 public:
  // Long-lived streams that have nothing to finish and write nothing (a
  // health Watch, a reflection stream) are not counted: like idle
  // connections, they must not hold a stop up, and are closed with it.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> Factory();
  // Waits until no call is in flight; how many still are at `deadline`.
  int64_t AwaitNone(absl::Time deadline);

 private:
  class Counter;
  absl::Mutex mu_;
  int64_t count_ ABSL_GUARDED_BY(mu_) = 0;
};

class LedgerServer {
 public:
  // With a projection store and runner, the QueryService is served too;
  // with a checkpoint signer, the AuditService.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<LedgerServer>> Start(
      ledger::EventLog* log, const ServerOptions& options,
      const projections::ProjectionStore* store = nullptr,
      projections::ProjectionRunner* runner = nullptr,
      const ledger::core::CheckpointSigner* signer = nullptr);
  LedgerServer(const LedgerServer&) = delete;
  LedgerServer& operator=(const LedgerServer&) = delete;
  ~LedgerServer();

  int port() const { return port_; }
  std::string address() const;

  // Idempotent. In-flight calls get `grace` to finish before cancellation;
  // returns how many were still in flight when it ran out (and so were
  // cancelled), 0 when none were (and on every call after the first).
  int64_t Shutdown(absl::Duration grace = absl::Seconds(10));

 private:
  // The scrub options, reporting damage to the health service too.
  ledger::ScrubOptions WithHealthOnDamage(ledger::ScrubOptions scrub);
  // Health for the services served; writes NOT_SERVING while damaged.
  void SetHealth();
  // Marks the GovernanceService NOT_SERVING once the log reports damage.
  void MarkWritesDamaged();

  LedgerServer(ledger::EventLog* log, const ServerOptions& options,
               const projections::ProjectionStore* store, projections::ProjectionRunner* runner,
               const ledger::core::CheckpointSigner* signer);

  const ServerOptions options_;
  ledger::EventLog* const log_;
  ledger::ChainScrubber scrubber_;
  Authenticator authenticator_;
  LedgerServiceImpl service_;
  ledger::governance::GovernanceCommands governance_commands_;
  GovernanceServiceImpl governance_service_;
  std::unique_ptr<QueryServiceImpl> query_service_;
  std::unique_ptr<AuditServiceImpl> audit_service_;
  AdminServiceImpl admin_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<AppendDriver> append_driver_;
  CallsInFlight calls_in_flight_;
  int port_ = 0;
  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

}  // namespace besluitlog::services

#endif  // BESLUITLOG_SERVICES_LEDGER_SERVER_H_
