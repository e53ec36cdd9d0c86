// append_bench: durable Append throughput and latency over real gRPC.
//
// Starts besluitlogd's server in-process on a temp data dir (or talks to
// --target), drives it with N concurrent clients (1, 8 and 64 by default),
// each keeping one Append of one ~300-byte event in flight, then replays the
// whole log with ReadAll. Runs the same load against a no-op Append handler
// and prints the ratio. Prints numbers; asserts nothing.
//
//   append_bench [--seconds 3] [--clients 1,8,64] [--target host:port]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "ledger/event_log.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"

ABSL_FLAG(double, seconds, 3.0, "Measured duration of each phase.");
ABSL_FLAG(std::vector<std::string>, clients, std::vector<std::string>({"1", "8", "64"}),
          "Concurrent clients per phase.");
ABSL_FLAG(int, payload_bytes, 300, "Payload size of each event.");
ABSL_FLAG(std::string, target, "", "Benchmark this server instead of an in-process one.");
ABSL_FLAG(bool, minimal_stack, true,
          "Clients use gRPC's minimal channel stack (no client-side deadline "
          "and message-size filters).");
ABSL_FLAG(int, channels, 4, "Client connections the clients share.");
ABSL_FLAG(bool, replay, true, "Replay the log with ReadAll afterwards.");
ABSL_FLAG(bool, durable, true, "Run against the durable Append handler.");
ABSL_FLAG(bool, authenticate, true,
          "The in-process server authenticates every call with a bearer token, "
          "as besluitlogd does.");
ABSL_FLAG(std::string, token_file, "", "With --target: the bearer token to use.");
ABSL_FLAG(bool, noop, true, "Also run against a no-op Append handler and print the ratio.");

