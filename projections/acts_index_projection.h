// The projection that writes the "acts" index (governance_views.h): an
// ActSummary of every governance act by position, under ActsEntity("") for
// all bodies and ActsEntity(body) for its body. What an act means and which
// body it belongs to is acts::BodyOf's to say; the bodies of meetings and
// proposals it needs to remember are kept as facts (MeetingFact,
// ProposalFact) in this projection. SearchActs (act_search.h) reads it.
// Like every Projection, it keeps no state between batches and is applied
// from one thread at a time.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_INDEX_PROJECTION_H_
#define BESLUITLOG_PROJECTIONS_ACTS_INDEX_PROJECTION_H_

#include <memory>

#include "projections/projection.h"

namespace besluitlog::projections {

std::unique_ptr<Projection> NewActsProjection();

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_ACTS_INDEX_PROJECTION_H_
