// governance_bench: governance acts through GovernanceService.Execute over
// real gRPC with bearer-token authentication, as a clerk's app and the
// members' own apps send them.
//
// One meeting of a Stuurgroep of 14 is 62 acts: schedule, open, attendance
// of all 14, a proposal with 3 decision points submitted and put on the
// agenda, 14 votes on each point (each member with their own token), the
// decision, close. N clients each record such meetings one after the other
// (N meetings in parallel) for --seconds; printed per N: acts/s and, per
// command kind, the count, p50 and p99.
//
// --votes_in_one_meeting V instead records V votes in one meeting (a new
// item every 42 votes) and prints the CastVote p50 of every 1,000: whether
// a command's cost grows with the length of the stream it reads.
//
//   governance_bench [--seconds 5] [--clients 1,8,64] [--data_dir D]
//   governance_bench --votes_in_one_meeting 10000
//
// Every acknowledged act is durable (fsync before the reply). Exits 1 when
// any act is refused: a refused act is never counted in the figures.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
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
#include "besluitlog/v1/governance.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "ledger/event_log.h"
#include "services/identity_file.h"
#include "services/ledger_server.h"

ABSL_FLAG(double, seconds, 5.0, "Measured duration per number of clients.");
ABSL_FLAG(std::vector<std::string>, clients, std::vector<std::string>({"1", "8", "64"}),
          "Meetings recorded in parallel, one client each.");
ABSL_FLAG(int, channels, 4, "Client connections the clients share.");
ABSL_FLAG(std::string, data_dir, "", "Ledger data dir (a temp dir, removed after, when empty).");
ABSL_FLAG(int, votes_in_one_meeting, 0,
          "Instead: this many votes in one meeting, CastVote p50 per 1,000.");

namespace besluitlog::bench {
namespace {

constexpr int kMembers = 14;
constexpr int kPoints = 3;
constexpr char kBody[] = "stuurgroep";

std::string Member(int i) { return absl::StrCat("lid-", i + 1); }

// The command kinds, in the order of a meeting.
const char* const kKinds[] = {"ScheduleMeeting", "OpenMeeting",   "RecordAttendance",
                              "SubmitProposal",  "AddAgendaItem", "CastVote",
                              "TakeDecision",    "CloseMeeting"};
constexpr int kKindCount = 8;

struct Latencies {
  std::vector<double> ms[kKindCount];
  uint64_t refused = 0;
  std::string first_refusal;
  void Merge(Latencies& other) {
    for (int k = 0; k < kKindCount; ++k) {
      ms[k].insert(ms[k].end(), other.ms[k].begin(), other.ms[k].end());
    }
    if (refused == 0 && other.refused > 0) first_refusal = other.first_refusal;
    refused += other.refused;
  }
};

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

class Client {
 public:
  Client(std::shared_ptr<grpc::Channel> channel, const std::map<std::string, std::string>* tokens)
      : stub_(v1::GovernanceService::NewStub(std::move(channel))), tokens_(tokens) {}

  // Runs `command` as `who`; records its latency under `kind` when it was
  // recorded, counts it as refused otherwise.
  bool Act(int kind, const std::string& who, const v1::GovernanceCommand& command, Latencies* out) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    context.AddMetadata("authorization", "Bearer " + tokens_->at(who));
    v1::CommandResult result;
    const auto start = std::chrono::steady_clock::now();
    const grpc::Status status = stub_->Execute(&context, command, &result);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (status.ok()) {
      out->ms[kind].push_back(ms);
      return true;
    }
    if (out->refused++ == 0) {
      out->first_refusal =
          absl::StrCat(kKinds[kind], ": ", status.error_code(), " ", status.error_message());
    }
    return false;
  }

