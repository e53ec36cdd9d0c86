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
//
// The public entry to the governance views: their names (view_names.h), the
// projections that write them (proposal_projections.h,
// register_projections.h, time_index.h, acts_index_projection.h) and their
// readers (view_reads.h, view_dates.h, act_search.h).
#ifndef BESLUITLOG_PROJECTIONS_GOVERNANCE_VIEWS_H_
#define BESLUITLOG_PROJECTIONS_GOVERNANCE_VIEWS_H_

#include <memory>
#include <vector>

#include "projections/projection.h"
#include "projections/time_index.h"
#include "projections/view_names.h"
#include "projections/view_reads.h"

namespace besluitlog::projections {

// Every governance projection, in the order the runner applies them.
std::vector<std::unique_ptr<Projection>> GovernanceProjections();

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_GOVERNANCE_VIEWS_H_
