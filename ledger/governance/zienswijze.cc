#include "ledger/governance/zienswijze.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"
#include "ledger/governance/command_fields.h"
#include "ledger/governance/preconditions.h"
#include "ledger/governance_state.h"

namespace besluitlog::ledger::governance {
namespace {

// A council's name as a person reads it: "Utrecht" and " utrecht" are one.
std::string CouncilAsRead(absl::string_view name) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
}

}  // namespace

absl::Status RequestZienswijze(Attempt& a, Municipalities& municipalities,
                               const v1::RequestZienswijze& c) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, c.proposal_id()));
  RETURN_IF_ERROR(RequireId("request_id", c.request_id()));
  if (proposal->zienswijze_requests.count(c.request_id()) > 0) {
    return Refuse(absl::StrCat("zienswijze request \"", c.request_id(), "\" exists already"));
  }
  if (c.councils().empty()) {
    return absl::InvalidArgumentError("name the councils asked for a zienswijze");
  }
  // A council is named by its municipality, as the ledger knows it.
  std::set<std::string> councils;
  google::protobuf::RepeatedPtrField<std::string> canonical;
  for (const std::string& council : c.councils()) {
    const std::string read_as = CouncilAsRead(council);
    if (read_as.empty()) {
      return absl::InvalidArgumentError(
          "a council asked for a zienswijze needs a name; one is empty");
    }
    if (!councils.insert(read_as).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the council of ", council, " is named twice; each council is asked once per request"));
    }
    ASSIGN_OR_RETURN(*canonical.Add(), municipalities.Resolve("councils", council));
  }
  if (c.decision_points().empty()) {
    return absl::InvalidArgumentError(
        "a zienswijze is asked on decision points; name at least one");
  }
  std::set<uint32_t> points;
  for (uint32_t point : c.decision_points()) {
    if (!points.insert(point).second) {
      return absl::InvalidArgumentError(absl::StrCat("decision point ", point, " is named twice"));
    }
    RETURN_IF_ERROR(RequirePoint(*proposal, c.proposal_id(), point));
  }
  RETURN_IF_ERROR(core::ParseDate("deadline", c.deadline()).status());
  v1::GovernanceEvent event;
  v1::ZienswijzeRequested* requested = event.mutable_zienswijze_requested();
  requested->set_request_id(c.request_id());
  requested->set_proposal_id(c.proposal_id());
  *requested->mutable_councils() = std::move(canonical);
  *requested->mutable_decision_points() = c.decision_points();
  requested->set_deadline(c.deadline());
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

absl::Status SubmitZienswijze(Attempt& a, Municipalities& municipalities, const Clock& clock,
                              const v1::SubmitZienswijze& c) {
  ASSIGN_OR_RETURN(ProposalState * proposal, ExistingProposal(a, c.proposal_id()));
  auto request = proposal->zienswijze_requests.find(c.request_id());
  if (request == proposal->zienswijze_requests.end()) {
    return Refuse(absl::StrCat("proposal \"", c.proposal_id(), "\" has no zienswijze request \"",
                               c.request_id(), "\""));
  }
  // The council as the request named it: " utrecht" submits for "Utrecht".
  const auto& councils = request->second.councils();
  const auto asked = std::find_if(councils.begin(), councils.end(), [&](const std::string& name) {
    return CouncilAsRead(name) == CouncilAsRead(c.council());
  });
  if (asked == councils.end()) {
    RETURN_IF_ERROR(municipalities.Resolve("council", c.council()).status());
    return Refuse(
        absl::StrCat("the council of ", c.council(), " was not asked for this zienswijze"));
  }
  const std::string& council = *asked;
  if (proposal->zienswijzen.count({c.request_id(), council}) > 0) {
    return Refuse(
        absl::StrCat("the council of ", council, " has submitted its zienswijze already"));
  }
  absl::CivilDay submitted_on;
  if (c.submitted_on().empty()) {
    ASSIGN_OR_RETURN(submitted_on, core::DayInAmsterdam(clock.Now()));
  } else {
    ASSIGN_OR_RETURN(submitted_on, core::ParseDate("submitted_on", c.submitted_on()));
  }
  ASSIGN_OR_RETURN(absl::CivilDay deadline,
                   core::ParseDate("deadline", request->second.deadline()));
  v1::GovernanceEvent event;
  v1::ZienswijzeSubmitted* submitted = event.mutable_zienswijze_submitted();
  submitted->set_request_id(c.request_id());
  submitted->set_council(council);
  submitted->set_submitted_on(core::FormatDate(submitted_on));
  submitted->set_text(c.text());
  // Recorded either way; a late one is marked, not refused.
  submitted->set_late(submitted_on > deadline);
  a.Emit(core::ProposalStream(c.proposal_id()), std::move(event));
  return absl::OkStatus();
}

}  // namespace besluitlog::ledger::governance
