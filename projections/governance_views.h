// The governance read models:
//   "proposals"   ProposalView per proposal id: status, points and outcomes,
//                 the last vote of each member, objections, the escalation
//                 chain, ratification per municipality with effective dates.
//                 A point's tally.awaiting_ratification is true only while a
//                 College asked has not decided (ReadProposalView).
//   "meetings"    MeetingView per meeting id: agenda and besluitenlijst.
//   "agreements"  AgreementsView per municipality: what its College ratified
//                 and from when it is in force.
//   "time_index"  the last position recorded at or before each microsecond
//                 (time_index.h), so that queries can be asked "as of" a time.
//   "rosters"     RosterView per body: every appointment with the days it
//                 began and ended, and the substitutes named per meeting.
//   "deadlines"   one DeadlinesView of pending work: zienswijzen due,
//                 ratifications awaited, werkgroep reports due.
//   "acts"        an index of every governance act by position, overall
//                 and per body, for search.
// Each entity keeps every version, so any view can be read as of a position.
#ifndef BESLUITLOG_PROJECTIONS_GOVERNANCE_VIEWS_H_
#define BESLUITLOG_PROJECTIONS_GOVERNANCE_VIEWS_H_

#include <memory>
#include <string>
#include <vector>

#include "besluitlog/v1/query.pb.h"
#include "projections/projection.h"
#include "projections/time_index.h"

namespace besluitlog::projections {

inline constexpr char kProposals[] = "proposals";
inline constexpr char kMeetings[] = "meetings";
inline constexpr char kAgreements[] = "agreements";
inline constexpr char kRosters[] = "rosters";
inline constexpr char kDeadlines[] = "deadlines";
inline constexpr char kDeadlinesEntity[] = "open";
inline constexpr char kActs[] = "acts";

// The acts index of one body ("" for all bodies).
std::string ActsEntity(absl::string_view body_id);

// Side entities of the "proposals" and "meetings" views: one version per
// vote, objection, agenda entry or decision, assembled into the view when it
// is read (AssembleProposal, AssembleMeeting).
std::string VotesEntity(absl::string_view proposal_id);
std::string ObjectionsEntity(absl::string_view proposal_id);
std::string AgendaEntity(absl::string_view meeting_id);
std::string DecisionsEntity(absl::string_view meeting_id);

// Agreements views are keyed "m/<municipality>".
std::string AgreementsEntity(absl::string_view municipality);

std::vector<std::unique_ptr<Projection>> GovernanceProjections();

// A proposal's or a meeting's view as of `position` (0: latest), assembled
// from the view and its side entities; nullopt when it did not exist then.
[[nodiscard]] absl::StatusOr<std::optional<v1::ProposalView>> ReadProposalView(
    const ProjectionStore& store, absl::string_view proposal_id, uint64_t position);
[[nodiscard]] absl::StatusOr<std::optional<v1::MeetingView>> ReadMeetingView(
    const ProjectionStore& store, absl::string_view meeting_id, uint64_t position);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_GOVERNANCE_VIEWS_H_
