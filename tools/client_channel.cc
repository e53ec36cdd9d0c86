#include "tools/client_channel.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "grpcpp/support/client_interceptor.h"
#include "ledger/core/status_macros.h"
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

bool IsLoopback(const std::string& address) {
  in_addr v4;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

// "host:port", "[v6]:port", "host" (gRPC's default port 443), bare "::1".
std::pair<std::string, std::string> SplitHostPort(absl::string_view server) {
  if (absl::ConsumePrefix(&server, "[")) {
    const size_t close = server.find(']');
    if (close == absl::string_view::npos) return {std::string(server), "443"};
    absl::string_view rest = server.substr(close + 1);
    const bool has_port = absl::ConsumePrefix(&rest, ":") && !rest.empty();
    return {std::string(server.substr(0, close)), has_port ? std::string(rest) : "443"};
  }
  const size_t colon = server.rfind(':');
  if (colon == absl::string_view::npos || server.find(':') != colon) {
    return {std::string(server), "443"};  // No port, or a bare IPv6 address.
  }
  return {std::string(server.substr(0, colon)), std::string(server.substr(colon + 1))};
}

// gRPC sends the token in a header, whose value may hold printable ASCII
// only; anything else aborts the process inside gRPC, so it is refused
// here, naming where the token came from (`source`: "in FILE").
absl::Status CheckTokenSendable(const std::string& token, const std::string& source) {
  for (size_t i = 0; i < token.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    if (c > 0x20 && c < 0x7f) continue;
    const bool file = !absl::StartsWith(source, "given") && !absl::StartsWith(source, "in $");
    const std::string what =
        c == '\n' || c == '\r'
            ? "a line break"
            : absl::StrCat("a character that cannot be sent in a header (byte 0x",
                           absl::Hex(c, absl::kZeroPad2), " at position ", i + 1, ")");
    return absl::InvalidArgumentError(
        absl::StrCat("the token ", source, " holds ", what, "; ",
                     file ? "the file must hold only the token, on one line"
                          : "give only the token, as one word of printable characters"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ResolveHost(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int error = getaddrinfo(host.c_str(), nullptr, &hints, &found); error != 0) {
    return absl::UnavailableError(
        absl::StrCat("\"", host, "\" does not resolve (", gai_strerror(error), ")"));
  }
  std::vector<std::string> addresses;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* bytes =
        a->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr)
            : static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if ((a->ai_family == AF_INET || a->ai_family == AF_INET6) &&
        inet_ntop(a->ai_family, bytes, text, sizeof(text)) != nullptr &&
        std::find(addresses.begin(), addresses.end(), text) == addresses.end()) {
      addresses.push_back(text);
    }
  }
  freeaddrinfo(found);
  return addresses;
}

absl::StatusOr<std::string> LoopbackTarget(const std::string& server, const HostResolver& resolve) {
  // A Unix socket never leaves the machine.
  if (absl::StartsWith(server, "unix:") || absl::StartsWith(server, "unix-abstract:")) {
    return server;
  }
  absl::string_view name = server;
  if (absl::ConsumePrefix(&name, "dns:")) {
    // dns:[//authority/]host:port: the authority is a DNS server, not the host.
    if (absl::ConsumePrefix(&name, "//")) name = name.substr(std::min(name.find('/'), name.size()));
    absl::ConsumePrefix(&name, "/");
  } else if (absl::StartsWith(server, "ipv4:") || absl::StartsWith(server, "ipv6:")) {
    return absl::FailedPreconditionError(
        "give the server as host:port, [v6]:port or unix:PATH, not as an ipv4:/ipv6: list");
  }
  const auto [host, port] = SplitHostPort(name);
  if (host.empty()) return absl::FailedPreconditionError("the server address names no host");
  // What is checked must be all that is connected to: a port like "1,[2001:db8::1]:443" would
  // make the target a list of two addresses, the second never checked.
  uint32_t port_number = 0;
  if (!absl::SimpleAtoi(port, &port_number) || port_number == 0 || port_number > 65535 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat(
        "\"", port, "\" is not a port (a number from 1 to 65535); give the server as host:port"));
  }
  if (host.find_first_of(",/?#%@ \t") != std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat(
        "\"", host, "\" is not one host name or address; give the server as host:port"));
  }
  absl::StatusOr<std::vector<std::string>> addresses = resolve(host);
  if (!addresses.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(addresses.status().message(), ", so it cannot be shown to be loopback"));
  }
  if (addresses->empty()) {
    return absl::FailedPreconditionError(absl::StrCat("\"", host, "\" resolves to no address"));
  }
  std::vector<std::string> v4;
  std::vector<std::string> v6;
  for (const std::string& address : *addresses) {
    if (!IsLoopback(address)) {
      return absl::FailedPreconditionError(
          absl::StrCat("\"", host, "\" resolves to ", address, ", which is not loopback"));
    }
    (address.find(':') == std::string::npos ? v4 : v6).push_back(address);
  }
  // One gRPC target holds one address family; every loopback address is
  // this machine, and servers listen on 127.0.0.1 by default.
  std::vector<std::string> parts;
  if (!v4.empty()) {
    for (const std::string& a : v4) parts.push_back(absl::StrCat(a, ":", port));
    return absl::StrCat("ipv4:", absl::StrJoin(parts, ","));
  }
  for (const std::string& a : v6) parts.push_back(absl::StrCat("[", a, "]:", port));
  return absl::StrCat("ipv6:", absl::StrJoin(parts, ","));
}