  // One whole meeting, 62 acts; false at the first refusal.
  bool Meeting(const std::string& id, Latencies* out) {
    v1::GovernanceCommand c;
    c.mutable_schedule_meeting()->set_meeting_id(id);
    c.mutable_schedule_meeting()->set_body_id(kBody);
    c.mutable_schedule_meeting()->set_date("2026-11-25");
    if (!Act(0, "griffie", c, out)) return false;
    c.Clear();
    c.mutable_open_meeting()->set_meeting_id(id);
    if (!Act(1, "griffie", c, out)) return false;
    for (int m = 0; m < kMembers; ++m) {
      c.Clear();
      c.mutable_record_attendance()->set_meeting_id(id);
      c.mutable_record_attendance()->set_member_id(Member(m));
      c.mutable_record_attendance()->set_present(true);
      if (!Act(2, "griffie", c, out)) return false;
    }
    return Item(id, "1", absl::StrCat(id, "-voorstel"), out) && Close(id, out);
  }

  // A proposal of 3 points, on the agenda as `item`, 14 votes per point,
  // the decision.
  bool Item(const std::string& meeting, const std::string& item, const std::string& proposal,
            Latencies* out, std::vector<double>* vote_ms = nullptr) {
    v1::GovernanceCommand c;
    v1::SubmitProposal* submit = c.mutable_submit_proposal();
    submit->set_proposal_id(proposal);
    submit->set_body_id(kBody);
    submit->set_title("Inkoopkader jeugdhulp 2027");
    submit->set_text(std::string(200, 't'));
    submit->set_submitted_by(Member(0));
    for (int p = 1; p <= kPoints; ++p) {
      v1::DecisionPoint* point = submit->add_decision_points();
      point->set_number(p);
      point->set_text(absl::StrCat("Beslispunt ", p));
    }
    if (!Act(3, "griffie", c, out)) return false;
    c.Clear();
    c.mutable_add_agenda_item()->set_meeting_id(meeting);
    c.mutable_add_agenda_item()->set_item_id(item);
    c.mutable_add_agenda_item()->set_proposal_id(proposal);
    c.mutable_add_agenda_item()->set_submitted_by(Member(0));
    if (!Act(4, "griffie", c, out)) return false;
    for (int p = 1; p <= kPoints; ++p) {
      for (int m = 0; m < kMembers; ++m) {
        c.Clear();
        v1::CastVote* vote = c.mutable_cast_vote();
        vote->set_meeting_id(meeting);
        vote->set_item_id(item);
        vote->set_decision_point(p);
        vote->set_voter_id(Member(m));
        vote->set_choice(m % 5 == 4 ? v1::AGAINST : v1::FOR);
        if (!Act(5, Member(m), c, out)) return false;
        if (vote_ms != nullptr) vote_ms->push_back(out->ms[5].back());
      }
    }
    c.Clear();
    c.mutable_take_decision()->set_meeting_id(meeting);
    c.mutable_take_decision()->set_item_id(item);
    return Act(6, "griffie", c, out);
  }

  bool Close(const std::string& id, Latencies* out) {
    v1::GovernanceCommand c;
    c.mutable_close_meeting()->set_meeting_id(id);
    return Act(7, "griffie", c, out);
  }

