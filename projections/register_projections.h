// The projections that write the standing registers of the governance
// (governance_views.h), each the state as of every position:
//   "agreements"  per municipality (AgreementsEntity): what its College
//                 ratified, with decision and effective dates;
//   "rosters"     per body: appointments with the days they began and
//                 ended, and the substitutes named per meeting;
//   "deadlines"   one entity (kDeadlinesEntity) of pending work: zienswijzen
//                 due, ratifications awaited, werkgroep reports due.
// Which of it holds on a given day is for view_dates.h to say when read.
// Like every Projection, these keep no state between batches and are
// applied from one thread at a time.
#ifndef BESLUITLOG_PROJECTIONS_REGISTER_PROJECTIONS_H_
#define BESLUITLOG_PROJECTIONS_REGISTER_PROJECTIONS_H_

#include <memory>

#include "projections/projection.h"

namespace besluitlog::projections {

std::unique_ptr<Projection> NewAgreementsProjection();
std::unique_ptr<Projection> NewRostersProjection();
std::unique_ptr<Projection> NewDeadlinesProjection();

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_REGISTER_PROJECTIONS_H_