absl::StatusOr<ClientOptions> ClientOptionsFrom(std::string server, std::string token,
                                                std::string token_file, std::string tls_ca_file,
                                                std::string tls_cert_file, std::string tls_key_file,
                                                const HostResolver& resolve) {
  ClientOptions options;
  server = FromEnvironment(std::move(server), "BESLUITLOG_SERVER");
  if (!server.empty()) options.server = server;
  // An explicit flag is what the person means now; the environment is the
  // default: --token, --token_file, $BESLUITLOG_TOKEN, $BESLUITLOG_TOKEN_FILE.
  std::string token_source;
  if (!token.empty()) {
    options.token = std::move(token);
    token_source = "given with --token";
  } else if (!token_file.empty()) {
    ASSIGN_OR_RETURN(options.token, ReadFileText(token_file, "token"));
    token_source = absl::StrCat("in ", token_file);
  } else if (const char* env = std::getenv("BESLUITLOG_TOKEN"); env != nullptr && *env != '\0') {
    options.token = env;
    token_source = "in $BESLUITLOG_TOKEN";
  } else if (const char* file = std::getenv("BESLUITLOG_TOKEN_FILE");
             file != nullptr && *file != '\0') {
    ASSIGN_OR_RETURN(options.token, ReadFileText(file, "token"));
    token_source = absl::StrCat("in ", file, " ($BESLUITLOG_TOKEN_FILE)");
  }
  // A file's (or a pasted value's) trailing newline is not part of the token.
  options.token = std::string(absl::StripAsciiWhitespace(options.token));
  RETURN_IF_ERROR(CheckTokenSendable(options.token, token_source));
  ASSIGN_OR_RETURN(
      options.tls_ca,
      ReadIfNamed(FromEnvironment(std::move(tls_ca_file), "BESLUITLOG_TLS_CA"), "TLS CA"));
  ASSIGN_OR_RETURN(options.tls_cert,
                   ReadIfNamed(FromEnvironment(std::move(tls_cert_file), "BESLUITLOG_TLS_CERT"),
                               "TLS certificate"));
  ASSIGN_OR_RETURN(
      options.tls_key,
      ReadIfNamed(FromEnvironment(std::move(tls_key_file), "BESLUITLOG_TLS_KEY"), "TLS key"));
  // A token is a password: never send it in the clear beyond this machine.
  if (!options.token.empty() && options.tls_ca.empty()) {
    absl::StatusOr<std::string> target = LoopbackTarget(options.server, resolve);
    if (!target.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing to send a token without TLS to ", options.server, ": ",
          target.status().message(),
          "; give the server's CA with --tls_ca (or $BESLUITLOG_TLS_CA), or reach it over "
          "loopback or a Unix socket"));
    }
    options.target = *std::move(target);
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
      options.target.empty() ? options.server : options.target, credentials, args,
      std::move(interceptors));
}

}  // namespace besluitlog::tools
