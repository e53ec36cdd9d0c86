#include "tools/publish/dutch.h"

#include "absl/strings/str_cat.h"

namespace besluitlog::tools::publish {

std::string DutchDate(absl::CivilDay day) {
  static constexpr const char* kMonths[] = {"januari",   "februari", "maart",    "april",
                                            "mei",       "juni",     "juli",     "augustus",
                                            "september", "oktober",  "november", "december"};
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1], " ", day.year());
}

std::string DutchDate(absl::string_view yyyy_mm_dd) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(yyyy_mm_dd, &day)) return std::string(yyyy_mm_dd);
  return DutchDate(day);
}

std::string OutcomeWord(v1::Outcome outcome) {
  switch (outcome) {
    case v1::ADOPTED:
      return "aangenomen";
    case v1::REJECTED:
      return "verworpen";
    case v1::NO_AGREEMENT:
      return "geen overeenstemming";
    default:
      return "onbekende uitkomst";
  }
}

std::string CollegeDecisionWord(v1::CollegeDecision decision) {
  switch (decision) {
    case v1::RATIFIED:
      return "bekrachtigd";
    case v1::REJECTED_BY_COLLEGE:
      return "afgewezen";
    default:
      return "onbekend besluit";
  }
}

}  // namespace besluitlog::tools::publish
