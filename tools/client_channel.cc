#include "tools/client_channel.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/support/client_interceptor.h"
#include "ledger/status_macros.h"
#include "tools/file_text.h"

namespace besluitlog::tools {
namespace {

// Adds the bearer token to the initial metadata of every call.
class BearerToken final : public grpc::experimental::Interceptor {
 public:
  explicit BearerToken(const std::string* header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", *header_});
    }
    methods->Proceed();
  }

 private:
  const std::string* const header_;
};

class BearerTokenFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenFactory(std::string token) : header_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* /*info*/) override {
    return new BearerToken(&header_);
  }

 private:
  const std::string header_;
};

// An empty path names no file: empty text.
absl::StatusOr<std::string> ReadIfNamed(const std::string& path, absl::string_view what) {
  if (path.empty()) return std::string();
  return ReadFileText(path, what);
}

std::string FromEnvironment(std::string value, const char* name) {
  if (!value.empty()) return value;
  const char* env = std::getenv(name);
  return env != nullptr ? env : "";
}

}  // namespace

absl::StatusOr<ClientOptions> ClientOptionsFrom(std::string server, std::string token,
                                                std::string token_file,
                                                std::string tls_ca_file,
                                                std::string tls_cert_file,
                                                std::string tls_key_file) {
  ClientOptions options;
  server = FromEnvironment(std::move(server), "BESLUITLOG_SERVER");
  if (!server.empty()) options.server = server;
  options.token = FromEnvironment(std::move(token), "BESLUITLOG_TOKEN");
  if (options.token.empty()) {
    ASSIGN_OR_RETURN(options.token,
                     ReadIfNamed(FromEnvironment(std::move(token_file), "BESLUITLOG_TOKEN_FILE"),
                                 "token"));
    options.token = std::string(absl::StripAsciiWhitespace(options.token));
  }
  ASSIGN_OR_RETURN(options.tls_ca,
                   ReadIfNamed(FromEnvironment(std::move(tls_ca_file), "BESLUITLOG_TLS_CA"),
                            "TLS CA"));
  ASSIGN_OR_RETURN(options.tls_cert,
                   ReadIfNamed(FromEnvironment(std::move(tls_cert_file), "BESLUITLOG_TLS_CERT"),
                            "TLS certificate"));
  ASSIGN_OR_RETURN(options.tls_key,
                   ReadIfNamed(FromEnvironment(std::move(tls_key_file), "BESLUITLOG_TLS_KEY"),
                            "TLS key"));
  // A token is a password: never send it in the clear beyond this machine.
  const std::string host = options.server.substr(0, options.server.rfind(':'));
  const bool loopback = host == "localhost" || host == "[::1]" || absl::StartsWith(host, "127.") ||
                        absl::StartsWith(options.server, "unix:");
  if (!options.token.empty() && options.tls_ca.empty() && !loopback) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to send a token without TLS to ", options.server,
        "; give the server's CA with --tls_ca (or $BESLUITLOG_TLS_CA)"));
  }
  return options;
}

std::shared_ptr<grpc::Channel> OpenChannel(const ClientOptions& options) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options.tls_ca.empty()) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = options.tls_ca;
    tls.pem_cert_chain = options.tls_cert;
    tls.pem_private_key = options.tls_key;
    credentials = grpc::SslCredentials(tls);
    if (!options.tls_server_name.empty()) {
      args.SetSslTargetNameOverride(options.tls_server_name);
    }
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  if (!options.token.empty()) {
    interceptors.push_back(std::make_unique<BearerTokenFactory>(options.token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      options.server, credentials, args, std::move(interceptors));
}

}  // namespace besluitlog::tools
