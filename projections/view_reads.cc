#include "projections/view_reads.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/counted_votes.h"
#include "projections/view_names.h"
#include "rocksdb/slice.h"

namespace besluitlog::projections {
namespace {

// Reads the core view of `entity` as of `position` into `view`; false when
// it did not exist then.
absl::StatusOr<bool> ReadCore(const ProjectionStore& store, const char* projection,
                              absl::string_view entity, uint64_t position,
                              google::protobuf::Message* view) {
  ASSIGN_OR_RETURN(std::optional<std::string> core, store.GetAsOf(projection, entity, position));
  if (!core.has_value()) return false;
  if (!view->ParseFromString(*core)) {
    return absl::DataLossError(absl::StrCat("damaged view of ", entity));
  }
  return true;
}

// Visits the side entity's versions up to `position` (0: all), raw.
absl::Status ForEachDelta(const ProjectionStore& store, const char* projection,
                          const std::string& entity, uint64_t position, uint64_t* last,
                          const std::function<bool(const rocksdb::Slice&)>& visit) {
  bool decoded = true;
  RETURN_IF_ERROR(store.ScanVersions(projection, entity, 1, position == 0 ? UINT64_MAX : position,
                                     [&](uint64_t version, const rocksdb::Slice& state) {
                                       *last = std::max(*last, version);
                                       decoded = visit(state);
                                       return decoded;
                                     }));
  if (!decoded) {
    return absl::DataLossError(absl::StrCat("damaged entry of ", entity));
  }
  return absl::OkStatus();
}

// Parses each version straight into a new element of `list`.
template <typename T>
absl::Status AppendDeltas(const ProjectionStore& store, const char* projection,
                          const std::string& entity, uint64_t position, uint64_t* last,
                          google::protobuf::RepeatedPtrField<T>* list) {
  return ForEachDelta(store, projection, entity, position, last, [&](const rocksdb::Slice& state) {
    return list->Add()->ParseFromArray(state.data(), static_cast<int>(state.size()));
  });
}

}  // namespace

absl::StatusOr<std::optional<v1::ProposalView>> ReadProposalView(const ProjectionStore& store,
                                                                 absl::string_view proposal_id,
                                                                 uint64_t position) {
  v1::ProposalView view;
  ASSIGN_OR_RETURN(bool exists, ReadCore(store, kProposals, proposal_id, position, &view));
  if (!exists) return std::optional<v1::ProposalView>();
  // The stored tallies keep what the decision said (which points need the
  // Colleges); a point awaits ratification only until every College asked
  // has decided. A College asked later makes it await again, which is why
  // this is settled here and not in what is stored.
  if (view.status() == v1::RATIFICATION_COMPLETE) {
    for (v1::PointView& point : *view.mutable_points()) {
      point.mutable_tally()->set_awaiting_ratification(false);
    }
  }
  uint64_t last = view.as_of_position();
  acts::CountedVotes<v1::MemberVote> votes;
  v1::MemberVote vote;
  RETURN_IF_ERROR(
      ForEachDelta(store, kProposals, VotesEntity(proposal_id), position, &last,
                   [&](const rocksdb::Slice& state) {
                     if (!vote.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
                       return false;
                     }
                     votes.Cast(vote);
                     return true;
                   }));
  for (const v1::MemberVote& counted : votes.counted()) *view.add_votes() = counted;
  RETURN_IF_ERROR(AppendDeltas(store, kProposals, ObjectionsEntity(proposal_id), position, &last,
                               view.mutable_objections()));
  view.set_as_of_position(last);
  return std::optional<v1::ProposalView>(std::move(view));
}

absl::StatusOr<std::optional<v1::MeetingView>> ReadMeetingView(const ProjectionStore& store,
                                                               absl::string_view meeting_id,
                                                               uint64_t position) {
  v1::MeetingView view;
  ASSIGN_OR_RETURN(bool exists, ReadCore(store, kMeetings, meeting_id, position, &view));
  if (!exists) return std::optional<v1::MeetingView>();
  uint64_t last = view.as_of_position();
  RETURN_IF_ERROR(AppendDeltas(store, kMeetings, AgendaEntity(meeting_id), position, &last,
                               view.mutable_agenda()));
  RETURN_IF_ERROR(AppendDeltas(store, kMeetings, DecisionsEntity(meeting_id), position, &last,
                               view.mutable_besluitenlijst()));
  view.set_as_of_position(last);
  return std::optional<v1::MeetingView>(std::move(view));
}

}  // namespace besluitlog::projections
