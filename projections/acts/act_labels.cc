#include "projections/acts/act_labels.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "ledger/core/civil_date.h"

namespace besluitlog::projections::acts {

std::string VoteLabel(const v1::VoteCast& vote) {
  return absl::StrCat(vote.member_id(), " ", v1::VoteChoice_Name(vote.choice()));
}

std::string OutcomesLabel(const v1::DecisionTaken& decision) {
  std::vector<std::string> outcomes;
  for (const v1::PointOutcome& o : decision.outcomes()) {
    outcomes.push_back(absl::StrCat(o.decision_point(), " ", v1::Outcome_Name(o.outcome())));
  }
  return absl::StrJoin(outcomes, "; ");
}

std::string CollegeDecisionLabel(const v1::CollegeDecisionRecorded& decision) {
  return absl::StrCat(decision.municipality(), " ", v1::CollegeDecision_Name(decision.decision()),
                      decision.effective_date().empty() ? "" : " in force ",
                      decision.effective_date());
}

namespace {

struct BodyKindNl {
  const char* short_name;  // Empty: the body's own name.
  const char* article;
  const char* full_name;
};

BodyKindNl KindNl(v1::BodyKind kind) {
  switch (kind) {
    case v1::SBO:
      return {"SBO", "het", "Strategisch Bestuurlijk Overleg"};
    case v1::ORO:
      return {"ORO", "het", "Operationeel Regie Overleg"};
    case v1::STUURGROEP_GEMEENTEN:
      return {"Stuurgroep gemeenten", "de", "Stuurgroep gemeenten"};
    case v1::AMBTELIJK_AFSTEMMINGSOVERLEG:
      return {"", "het", "Ambtelijk afstemmingsoverleg"};
    case v1::CONTRACTGESPREK:
      return {"", "het", "Contractgesprek"};
    case v1::WERKGROEP:
      return {"", "de", "Werkgroep"};
    case v1::ALGEMEEN_BESTUUR:
      return {"AB", "het", "Algemeen Bestuur"};
    case v1::DAGELIJKS_BESTUUR:
      return {"DB", "het", "Dagelijks Bestuur"};
    case v1::COLLEGE:
      return {"", "het", "College van B&W"};
    case v1::GEMEENTERAAD:
      return {"", "de", "Gemeenteraad"};
    default:
      return {"", "", "Overleg"};
  }
}

// "A", "A en B", "A, B en C".
std::string DutchList(const std::vector<std::string>& items) {
  if (items.size() <= 1) return absl::StrJoin(items, "");
  return absl::StrCat(absl::StrJoin(items.begin(), items.end() - 1, ", "), " en ", items.back());
}

}  // namespace

std::string DutchDate(absl::CivilDay day) {
  static constexpr const char* kMonths[] = {"januari",   "februari", "maart",    "april",
                                            "mei",       "juni",     "juli",     "augustus",
                                            "september", "oktober",  "november", "december"};
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1], " ", day.year());
}

std::string DutchDate(const std::string& yyyy_mm_dd) {
  absl::StatusOr<absl::CivilDay> day = ledger::core::ParseDate("date", yyyy_mm_dd);
  if (!day.ok()) return yyyy_mm_dd;
  return DutchDate(*day);
}

std::string OutcomeNl(const v1::PointOutcome& o) {
  switch (o.outcome()) {
    case v1::ADOPTED:
      return o.awaiting_ratification() ? "aangenomen, bekrachtiging gevraagd" : "aangenomen";
    case v1::REJECTED:
      return "verworpen";
    case v1::NO_AGREEMENT:
      return "geen overeenstemming";
    default:
      return "onbekende uitkomst";
  }
}

std::string TallyNl(const v1::PointOutcome& o) {
  return absl::StrCat("voor ", o.votes_for(), ", tegen ", o.votes_against(), ", onthouding ",
                      o.abstentions(),
                      o.objections() > 0 ? absl::StrCat(", bezwaar ", o.objections()) : "");
}

