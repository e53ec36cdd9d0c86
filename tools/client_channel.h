// ClientChannel: how ledgerctl (and tests, benchmarks) reach a server:
// address, TLS trust, client certificate, bearer token.
//
// Every call on the returned channel carries "authorization: Bearer
// <token>" when a token is set, with or without TLS (a plaintext server
// listens on loopback only).
#ifndef BESLUITLOG_TOOLS_CLIENT_CHANNEL_H_
#define BESLUITLOG_TOOLS_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace besluitlog::tools {

struct ClientOptions {
  std::string server = "127.0.0.1:50051";
  std::string token;         // Empty: no bearer token.
  std::string tls_ca;        // PEM; non-empty switches TLS on.
  std::string tls_cert;      // PEM client certificate (mutual TLS), with
  std::string tls_key;       // its PEM private key.
  std::string tls_server_name;  // Overrides the name checked in the server's certificate.
};

// Reads the options from flag values, falling back to the environment:
// BESLUITLOG_SERVER, BESLUITLOG_TOKEN / BESLUITLOG_TOKEN_FILE,
// BESLUITLOG_TLS_CA, BESLUITLOG_TLS_CERT, BESLUITLOG_TLS_KEY (paths).
// NOT_FOUND when a named file cannot be read; FAILED_PRECONDITION when a
// token would travel without TLS to a server beyond loopback.
[[nodiscard]] absl::StatusOr<ClientOptions> ClientOptionsFrom(
    std::string server, std::string token, std::string token_file, std::string tls_ca_file,
    std::string tls_cert_file, std::string tls_key_file);

std::shared_ptr<grpc::Channel> OpenChannel(const ClientOptions& options);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_CLIENT_CHANNEL_H_
