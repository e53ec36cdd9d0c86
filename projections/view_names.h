// The names under which the governance views are stored: each view's
// projection (its column family) and the entities within it. The storage
// layout is fixed here, in one place, for the projections that write the
// views and the readers that assemble them. Pure; thread-safe.
#ifndef BESLUITLOG_PROJECTIONS_VIEW_NAMES_H_
#define BESLUITLOG_PROJECTIONS_VIEW_NAMES_H_

#include <string>

#include "absl/strings/string_view.h"

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
// vote, objection, agenda entry, decision or attendance record, assembled into the view when it
// is read (ReadProposalView, ReadMeetingView).
std::string VotesEntity(absl::string_view proposal_id);
std::string ObjectionsEntity(absl::string_view proposal_id);
std::string AgendaEntity(absl::string_view meeting_id);
std::string DecisionsEntity(absl::string_view meeting_id);
// One version per attendance record or substitute named (AttendanceEntry).
std::string AttendanceEntity(absl::string_view meeting_id);

// Agreements views are keyed "m/<municipality>".
std::string AgreementsEntity(absl::string_view municipality);

// Newline-separated names the ledger knows: municipalities (in the
// "agreements" projection, as first recorded) and body ids (in "rosters"),
// for matching a name case-insensitively and listing the known ones.
inline constexpr char kKnownMunicipalities[] = "known-municipalities";
inline constexpr char kKnownBodies[] = "fact/bodies";

// Small facts some views need about other entities, kept in their own
// column family under these entity names.
std::string MeetingFact(absl::string_view meeting_id);
std::string ProposalFact(absl::string_view proposal_id);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_VIEW_NAMES_H_
