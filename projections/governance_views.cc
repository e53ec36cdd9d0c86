#include "projections/governance_views.h"

#include <memory>
#include <vector>

#include "projections/acts_index_projection.h"
#include "projections/proposal_projections.h"
#include "projections/register_projections.h"
#include "projections/time_index.h"

namespace besluitlog::projections {

std::vector<std::unique_ptr<Projection>> GovernanceProjections() {
  std::vector<std::unique_ptr<Projection>> projections;
  projections.push_back(NewProposalsProjection());
  projections.push_back(NewMeetingsProjection());
  projections.push_back(NewAgreementsProjection());
  projections.push_back(NewTimeIndexProjection());
  projections.push_back(NewRostersProjection());
  projections.push_back(NewDeadlinesProjection());
  projections.push_back(NewActsProjection());
  return projections;
}

}  // namespace besluitlog::projections
