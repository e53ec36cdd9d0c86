#include "tools/ledgerctl/connection.h"

#include <string>

#include "absl/flags/flag.h"
#include "ledger/core/status_macros.h"
#include "tools/client_channel.h"

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
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert (default $BESLUITLOG_TLS_KEY).");
ABSL_FLAG(std::string, tls_server_name, "",
          "Name to expect in the server's certificate, when not the address's host.");

namespace besluitlog::tools::ledgerctl {
namespace {

// Where and how to reach the server; set once by LoadClientOptions.
ClientOptions& Client() {
  static ClientOptions* options = new ClientOptions();
  return *options;
}

}  // namespace

absl::Status LoadClientOptions() {
  ASSIGN_OR_RETURN(Client(),
                   ClientOptionsFrom(absl::GetFlag(FLAGS_server), absl::GetFlag(FLAGS_token),
                                     absl::GetFlag(FLAGS_token_file), absl::GetFlag(FLAGS_tls_ca),
                                     absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key)));
  Client().tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  return absl::OkStatus();
}

std::string ServerAddress() { return Client().server; }

std::shared_ptr<grpc::Channel> Channel() { return OpenChannel(Client()); }

}  // namespace besluitlog::tools::ledgerctl
