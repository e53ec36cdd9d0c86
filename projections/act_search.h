// SearchActs over the "acts" index: the acts of one body (or all) that an
// acts::ActFilter keeps, a page at a time in position order.
//
// A page scans at most kActScanBudget acts, so one call stays short however
// rare the matches (a page may then hold fewer acts than asked, or none);
// next_page_token says where to go on (0: the end).
#ifndef BESLUITLOG_PROJECTIONS_ACT_SEARCH_H_
#define BESLUITLOG_PROJECTIONS_ACT_SEARCH_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "besluitlog/v1/query.pb.h"
#include "projections/acts/act_filter.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

inline constexpr int kActScanBudget = 500;

struct ActSearch {
  std::string body_id;  // Empty: every body.
  acts::ActFilter filter;
  uint64_t after = 0;  // The page token: the last position scanned.
  uint32_t page_size = 100;
};

// The search a request asks for: its dates must be calendar dates
// (INVALID_ARGUMENT otherwise); page_size 0 means 100, at most 1000.
[[nodiscard]] absl::StatusOr<ActSearch> ActSearchOf(const v1::SearchActsRequest& request);

// One page of the search as of `position` (0: latest).
[[nodiscard]] absl::StatusOr<v1::SearchActsResponse> SearchActs(const ProjectionStore& store,
                                                                const ActSearch& search,
                                                                uint64_t position);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_ACT_SEARCH_H_