namespace besluitlog::bench {
namespace {

// "Bearer <token>" for every call, or empty.
std::string& Authorization() {
  static std::string* header = new std::string();
  return *header;
}

void Authorize(grpc::ClientContext* context) {
  if (!Authorization().empty()) context->AddMetadata("authorization", Authorization());
}

struct PhaseResult {
  int clients = 0;
  uint64_t events = 0;
  uint64_t errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  double events_per_second() const { return events / seconds; }
};

struct Call {
  grpc::ClientContext context;
  v1::AppendResponse response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::AppendResponse>> reader;
  int client = 0;
  std::chrono::steady_clock::time_point start;
};

// Keeps `clients` appends in flight on one completion queue until the
// phase's time is up; records every latency after a short warm-up.
PhaseResult RunPhase(std::vector<std::unique_ptr<v1::LedgerService::Stub>>& stubs, int clients,
                     absl::Duration duration, int payload_bytes, const std::string& stream_prefix) {
  grpc::CompletionQueue queue;
  std::vector<v1::AppendRequest> requests(clients);
  for (int i = 0; i < clients; ++i) {
    v1::StreamAppend* append = requests[i].mutable_append();
    append->set_stream_id(absl::StrCat(stream_prefix, i));
    v1::ProposedEvent* event = append->add_events();
    event->set_event_type("BenchmarkEventRecorded");
    event->set_actor("append_bench");
    event->set_content_type("application/json");
    event->set_payload(absl::StrCat("{\"note\":\"", std::string(payload_bytes - 11, 'x'), "\"}"));
  }
  auto issue = [&](int client) {
    Call* call = new Call();
    call->client = client;
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    Authorize(&call->context);
    call->start = std::chrono::steady_clock::now();
    call->reader =
        stubs[client % stubs.size()]->AsyncAppend(&call->context, requests[client], &queue);
    call->reader->Finish(&call->response, &call->status, call);
  };
  const auto warmup_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  const auto end = warmup_end + absl::ToChronoNanoseconds(duration);
  std::vector<double> latencies_ms;
  latencies_ms.reserve(1 << 20);
  PhaseResult result;
  result.clients = clients;
  for (int i = 0; i < clients; ++i) issue(i);
  int in_flight = clients;
  void* tag;
  bool ok;
  std::chrono::steady_clock::time_point measured_start{};
  bool measuring = false;
  while (in_flight > 0 && queue.Next(&tag, &ok)) {
    Call* call = static_cast<Call*>(tag);
    const auto now = std::chrono::steady_clock::now();
    if (!measuring && now >= warmup_end) {
      measuring = true;
      measured_start = now;
    }
    if (measuring && now < end) {
      if (call->status.ok()) {
        ++result.events;
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(now - call->start).count());
      } else {
        ++result.errors;
        if (result.errors == 1) {
          std::fprintf(stderr, "append failed: %s\n", call->status.error_message().c_str());
        }
      }
    }
    const int client = call->client;
    delete call;
    --in_flight;
    if (now < end) {
      issue(client);
      ++in_flight;
    }
  }
  result.seconds = std::chrono::duration<double>(end - measured_start).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto percentile = [&](double p) {
    if (latencies_ms.empty()) return 0.0;
    return latencies_ms[std::min(latencies_ms.size() - 1,
                                 static_cast<size_t>(p * latencies_ms.size()))];
  };
  result.p50_ms = percentile(0.50);
  result.p99_ms = percentile(0.99);
  result.p999_ms = percentile(0.999);
  return result;
}

void PrintPhase(const char* label, const PhaseResult& r) {
  std::printf(
      "%-8s clients=%-3d events/s=%9.0f  p50=%6.3f ms  p99=%6.3f ms  "
      "p999=%6.3f ms  (events=%llu errors=%llu)\n",
      label, r.clients, r.events_per_second(), r.p50_ms, r.p99_ms, r.p999_ms,
      static_cast<unsigned long long>(r.events), static_cast<unsigned long long>(r.errors));
  std::fflush(stdout);
}

// Reads the whole log with ReadAll. Positions are gapless, so the client
// knows where each page starts and keeps `kPagesInFlight` pages requested,
// letting the server read the next page while this side decodes one.
void ReplayAll(v1::LedgerService::Stub& stub) {
  constexpr int kPagesInFlight = 3;
  constexpr uint32_t kPageSize = 4000;
  struct Page {
    grpc::ClientContext context;
    v1::ReadAllResponse response;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ReadAllResponse>> reader;
  };
  grpc::ClientContext head_context;
  Authorize(&head_context);
  v1::GetHeadResponse head;
  if (!stub.GetHead(&head_context, v1::GetHeadRequest(), &head).ok()) return;
  const uint64_t last = head.head().position();
  const auto start = std::chrono::steady_clock::now();
  grpc::CompletionQueue queue;
  uint64_t next_request = 1;
  uint64_t events = 0;
  uint64_t bytes = 0;
  std::map<uint64_t, std::unique_ptr<Page>> pages;  // By first position.
  auto request_next = [&] {
    if (next_request > last) return;
    auto page = std::make_unique<Page>();
    v1::ReadAllRequest request;
    request.set_from_position(next_request);
    request.set_limit(kPageSize);
    Authorize(&page->context);
    page->reader = stub.AsyncReadAll(&page->context, request, &queue);
    page->reader->Finish(&page->response, &page->status, page.get());
    pages[next_request] = std::move(page);
    next_request += kPageSize;
  };
  for (int i = 0; i < kPagesInFlight; ++i) request_next();
  void* tag;
  bool ok;
  while (!pages.empty() && queue.Next(&tag, &ok)) {
    Page* page = static_cast<Page*>(tag);
    if (!page->status.ok()) {
      std::fprintf(stderr, "ReadAll failed: %s\n", page->status.error_message().c_str());
      return;
    }
    events += page->response.events_size();
    bytes += page->response.ByteSizeLong();
    for (auto it = pages.begin(); it != pages.end(); ++it) {
      if (it->second.get() == page) {
        pages.erase(it);
        break;
      }
    }
    request_next();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("replay   ReadAll events=%llu in %.3f s: %.0f events/s (%.1f MB/s)\n",
              static_cast<unsigned long long>(events), seconds, events / seconds,
              bytes / seconds / 1e6);
}

std::unique_ptr<v1::LedgerService::Stub> Connect(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  if (absl::GetFlag(FLAGS_minimal_stack)) {
    args.SetInt(GRPC_ARG_MINIMAL_STACK, 1);
  }
  // Separate channels get separate connections instead of sharing one.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return v1::LedgerService::NewStub(
      grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
}

std::vector<PhaseResult> RunAll(const std::string& target, const char* label,
                                const std::string& stream_prefix) {
  std::vector<std::unique_ptr<v1::LedgerService::Stub>> stubs;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_channels)); ++i) {
    stubs.push_back(Connect(target));
  }
  std::vector<PhaseResult> results;
  for (const std::string& clients : absl::GetFlag(FLAGS_clients)) {
    results.push_back(RunPhase(stubs, std::stoi(clients),
                               absl::Seconds(absl::GetFlag(FLAGS_seconds)),
                               absl::GetFlag(FLAGS_payload_bytes), stream_prefix));
    PrintPhase(label, results.back());
  }
  return results;
}

