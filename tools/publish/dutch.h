// How the site says things in Dutch: dates written out ("13 januari 2026"),
// the outcome of a decision point and a College decision. One place, so the
// pages, the index and the Woo titles say them the same way.
#ifndef BESLUITLOG_TOOLS_PUBLISH_DUTCH_H_
#define BESLUITLOG_TOOLS_PUBLISH_DUTCH_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.pb.h"

namespace besluitlog::tools::publish {

// "13 januari 2026"; a text that is not YYYY-MM-DD comes back as it is.
std::string DutchDate(absl::string_view yyyy_mm_dd);
std::string DutchDate(absl::CivilDay day);

// "aangenomen", "verworpen", "geen overeenstemming".
std::string OutcomeWord(v1::Outcome outcome);
// "bekrachtigd", "afgewezen".
std::string CollegeDecisionWord(v1::CollegeDecision decision);

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_DUTCH_H_