std::string BodyShortNl(v1::BodyKind kind, const std::string& name) {
  const BodyKindNl nl = KindNl(kind);
  return *nl.short_name != '\0' ? nl.short_name : BodyFullNameNl(kind, name);
}

std::string BodyWithArticleNl(v1::BodyKind kind, const std::string& name) {
  const BodyKindNl nl = KindNl(kind);
  const std::string short_name = BodyShortNl(kind, name);
  return *nl.article != '\0' ? absl::StrCat(nl.article, " ", short_name) : short_name;
}

std::string BodyFullNameNl(v1::BodyKind kind, const std::string& name) {
  return name.empty() ? KindNl(kind).full_name : name;
}

std::string ForwardedFromNl(const std::string& body_short, const std::string& date,
                            const std::string& item_id) {
  return absl::StrCat("doorgeleid vanuit ", body_short, ", ", DutchDate(date), ", punt ", item_id);
}

std::string ForwardedToNl(const std::string& body_with_article, const std::string& date,
                          const std::string& item_id) {
  return absl::StrCat("doorgeleid naar ", body_with_article, ", ", DutchDate(date), ", punt ",
                      item_id);
}

std::string CollegeDecisionNl(const v1::CollegeDecisionRecorded& d) {
  if (d.decision() == v1::RATIFIED) {
    return absl::StrCat("College van ", d.municipality(), ": bekrachtigd op ",
                        DutchDate(d.decision_date()),
                        d.effective_date().empty()
                            ? ""
                            : absl::StrCat(", in werking per ", DutchDate(d.effective_date())));
  }
  return absl::StrCat("College van ", d.municipality(), ": niet bekrachtigd op ",
                      DutchDate(d.decision_date()));
}

std::string CollegePendingNl(const std::string& municipality) {
  return absl::StrCat("College van ", municipality, ": nog geen besluit");
}

std::string ZienswijzeRequestNl(const v1::ZienswijzeRequested& r) {
  std::vector<std::string> points;
  for (uint32_t p : r.decision_points()) points.push_back(absl::StrCat(p));
  const std::vector<std::string> councils(r.councils().begin(), r.councils().end());
  return absl::StrCat("Zienswijze gevraagd aan ", councils.size() == 1 ? "de raad" : "de raden",
                      " van ", DutchList(councils), " over ",
                      points.size() == 1 ? "punt " : "punten ", DutchList(points), ", uiterlijk ",
                      DutchDate(r.deadline()));
}

std::string ZienswijzeNl(const v1::ZienswijzeSubmitted& z) {
  return absl::StrCat("Raad van ", z.council(), ": ingediend op ", DutchDate(z.submitted_on()),
                      z.late() ? ", te laat" : "");
}

std::string ZienswijzeMissingNl(const std::string& council) {
  return absl::StrCat("Raad van ", council, ": geen zienswijze ontvangen");
}

std::string MinutesAdoptedNl(const std::string& minuted_date, const v1::DocumentRef& document) {
  return absl::StrCat("Verslag van de vergadering van ", DutchDate(minuted_date), " vastgesteld",
                      document.name().empty() ? "" : absl::StrCat(": ", DocumentNl(document)));
}

std::string DocumentNl(const v1::DocumentRef& document) {
  return absl::StrCat(document.name(), ", SHA-256 ", absl::AsciiStrToLower(document.sha256()));
}

std::string UnpublishedProposalNl(const std::string& proposal_id) {
  return absl::StrCat("voorstel ", proposal_id);
}

std::string ProposalWithdrawnNl(const std::string& reason) {
  return reason.empty() ? "ingetrokken" : absl::StrCat("ingetrokken: ", reason);
}

std::string InForceSinceNl(const std::string& effective_date) {
  return absl::StrCat("in werking sinds ", DutchDate(effective_date));
}

std::string InForceFromNl(const std::string& effective_date) {
  return absl::StrCat("in werking vanaf ", DutchDate(effective_date));
}

std::string MinutesAdoptedOnNl(const std::string& adopting_date) {
  return absl::StrCat("Verslag vastgesteld op ", DutchDate(adopting_date));
}

std::string MeetingLabelNl(const std::string& body_short, const std::string& date) {
  return absl::StrCat(body_short, " ", DutchDate(date));
}

