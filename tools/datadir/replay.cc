#include "tools/datadir/replay.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "projections/governance_views.h"
#include "projections/projection_runner.h"
#include "projections/projection_store.h"

namespace besluitlog::tools::datadir {
namespace {

// Entities of `projection` whose latest state is stored ("L" keys), with a
// given prefix.
absl::StatusOr<std::vector<std::string>> Entities(const projections::ProjectionStore& store,
                                                  const char* projection,
                                                  const std::string& prefix) {
  ASSIGN_OR_RETURN(auto all, store.Dump(projection));
  std::vector<std::string> entities;
  for (const auto& [key, value] : all) {
    if (key.size() > 1 && key[0] == 'L' && key.compare(1, prefix.size(), prefix) == 0) {
      entities.push_back(key.substr(1));
    }
  }
  return entities;
}

}  // namespace

absl::StatusOr<uint64_t> LastPositionOn(const ledger::EventLog& log, const std::string& day) {
  ASSIGN_OR_RETURN(absl::CivilDay end, ledger::core::ParseDate("as-of date", day));
  uint64_t low = 0;                              // Recorded on or before the day (0: nothing).
  uint64_t high = log.GetHead().position() + 1;  // After the day.
  while (high - low > 1) {
    const uint64_t mid = low + (high - low) / 2;
    ASSIGN_OR_RETURN(v1::Event event, log.ReadEvent(mid));
    ASSIGN_OR_RETURN(absl::CivilDay recorded,
                     ledger::core::DayInAmsterdam(ledger::core::RecordedTime(event)));
    (recorded <= end ? low : high) = mid;
  }
  return low;
}

absl::StatusOr<uint64_t> LastPositionAt(const ledger::EventLog& log, absl::Time time) {
  uint64_t low = 0;                              // Recorded at or before `time` (0: nothing).
  uint64_t high = log.GetHead().position() + 1;  // After it.
  while (high - low > 1) {
    const uint64_t mid = low + (high - low) / 2;
    ASSIGN_OR_RETURN(v1::Event event, log.ReadEvent(mid));
    (ledger::core::RecordedTime(event) <= time ? low : high) = mid;
  }
  return low;
}

absl::StatusOr<ReplayState> Replay(const ledger::EventLog& log, uint64_t position,
                                   const std::string& scratch_dir,
                                   const std::function<void(uint64_t applied)>& applied) {
  std::filesystem::remove_all(scratch_dir);
  std::vector<std::string> names;
  for (const auto& p : projections::GovernanceProjections()) names.push_back(p->name());
  ASSIGN_OR_RETURN(auto store, projections::ProjectionStore::Open(scratch_dir, names));
  ReplayState state;
  state.position = position;
  if (position > 0) {
    projections::ProjectionRunner runner(&log, store.get(), projections::GovernanceProjections());
    // In steps, so that a person watching sees how far it is.
    constexpr uint64_t kStep = 20000;
    for (uint64_t until = std::min(position, kStep);; until = std::min(position, until + kStep)) {
      RETURN_IF_ERROR(runner.RunUntil(until));
      if (applied) applied(until);
      if (until == position) break;
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> proposals,
                   Entities(*store, projections::kProposals, ""));
  for (const std::string& id : proposals) {
    if (id.find('/') != std::string::npos) continue;  // Side entities.
    ASSIGN_OR_RETURN(std::optional<v1::ProposalView> view,
                     projections::ReadProposalView(*store, id, 0));
    if (view.has_value()) state.proposals.push_back(*std::move(view));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> municipalities,
                   Entities(*store, projections::kAgreements, "m/"));
  for (const std::string& entity : municipalities) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     store->GetAsOf(projections::kAgreements, entity, 0));
    v1::AgreementsView view;
    if (stored.has_value() && view.ParseFromString(*stored)) {
      state.agreements.push_back(std::move(view));
    }
  }
  ASSIGN_OR_RETURN(std::vector<std::string> bodies, Entities(*store, projections::kRosters, ""));
  for (const std::string& entity : bodies) {
    if (entity.rfind("fact/", 0) == 0) continue;
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     store->GetAsOf(projections::kRosters, entity, 0));
    v1::RosterView view;
    if (stored.has_value() && view.ParseFromString(*stored)) {
      state.bodies.push_back(std::move(view));
    }
  }
  store.reset();
  std::filesystem::remove_all(scratch_dir);
  return state;
}

std::string ReplayStateToJson(const ReplayState& state) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  auto join = [&](const auto& views) {
    std::vector<std::string> parts;
    for (const auto& view : views) {
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(view, &json, options);
      parts.push_back(std::move(json));
    }
    return absl::StrCat("[", absl::StrJoin(parts, ",\n  "), "]");
  };
  return absl::StrCat("{\"position\": ", state.position,
                      ",\n \"proposals\": ", join(state.proposals),
                      ",\n \"agreements\": ", join(state.agreements),
                      ",\n \"bodies\": ", join(state.bodies), "}\n");
}

}  // namespace besluitlog::tools::datadir
