#include "bench/mixed_load.h"

#include <atomic>
#include <memory>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"

namespace besluitlog::bench {
namespace {

class Tally {
 public:
  void Error(const std::string& what, const grpc::Status& status) {
    errors.fetch_add(1);
    absl::MutexLock lock(&mu_);
    if (first_errors_.size() < 10) {
      first_errors_.push_back(
          absl::StrCat(what, ": ", status.error_code(), " ", status.error_message()));
    }
  }
  std::vector<std::string> first_errors() {
    absl::MutexLock lock(&mu_);
    return first_errors_;
  }
  std::atomic<uint64_t> appends{0}, conflicts{0}, reads{0}, queries{0}, delivered{0}, errors{0};

 private:
  absl::Mutex mu_;
  std::vector<std::string> first_errors_ ABSL_GUARDED_BY(mu_);
};

std::unique_ptr<grpc::ClientContext> ContextWithDeadline() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

void Client(int id, const std::shared_ptr<grpc::Channel>& channel, const MixedLoadOptions& options,
            absl::Time end, Tally* tally) {
  auto ledger = v1::LedgerService::NewStub(channel);
  auto query = v1::QueryService::NewStub(channel);
  std::mt19937 random(id);
  const std::string stream = absl::StrCat("load/client-", id);
  uint64_t version = 0;
  const std::string payload(options.payload_bytes, 'p');
  while (absl::Now() < end) {
    const int dice = random() % 100;
    if (dice < 60) {
      // Own stream at the version we know; every tenth time one behind.
      const bool stale = version > 0 && random() % 10 == 0;
      v1::AppendRequest request;
      v1::StreamAppend* append = request.mutable_append();
      append->set_stream_id(stream);
      append->mutable_expected_version()->set_kind(v1::ExpectedVersion::EXACT);
      append->mutable_expected_version()->set_version(stale ? version - 1 : version);
      v1::ProposedEvent* event = append->add_events();
      event->set_event_type("LoadTested");
      event->set_payload(payload);
      v1::AppendResponse response;
      const grpc::Status status = ledger->Append(ContextWithDeadline().get(), request, &response);
      if (status.ok() && !stale) {
        version = response.result().last_version();
        tally->appends.fetch_add(1);
      } else if (stale && status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        tally->conflicts.fetch_add(1);
      } else {
        tally->Error(stale ? "stale append was accepted" : "append", status);
      }
    } else if (dice < 90) {
      grpc::Status status;
      if (dice < 70) {
        v1::ReadStreamRequest request;
        request.set_stream_id(stream);
        request.set_limit(20);
        request.set_direction(v1::BACKWARD);
        v1::ReadStreamResponse response;
        status = ledger->ReadStream(ContextWithDeadline().get(), request, &response);
        if (status.ok() && response.stream_version() < version) {
          status = grpc::Status(grpc::StatusCode::DATA_LOSS, "read behind its own write");
        }
      } else if (dice < 80) {
        v1::ReadAllRequest request;
        request.set_from_position(1 + random() % 1000);
        request.set_limit(50);
        v1::ReadAllResponse response;
        status = ledger->ReadAll(ContextWithDeadline().get(), request, &response);
      } else {
        v1::GetHeadResponse response;
        status = ledger->GetHead(ContextWithDeadline().get(), v1::GetHeadRequest(), &response);
      }
      if (status.ok()) {
        tally->reads.fetch_add(1);
      } else {
        tally->Error("read", status);
      }
    } else {
      v1::GetProjectionStatusResponse response;
      const grpc::Status status = query->GetProjectionStatus(
          ContextWithDeadline().get(), v1::GetProjectionStatusRequest(), &response);
      if (status.ok()) {
        tally->queries.fetch_add(1);
      } else {
        tally->Error("query", status);
      }
    }
  }
}

void Subscriber(const std::shared_ptr<grpc::Channel>& channel, absl::Time end, Tally* tally) {
  auto ledger = v1::LedgerService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(end));
  v1::SubscribeRequest request;
  request.set_from_position(1);
  auto reader = ledger->Subscribe(&context, request);
  v1::SubscribeResponse message;
  uint64_t expected = 1;
  while (reader->Read(&message)) {
    if (!message.has_event()) continue;
    if (message.event().global_position() != expected) {
      tally->Error("subscription",
                   grpc::Status(grpc::StatusCode::DATA_LOSS,
                                absl::StrCat("expected position ", expected, ", got ",
                                             message.event().global_position())));
      context.TryCancel();
      break;
    }
    ++expected;
    tally->delivered.fetch_add(1);
  }
  const grpc::Status status = reader->Finish();
  // The subscription ends at our deadline; that is not an error.
  if (!status.ok() && status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
      status.error_code() != grpc::StatusCode::CANCELLED) {
    tally->Error("subscription", status);
  }
}

}  // namespace

MixedLoadReport RunMixedLoad(const tools::ClientOptions& client, const MixedLoadOptions& options) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < std::max(1, options.channels); ++i)
    channels.push_back(tools::OpenChannel(client));
  Tally tally;
  const absl::Time start = absl::Now();
  const absl::Time end = start + options.duration;
  std::vector<std::thread> threads;
  for (int i = 0; i < options.clients; ++i) {
    const auto& channel = channels[i % channels.size()];
    if (i < options.subscribers) {
      threads.emplace_back([&, channel] { Subscriber(channel, end, &tally); });
    } else {
      threads.emplace_back([&, i, channel] { Client(i, channel, options, end, &tally); });
    }
  }
  for (std::thread& thread : threads) thread.join();
  MixedLoadReport report;
  report.appends = tally.appends;
  report.conflicts = tally.conflicts;
  report.reads = tally.reads;
  report.queries = tally.queries;
  report.delivered = tally.delivered;
  report.errors = tally.errors;
  report.first_errors = tally.first_errors();
  report.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return report;
}

}  // namespace besluitlog::bench