// An in-process server on a fresh temp data dir, removed afterwards.
struct LocalServer {
  std::filesystem::path dir;
  std::unique_ptr<ledger::EventLog> log;
  std::unique_ptr<services::IdentityFile> identities;
  std::unique_ptr<services::LedgerServer> server;

  explicit LocalServer(bool noop) {
    dir = std::filesystem::temp_directory_path() /
          absl::StrCat("append_bench_", getpid(), noop ? "_noop" : "");
    std::filesystem::remove_all(dir);
    auto opened = ledger::EventLog::Open(dir.string());
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      std::exit(1);
    }
    log = *std::move(opened);
    services::ServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.discard_appends_for_benchmark = noop;
    if (absl::GetFlag(FLAGS_authenticate)) {
      const std::string path = (dir / "identities").string();
      auto token = services::IdentityFile::AddToken(path, "append_bench", ledger::Role::kAdmin);
      auto file = services::IdentityFile::Open(path);
      if (!token.ok() || !file.ok()) {
        std::fprintf(stderr, "cannot set up the identities in %s\n", path.c_str());
        std::exit(1);
      }
      identities = *std::move(file);
      options.identities = identities.get();
      Authorization() = "Bearer " + *token;
    }
    auto started = services::LedgerServer::Start(log.get(), options);
    if (!started.ok()) {
      std::fprintf(stderr, "%s\n", started.status().ToString().c_str());
      std::exit(1);
    }
    server = *std::move(started);
  }
  ~LocalServer() {
    server.reset();
    log.reset();
    std::filesystem::remove_all(dir);
  }
};

int Main() {
  const std::string target = absl::GetFlag(FLAGS_target);
  std::printf(
      "append_bench: %d-byte payloads, %.1f s per phase, one event "
      "per Append, fsync'd before reply\n",
      absl::GetFlag(FLAGS_payload_bytes), absl::GetFlag(FLAGS_seconds));
  if (!target.empty()) {
    if (const std::string file = absl::GetFlag(FLAGS_token_file); !file.empty()) {
      std::string token;
      std::ifstream(file) >> token;
      Authorization() = "Bearer " + token;
    }
    RunAll(target, "durable", absl::StrCat("bench/", absl::ToUnixMicros(absl::Now()), "/"));
    ReplayAll(*Connect(target));
    return 0;
  }
  std::vector<PhaseResult> durable;
  if (absl::GetFlag(FLAGS_durable)) {
    LocalServer local(/*noop=*/false);
    durable = RunAll(local.server->address(), "durable", "bench/");
    const ledger::EventLog::Stats stats = local.log->GetStats();
    std::printf(
        "durable  %llu events in %llu write batches and %llu fsyncs "
        "(%.1f events per fsync)\n",
        static_cast<unsigned long long>(stats.events_written),
        static_cast<unsigned long long>(stats.batches_written),
        static_cast<unsigned long long>(stats.syncs),
        static_cast<double>(stats.events_written) / stats.syncs);
    if (absl::GetFlag(FLAGS_replay)) ReplayAll(*Connect(local.server->address()));
  }
  if (!absl::GetFlag(FLAGS_noop)) return 0;
  LocalServer local(/*noop=*/true);
  std::vector<PhaseResult> noop = RunAll(local.server->address(), "no-op", "bench/");
  for (size_t i = 0; i < durable.size() && i < noop.size(); ++i) {
    std::printf("ratio    clients=%-3d durable/no-op = %.2f\n", durable[i].clients,
                durable[i].events_per_second() / noop[i].events_per_second());
  }
  return 0;
}

}  // namespace
}  // namespace besluitlog::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // Debian builds abseil with deadlock detection on, which costs every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return besluitlog::bench::Main();
}