 private:
  std::unique_ptr<v1::GovernanceService::Stub> stub_;
  const std::map<std::string, std::string>* const tokens_;
};

int Main() {
  std::string dir = absl::GetFlag(FLAGS_data_dir);
  const bool temporary = dir.empty();
  if (temporary) {
    dir = (std::filesystem::temp_directory_path() / absl::StrCat("governance_bench_", getpid()))
              .string();
  }
  std::filesystem::create_directories(dir);
  const std::string identities_path = dir + "/identities";
  std::filesystem::remove(identities_path);
  std::map<std::string, std::string> tokens;
  auto add = [&](const std::string& name, ledger::Role role) {
    absl::StatusOr<std::string> token =
        services::IdentityFile::AddToken(identities_path, name, role);
    if (token.ok()) tokens[name] = *token;
    return token.ok();
  };
  bool added = add("beheer", ledger::Role::kAdmin) && add("griffie", ledger::Role::kSecretariaat);
  for (int m = 0; m < kMembers; ++m) added = added && add(Member(m), ledger::Role::kMember);
  auto identities = services::IdentityFile::Open(identities_path);
  auto log = ledger::EventLog::Open(dir + "/log");  // fsync before every reply.
  if (!added || !identities.ok() || !log.ok()) {
    std::fprintf(stderr, "governance_bench: cannot set up in %s\n", dir.c_str());
    return 2;
  }
  services::ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.identities = identities->get();
  auto server = services::LedgerServer::Start(log->get(), options);
  if (!server.ok()) {
    std::fprintf(stderr, "governance_bench: %s\n", server.status().ToString().c_str());
    return 2;
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_channels)); ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("bench.channel", i);  // Distinct connections.
    channels.push_back(grpc::CreateCustomChannel((*server)->address(),
                                                 grpc::InsecureChannelCredentials(), arguments));
  }
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  Latencies setup;
  {
    Client admin(channels[0], &tokens);
    v1::GovernanceCommand c;
    c.mutable_establish_body()->set_body_id(kBody);
    c.mutable_establish_body()->mutable_config()->set_name("Stuurgroep Jeugdhulp");
    c.mutable_establish_body()->mutable_config()->set_kind(v1::STUURGROEP_GEMEENTEN);
    c.mutable_establish_body()->mutable_config()->set_decision_rule(v1::MAJORITY);
    if (!admin.Act(0, "beheer", c, &setup) &&
        setup.first_refusal.find("already") == std::string::npos) {
      std::fprintf(stderr, "governance_bench: %s\n", setup.first_refusal.c_str());
      return 2;
    }
    for (int m = 0; m < kMembers; ++m) {
      c.Clear();
      v1::AppointMember* appoint = c.mutable_appoint_member();
      appoint->set_body_id(kBody);
      appoint->set_member_id(Member(m));
      appoint->set_name(absl::StrCat("Lid ", m + 1));
      appoint->set_role(m == 0 ? v1::VOORZITTER : v1::LID);
      appoint->set_side(v1::GEMEENTEN);
      appoint->set_legally_authorised(true);
      admin.Act(0, "beheer", c, &setup);
    }
  }

  int exit_code = 0;
  if (const int votes = absl::GetFlag(FLAGS_votes_in_one_meeting); votes > 0) {
    // One long meeting: CastVote p50 per 1,000 votes of the same stream.
    Client clerk(channels[0], &tokens);
    Latencies out;
    const std::string meeting = absl::StrCat("lang-", run);
    v1::GovernanceCommand c;
    c.mutable_schedule_meeting()->set_meeting_id(meeting);
    c.mutable_schedule_meeting()->set_body_id(kBody);
    c.mutable_schedule_meeting()->set_date("2026-11-25");
    bool ok = clerk.Act(0, "griffie", c, &out);
    c.Clear();
    c.mutable_open_meeting()->set_meeting_id(meeting);
    ok = ok && clerk.Act(1, "griffie", c, &out);
    for (int m = 0; ok && m < kMembers; ++m) {
      c.Clear();
      c.mutable_record_attendance()->set_meeting_id(meeting);
      c.mutable_record_attendance()->set_member_id(Member(m));
      c.mutable_record_attendance()->set_present(true);
      ok = clerk.Act(2, "griffie", c, &out);
    }
    // After every 1,000 votes, the same 42 votes in a fresh meeting as a
    // control: on a busy machine the load varies between windows, so what
    // tells whether the long stream costs more is the comparison within
    // one window.
    auto fresh_meeting_p50 = [&](int n) {
      const std::string id = absl::StrCat(meeting, "-control-", n);
      Latencies control;
      v1::GovernanceCommand c;
      c.mutable_schedule_meeting()->set_meeting_id(id);
      c.mutable_schedule_meeting()->set_body_id(kBody);
      c.mutable_schedule_meeting()->set_date("2026-11-25");
      bool fine = clerk.Act(0, "griffie", c, &control);
      c.Clear();
      c.mutable_open_meeting()->set_meeting_id(id);
      fine = fine && clerk.Act(1, "griffie", c, &control);
      for (int m = 0; fine && m < kMembers; ++m) {
        c.Clear();
        c.mutable_record_attendance()->set_meeting_id(id);
        c.mutable_record_attendance()->set_member_id(Member(m));
        c.mutable_record_attendance()->set_present(true);
        fine = clerk.Act(2, "griffie", c, &control);
      }
      std::vector<double> control_ms;
      fine = fine && clerk.Item(id, "1", id + "-voorstel", &control, &control_ms);
      if (!fine) out.refused += control.refused;
      return Percentile(control_ms, 0.5);
    };
    std::vector<double> vote_ms;
    std::vector<double> controls;
    for (int item = 1; ok && static_cast<int>(vote_ms.size()) < votes; ++item) {
      const size_t before = vote_ms.size();
      ok =
          clerk.Item(meeting, absl::StrCat(item), absl::StrCat(meeting, "-", item), &out, &vote_ms);
      if (before / 1000 != vote_ms.size() / 1000) {
        controls.push_back(fresh_meeting_p50(static_cast<int>(controls.size())));
      }
    }
    if (!ok || out.refused > 0) {
      std::printf("REFUSED  %s\n", out.first_refusal.c_str());
      exit_code = 1;
    }
    std::printf(
        "CastVote in one meeting (p50 per 1,000 votes of the same meeting stream), and in a fresh "
        "meeting right after (42 votes, same window):\n");
    for (size_t from = 0; from + 1000 <= vote_ms.size(); from += 1000) {
      std::vector<double> window(vote_ms.begin() + from, vote_ms.begin() + from + 1000);
      std::printf("  votes %6zu-%-6zu p50 %.3f ms  p99 %.3f ms   fresh meeting p50 %.3f ms\n",
                  from + 1, from + 1000, Percentile(window, 0.5), Percentile(window, 0.99),
                  from / 1000 < controls.size() ? controls[from / 1000] : 0.0);
    }
  } else {
    for (const std::string& clients_text : absl::GetFlag(FLAGS_clients)) {
      const int clients = std::stoi(clients_text);
      std::vector<Latencies> results(clients);
      std::atomic<uint64_t> meetings{0};
      const absl::Time end = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_seconds));
      const auto start = std::chrono::steady_clock::now();
      std::vector<std::thread> threads;
      for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
          Client client(channels[i % channels.size()], &tokens);
          for (int n = 0; absl::Now() < end; ++n) {
            if (!client.Meeting(absl::StrCat("m-", run, "-", clients, "-", i, "-", n),
                                &results[i])) {
              return;
            }
            meetings.fetch_add(1);
          }
        });
      }
      for (std::thread& thread : threads) thread.join();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      Latencies all;
      for (Latencies& result : results) all.Merge(result);
      uint64_t acts = 0;
      std::vector<double> every;
      for (int k = 0; k < kKindCount; ++k) {
        acts += all.ms[k].size();
        every.insert(every.end(), all.ms[k].begin(), all.ms[k].end());
      }
      std::printf(
          "%d parallel meetings: %llu meetings, %llu acts in %.1f s: %.0f acts/s  "
          "(all acts p50 %.3f ms, p99 %.3f ms)\n",
          clients, static_cast<unsigned long long>(meetings.load()),
          static_cast<unsigned long long>(acts), seconds, acts / seconds, Percentile(every, 0.5),
          Percentile(every, 0.99));
      for (int k = 0; k < kKindCount; ++k) {
        std::printf("  %-17s n=%-7zu p50 %7.3f ms  p99 %7.3f ms\n", kKinds[k], all.ms[k].size(),
                    Percentile(all.ms[k], 0.5), Percentile(all.ms[k], 0.99));
      }
      // One line for scripts (bench/peers/postgres_governance.sh).
      std::printf("RESULT clients=%d acts_per_second=%.0f castvote_p50_ms=%.3f\n", clients,
                  acts / seconds, Percentile(all.ms[5], 0.5));
      if (all.refused > 0) {
        std::printf("REFUSED  %llu acts, first: %s\n", static_cast<unsigned long long>(all.refused),
                    all.first_refusal.c_str());
        exit_code = 1;
      }
      std::fflush(stdout);
    }
  }
  (*server)->Shutdown();
  server->reset();
  log->reset();
  if (temporary) std::filesystem::remove_all(dir);
  return exit_code;
}

}  // namespace
}  // namespace besluitlog::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return besluitlog::bench::Main();
}
