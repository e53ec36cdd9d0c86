#include "projections/view_names.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace besluitlog::projections {

std::string VotesEntity(absl::string_view proposal_id) {
  return absl::StrCat("votes/", proposal_id);
}
std::string ObjectionsEntity(absl::string_view proposal_id) {
  return absl::StrCat("objections/", proposal_id);
}
std::string AgendaEntity(absl::string_view meeting_id) {
  return absl::StrCat("agenda/", meeting_id);
}
std::string AttendanceEntity(absl::string_view meeting_id) {
  return absl::StrCat("attendance/", meeting_id);
}
std::string DecisionsEntity(absl::string_view meeting_id) {
  return absl::StrCat("decisions/", meeting_id);
}

std::string ActsEntity(absl::string_view body_id) {
  return absl::StrCat("acts/", body_id.empty() ? "*" : body_id);
}

std::string AgreementsEntity(absl::string_view municipality) {
  return absl::StrCat("m/", municipality);
}

std::string MeetingFact(absl::string_view meeting_id) {
  return absl::StrCat("fact/meeting/", meeting_id);
}
std::string ProposalFact(absl::string_view proposal_id) {
  return absl::StrCat("fact/proposal/", proposal_id);
}

}  // namespace besluitlog::projections
