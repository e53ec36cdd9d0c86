// The projections that write the "proposals" and "meetings" views
// (governance_views.h). A proposal's core view holds its status, points and
// outcomes, escalation chain and ratifications; each vote and objection is a
// version of a side entity (VotesEntity, ObjectionsEntity). A meeting's core
// view holds its status; each agenda entry and decision is a version of a
// side entity (AgendaEntity, DecisionsEntity). ReadProposalView and
// ReadMeetingView (view_reads.h) assemble them. Like every Projection, these
// keep no state between batches and are applied from one thread at a time.
#ifndef BESLUITLOG_PROJECTIONS_PROPOSAL_PROJECTIONS_H_
#define BESLUITLOG_PROJECTIONS_PROPOSAL_PROJECTIONS_H_

#include <memory>

#include "projections/projection.h"

namespace besluitlog::projections {

std::unique_ptr<Projection> NewProposalsProjection();
std::unique_ptr<Projection> NewMeetingsProjection();

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_PROPOSAL_PROJECTIONS_H_
