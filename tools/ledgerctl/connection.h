// How every ledgerctl command reaches the server: the connection flags
// (--server, --token, --token_file, --tls_*), read once by
// LoadClientOptions() before any command runs, then Channel() for each
// command. The flags fall back to $BESLUITLOG_* (see tools/client_channel.h).
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_CONNECTION_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/grpcpp.h"

namespace besluitlog::tools::ledgerctl {

// The connection flags; the only flags a governance act shares with the
// other commands (its own --field flags are not absl flags).
inline constexpr absl::string_view kConnectionFlags[] = {
    "--server",   "--token",   "--token_file",     "--tls_ca",
    "--tls_cert", "--tls_key", "--tls_server_name"};

// Reads the connection flags; NOT_FOUND / FAILED_PRECONDITION as
// ClientOptionsFrom says.
[[nodiscard]] absl::Status LoadClientOptions();

// The server's host:port as loaded, for closing lines ("verified through ...").
std::string ServerAddress();

// A channel to the server named by the loaded options.
std::shared_ptr<grpc::Channel> Channel();

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_CONNECTION_H_
