#include "bench/mixed_load.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/governance.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "besluitlog/v1/query.grpc.pb.h"
#include "services/identity_file.h"

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

// What the seeded meeting is called, and the position the views must reach
// before they show it.
struct Seeded {
  std::string proposal_id;
  std::string meeting_id;
  std::string municipality;
  uint64_t position = 0;
};

// A body with two members, a scheduled and opened meeting, a proposal on
// its agenda: enough for every view the clients query to exist.
absl::StatusOr<Seeded> Seed(const tools::ClientOptions& client, const MixedLoadOptions& options) {
  if (options.identities_file.empty()) {
    return absl::InvalidArgumentError("mixed load: no identities_file to seed the views with");
  }
  const std::string run = absl::StrCat(getpid(), "-", absl::ToUnixMicros(absl::Now()));
  absl::StatusOr<std::string> griffie = services::IdentityFile::AddToken(
      options.identities_file, absl::StrCat("mixed-load-griffie-", run),
      ledger::Role::kSecretariaat);
  if (!griffie.ok()) return griffie.status();
  auto channel = tools::OpenChannel(client);  // Carries the admin token.
  auto governance = v1::GovernanceService::NewStub(channel);
  Seeded seeded{absl::StrCat("load-proposal-", run), absl::StrCat("load-meeting-", run),
                "gemeente-load", 0};
  const std::string body = absl::StrCat("load-body-", run);
  auto execute = [&](const v1::GovernanceCommand& command, bool as_griffie) -> absl::Status {
    auto context = ContextWithDeadline();
    if (as_griffie) context->AddMetadata("authorization", "Bearer " + *griffie);
    v1::CommandResult result;
    const grpc::Status status = governance->Execute(context.get(), command, &result);
    if (!status.ok()) {
      return absl::UnknownError(
          absl::StrCat("seeding the views: ", status.error_code(), " ", status.error_message()));
    }
    seeded.position = std::max(seeded.position, result.position());
    return absl::OkStatus();
  };
  v1::GovernanceCommand c;
  c.mutable_establish_body()->set_body_id(body);
  c.mutable_establish_body()->mutable_config()->set_name("Belastingoverleg");
  c.mutable_establish_body()->mutable_config()->set_kind(v1::ORO);
  c.mutable_establish_body()->mutable_config()->set_decision_rule(v1::MAJORITY);
  if (absl::Status s = execute(c, false); !s.ok()) return s;
  // Its municipality's College, so that the agreements query names a
  // municipality the ledger knows.
  c.Clear();
  c.mutable_establish_body()->set_body_id(absl::StrCat("load-college-", run));
  c.mutable_establish_body()->mutable_config()->set_name("College van B&W gemeente-load");
  c.mutable_establish_body()->mutable_config()->set_kind(v1::COLLEGE);
  c.mutable_establish_body()->mutable_config()->set_decision_rule(v1::MAJORITY);
  c.mutable_establish_body()->mutable_config()->set_municipality(seeded.municipality);
  if (absl::Status s = execute(c, false); !s.ok()) return s;
  for (const char* member : {"load-lid-1", "load-lid-2"}) {
    c.Clear();
    v1::AppointMember* appoint = c.mutable_appoint_member();
    appoint->set_body_id(body);
    appoint->set_member_id(member);
    appoint->set_name(member);
    appoint->set_role(v1::LID);
    appoint->set_side(v1::GEMEENTEN);
    if (absl::Status s = execute(c, false); !s.ok()) return s;
  }
  c.Clear();
  c.mutable_schedule_meeting()->set_meeting_id(seeded.meeting_id);
  c.mutable_schedule_meeting()->set_body_id(body);
  c.mutable_schedule_meeting()->set_date("2026-11-25");
  if (absl::Status s = execute(c, true); !s.ok()) return s;
  c.Clear();
  c.mutable_open_meeting()->set_meeting_id(seeded.meeting_id);
  if (absl::Status s = execute(c, true); !s.ok()) return s;
  c.Clear();
  v1::SubmitProposal* submit = c.mutable_submit_proposal();
  submit->set_proposal_id(seeded.proposal_id);
  submit->set_body_id(body);
  submit->set_title("Tarieven onder belasting");
  submit->set_submitted_by("load-lid-1");
  submit->add_decision_points()->set_number(1);
  submit->mutable_decision_points(0)->set_text("De tarieven vaststellen");
  if (absl::Status s = execute(c, true); !s.ok()) return s;
  c.Clear();
  v1::AddAgendaItem* item = c.mutable_add_agenda_item();
  item->set_meeting_id(seeded.meeting_id);
  item->set_item_id("1");
  item->set_proposal_id(seeded.proposal_id);
  item->set_submitted_by("load-lid-1");
  if (absl::Status s = execute(c, true); !s.ok()) return s;
  return seeded;
}

void Client(int id, const std::shared_ptr<grpc::Channel>& channel, const MixedLoadOptions& options,
            const Seeded& seeded, absl::Time end, Tally* tally) {
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
      // A view query, each at least at the position the seed reached, so
      // it reads what the views hold, not a "not yet" answer.
      v1::Consistency consistency;
      consistency.set_min_position(seeded.position);
      grpc::Status status;
      if (dice < 94) {
        v1::GetProposalRequest request;
        request.set_proposal_id(seeded.proposal_id);
        *request.mutable_consistency() = consistency;
        v1::ProposalView view;
        status = query->GetProposal(ContextWithDeadline().get(), request, &view);
        if (status.ok() && view.proposal_id() != seeded.proposal_id) {
          status = grpc::Status(grpc::StatusCode::DATA_LOSS, "another proposal came back");
        }
      } else if (dice < 98) {
        v1::GetMeetingRequest request;
        request.set_meeting_id(seeded.meeting_id);
        *request.mutable_consistency() = consistency;
        v1::MeetingView view;
        status = query->GetMeeting(ContextWithDeadline().get(), request, &view);
        if (status.ok() && view.agenda_size() != 1) {
          status = grpc::Status(grpc::StatusCode::DATA_LOSS, "the meeting's one item is missing");
        }
      } else {
        v1::GetAgreementsRequest request;
        request.set_municipality(seeded.municipality);
        request.set_on_date("2026-11-25");
        *request.mutable_consistency() = consistency;
        v1::AgreementsView view;
        status = query->GetAgreementsInForce(ContextWithDeadline().get(), request, &view);
      }
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
  absl::StatusOr<Seeded> seeded = Seed(client, options);
  if (!seeded.ok()) {
    MixedLoadReport report;
    report.errors = 1;
    report.first_errors.push_back(seeded.status().ToString());
    return report;
  }
  const absl::Time start = absl::Now();
  const absl::Time end = start + options.duration;
  std::vector<std::thread> threads;
  for (int i = 0; i < options.clients; ++i) {
    const auto& channel = channels[i % channels.size()];
    if (i < options.subscribers) {
      threads.emplace_back([&, channel] { Subscriber(channel, end, &tally); });
    } else {
      threads.emplace_back([&, i, channel] { Client(i, channel, options, *seeded, end, &tally); });
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
