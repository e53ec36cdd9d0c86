#include "projections/act_search.h"

#include <algorithm>
#include <utility>

#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "projections/governance_views.h"

namespace besluitlog::projections {

absl::StatusOr<ActSearch> ActSearchOf(const v1::SearchActsRequest& request) {
  ActSearch search;
  search.body_id = request.body_id();
  if (!request.event_type().empty()) search.filter.types.push_back(request.event_type());
  search.filter.actor = request.actor();
  search.filter.from_date = request.from_date();
  search.filter.to_date = request.to_date();
  RETURN_IF_ERROR(search.filter.Validate());
  search.after = request.page_token();
  search.page_size = request.page_size() == 0 ? 100 : std::min<uint32_t>(request.page_size(), 1000);
  return search;
}

absl::StatusOr<v1::SearchActsResponse> SearchActs(const ProjectionStore& store,
                                                  const ActSearch& search, uint64_t position) {
  v1::SearchActsResponse response;
  int scanned = 0;
  uint64_t last = search.after;
  bool more = false;
  v1::ActSummary act;
  RETURN_IF_ERROR(store.ScanVersions(
      kActs, ActsEntity(search.body_id), search.after + 1, position == 0 ? UINT64_MAX : position,
      [&](uint64_t version, const rocksdb::Slice& state) {
        if (static_cast<uint32_t>(response.acts_size()) >= search.page_size ||
            scanned >= kActScanBudget) {
          more = true;
          return false;
        }
        ++scanned;
        last = version;
        if (!act.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
          return true;
        }
        if (search.filter.Matches(act)) *response.add_acts() = act;
        return true;
      }));
  response.set_next_page_token(more ? last : 0);
  return response;
}

}  // namespace besluitlog::projections
