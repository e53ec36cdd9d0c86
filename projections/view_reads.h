// Reading the "proposals" and "meetings" views as of a position: the core
// view plus the versions of its side entities up to that position, assembled
// into one ProposalView or MeetingView. Only reads the ProjectionStore;
// thread-safe as far as the store is (its reads are).
#ifndef BESLUITLOG_PROJECTIONS_VIEW_READS_H_
#define BESLUITLOG_PROJECTIONS_VIEW_READS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/query.pb.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

// A proposal's or a meeting's view as of `position` (0: latest), assembled
// from the view and its side entities; nullopt when it did not exist then.
// A point's tally.awaiting_ratification is true only while a College asked
// has not decided.
[[nodiscard]] absl::StatusOr<std::optional<v1::ProposalView>> ReadProposalView(
    const ProjectionStore& store, absl::string_view proposal_id, uint64_t position);
[[nodiscard]] absl::StatusOr<std::optional<v1::MeetingView>> ReadMeetingView(
    const ProjectionStore& store, absl::string_view meeting_id, uint64_t position);
// A meeting's view also lists who attended (aanwezig, afwezig, vervangen
// door, with names from the body's roster), the body's name, and for each
// agenda item the proposal's title and decision point texts, as of
// `position`.

// A municipality or a body id as the ledger knows it (as of `position`),
// matched exactly or else ignoring case; NOT_FOUND naming the known ones, so
// a mistyped name is never an empty answer.
[[nodiscard]] absl::StatusOr<std::string> ResolveMunicipality(const ProjectionStore& store,
                                                              const std::string& name,
                                                              uint64_t position);
[[nodiscard]] absl::StatusOr<std::string> ResolveBodyId(const ProjectionStore& store,
                                                        const std::string& body_id,
                                                        uint64_t position);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_VIEW_READS_H_
