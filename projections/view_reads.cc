#include "projections/view_reads.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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
  // Who was there, one entry per member (the last record counts; a
  // substitute named replaces the member), with names from the roster.
  google::protobuf::RepeatedPtrField<v1::AttendanceEntry> records;
  RETURN_IF_ERROR(
      AppendDeltas(store, kMeetings, AttendanceEntity(meeting_id), position, &last, &records));
  v1::RosterView roster;
  ASSIGN_OR_RETURN(bool has_roster, ReadCore(store, kRosters, view.body_id(), position, &roster));
  if (has_roster) view.set_body_name(roster.name());
  for (const v1::AttendanceEntry& record : records) {
    v1::AttendanceEntry* entry = nullptr;
    for (v1::AttendanceEntry& e : *view.mutable_attendance()) {
      if (e.member_id() == record.member_id()) entry = &e;
    }
    if (entry == nullptr) {
      entry = view.add_attendance();
      entry->set_member_id(record.member_id());
      for (const v1::RosterMember& m : roster.members()) {
        if (m.member_id() == record.member_id()) entry->set_name(m.name());
      }
    }
    if (!record.substitute_id().empty()) {
      entry->set_present(false);
      entry->set_substitute_id(record.substitute_id());
      entry->set_substitute_name(record.substitute_name());
    } else {
      entry->set_present(record.present());
    }
  }
  // Each item's proposal title and decision point texts, as known then.
  for (v1::AgendaEntry& item : *view.mutable_agenda()) {
    v1::ProposalView proposal;
    ASSIGN_OR_RETURN(bool known,
                     ReadCore(store, kProposals, item.proposal_id(), position, &proposal));
    if (!known) continue;
    item.set_title(proposal.title());
    for (const v1::PointView& point : proposal.points()) *item.add_points() = point.point();
  }
  view.set_as_of_position(last);
  return std::optional<v1::MeetingView>(std::move(view));
}

namespace {

// `name` as the ledger knows it, from the newline-separated list under
// `known_entity`: exactly, else ignoring case. NOT_FOUND lists the known.
absl::StatusOr<std::string> ResolveName(const ProjectionStore& store, const char* projection,
                                        const char* known_entity, const char* kind,
                                        const std::string& name, uint64_t position) {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store.GetAsOf(projection, known_entity, position));
  std::vector<std::string> known;
  if (stored.has_value() && !stored->empty()) known = absl::StrSplit(*stored, '\n');
  for (const std::string& k : known) {
    if (k == name) return k;
  }
  for (const std::string& k : known) {
    if (absl::EqualsIgnoreCase(k, name)) return k;
  }
  std::sort(known.begin(), known.end());
  return absl::NotFoundError(
      absl::StrCat("no ", kind, " \"", name, "\"",
                   position == 0 ? "" : absl::StrCat(" as of position ", position),
                   "; known: ", known.empty() ? "none yet" : absl::StrJoin(known, ", ")));
}

}  // namespace

absl::StatusOr<std::string> ResolveMunicipality(const ProjectionStore& store,
                                                const std::string& name, uint64_t position) {
  return ResolveName(store, kAgreements, kKnownMunicipalities, "municipality", name, position);
}

absl::StatusOr<std::string> ResolveBodyId(const ProjectionStore& store, const std::string& body_id,
                                          uint64_t position) {
  return ResolveName(store, kRosters, kKnownBodies, "body", body_id, position);
}

}  // namespace besluitlog::projections
