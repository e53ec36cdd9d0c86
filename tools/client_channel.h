// ClientChannel: how ledgerctl (and tests, benchmarks) reach a server:
// address, TLS trust, client certificate, bearer token.
//
// Every call on the returned channel carries "authorization: Bearer
// <token>" when a token is set, with or without TLS (a plaintext server
// listens on loopback only).
//
// A token is a password, so without TLS it goes only to this machine:
// ClientOptionsFrom resolves the server's name once, accepts it only when
// every address it resolves to is loopback (127.0.0.0/8, ::1, or those as
// IPv4-mapped IPv6) or the server is a Unix socket, and has the channel
// connect to exactly those addresses, so a later DNS answer cannot send
// the token elsewhere. Names are never judged by how they look
// ("127.evil.example" is not loopback).
#ifndef BESLUITLOG_TOOLS_CLIENT_CHANNEL_H_
#define BESLUITLOG_TOOLS_CLIENT_CHANNEL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace besluitlog::tools {

struct ClientOptions {
  std::string server = "127.0.0.1:50051";
  // What the channel connects to; empty: `server`. Set by ClientOptionsFrom
  // to the resolved loopback addresses when a token travels without TLS.
  std::string target;
  std::string token;            // Empty: no bearer token.
  std::string tls_ca;           // PEM; non-empty switches TLS on.
  std::string tls_cert;         // PEM client certificate (mutual TLS), with
  std::string tls_key;          // its PEM private key.
  std::string tls_server_name;  // Overrides the name checked in the server's certificate.
};

// The numeric addresses a host name (or address literal) resolves to.
using HostResolver =
    std::function<absl::StatusOr<std::vector<std::string>>(const std::string& host)>;
// getaddrinfo; UNAVAILABLE when the name does not resolve.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> ResolveHost(const std::string& host);

// A gRPC target that reaches `server` ("host:port", "[v6]:port",
// "dns:///host:port", "unix:path", "unix-abstract:name") only over
// loopback: the Unix socket itself, or "ipv4:"/"ipv6:" with every address
// `server`'s host resolves to (IPv4 ones when it has both; every one must
// be loopback). FAILED_PRECONDITION naming the address or the failed
// resolution otherwise.
[[nodiscard]] absl::StatusOr<std::string> LoopbackTarget(const std::string& server,
                                                         const HostResolver& resolve);

// Reads the options from flag values, falling back to the environment:
// BESLUITLOG_SERVER, BESLUITLOG_TOKEN / BESLUITLOG_TOKEN_FILE,
// BESLUITLOG_TLS_CA, BESLUITLOG_TLS_CERT, BESLUITLOG_TLS_KEY (paths). A flag
// always wins: --token or --token_file over both token variables. The
// token loses surrounding white space (a file's trailing newline);
// INVALID_ARGUMENT naming its source when what remains holds anything but
// printable ASCII (a line break, a control character), which gRPC could
// not send. NOT_FOUND when a named file cannot be read; FAILED_PRECONDITION when a
// token would travel without TLS to anything but loopback (LoopbackTarget,
// with `resolve`).
[[nodiscard]] absl::StatusOr<ClientOptions> ClientOptionsFrom(
    std::string server, std::string token, std::string token_file, std::string tls_ca_file,
    std::string tls_cert_file, std::string tls_key_file, const HostResolver& resolve = ResolveHost);

std::shared_ptr<grpc::Channel> OpenChannel(const ClientOptions& options);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_CLIENT_CHANNEL_H_