std::string ActTypeNl(const std::string& event_type) {
  static const auto* const kNames = new absl::flat_hash_map<std::string, std::string>{
      {"BodyEstablished", "gremium ingesteld"},
      {"BodyChanged", "gremium gewijzigd"},
      {"MemberAppointed", "lid benoemd"},
      {"MemberResigned", "lid afgetreden"},
      {"HandoverNoted", "overdracht vastgelegd"},
      {"MeetingScheduled", "vergadering gepland"},
      {"MeetingOpened", "vergadering geopend"},
      {"MeetingClosed", "vergadering gesloten"},
      {"AttendanceRecorded", "aanwezigheid vastgelegd"},
      {"SubstituteNamed", "vervanger aangewezen"},
      {"MinutesAdopted", "verslag vastgesteld"},
      {"AgendaItemAdded", "agendapunt toegevoegd"},
      {"ProposalSubmitted", "voorstel ingediend"},
      {"ProposalAmended", "voorstel gewijzigd"},
      {"ProposalWithdrawn", "voorstel ingetrokken"},
      {"VoteCast", "stem uitgebracht"},
      {"ObjectionRecorded", "bezwaar vastgelegd"},
      {"DecisionTaken", "besluit genomen"},
      {"EscalationRaised", "doorgeleid"},
      {"EscalationResolved", "doorgeleiding afgerond"},
      {"RatificationRequested", "bekrachtiging gevraagd"},
      {"CollegeDecisionRecorded", "collegebesluit vastgelegd"},
      {"ZienswijzeRequested", "zienswijze gevraagd"},
      {"ZienswijzeSubmitted", "zienswijze ingediend"},
      {"WorkingGroupEstablished", "werkgroep ingesteld"},
      {"WorkingGroupReported", "werkgroep rapporteerde"},
  };
  auto it = kNames->find(event_type);
  return it == kNames->end() ? event_type : it->second;
}

std::string VoteChoiceNl(v1::VoteChoice choice) {
  switch (choice) {
    case v1::FOR:
      return "voor";
    case v1::AGAINST:
      return "tegen";
    case v1::ABSTAIN:
      return "onthouding";
    default:
      return "onbekend";
  }
}

std::string ProposalStatusNl(v1::ProposalStatus status) {
  switch (status) {
    case v1::SUBMITTED:
      return "ingediend";
    case v1::DECIDED:
      return "besloten";
    case v1::AWAITING_RATIFICATION:
      return "wacht op bekrachtiging";
    case v1::RATIFICATION_COMPLETE:
      return "bekrachtiging afgerond";
    case v1::WITHDRAWN:
      return "ingetrokken";
    default:
      return "onbekend";
  }
}

std::string PendingWorkNl(v1::PendingWork::Kind kind) {
  switch (kind) {
    case v1::PendingWork::ZIENSWIJZE:
      return "zienswijze";
    case v1::PendingWork::RATIFICATION:
      return "bekrachtiging";
    case v1::PendingWork::WORKING_GROUP_REPORT:
      return "werkgroeprapport";
    default:
      return "onbekend";
  }
}

std::string DaysLeftNl(int days_remaining) {
  if (days_remaining == 0) return "vandaag";
  const int days = days_remaining < 0 ? -days_remaining : days_remaining;
  const std::string count = absl::StrCat(days, days == 1 ? " dag" : " dagen");
  return days_remaining > 0 ? absl::StrCat("nog ", count) : absl::StrCat(count, " te laat");
}

std::string SideNl(v1::Side side) {
  switch (side) {
    case v1::GEMEENTEN:
      return "gemeenten";
    case v1::COMBINATIES:
      return "combinaties";
    case v1::NEUTRAL:
      return "neutraal";
    default:
      return "onbekend";
  }
}

std::string PointOutcomeWords(const v1::PointOutcome& o) {
  return absl::StrCat("punt ", o.decision_point(), ": ", OutcomeNl(o), " (", TallyNl(o), ")");
}

}  // namespace besluitlog::projections::acts
