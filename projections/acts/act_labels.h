// How acts read to people: the labels of votes, outcomes, College decisions,
// agenda items and besluitenlijst entries, in one place for the CSV, HTML
// and Popolo renderings (enum names as the protos spell them). Pure;
// thread-safe (stateless).
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_LABELS_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_LABELS_H_

#include <string>

#include "absl/time/civil_time.h"
#include "besluitlog/v1/governance.pb.h"
#include "besluitlog/v1/query.pb.h"

namespace besluitlog::projections::acts {

// "w1 FOR".
std::string VoteLabel(const v1::VoteCast& vote);
// Each point's outcome, short: "1 ADOPTED; 2 REJECTED".
std::string OutcomesLabel(const v1::DecisionTaken& decision);
// "Dordrecht RATIFIED in force 2027-01-01" (without an effective date, no
// "in force" part).
std::string CollegeDecisionLabel(const v1::CollegeDecisionRecorded& decision);
// ---- The besluitenlijst's Dutch wording (tools' HTML besluitenlijst, via
// projections/acts/besluitenlijst.h). Each wording is written here once.

// "13 januari 2026" for "2026-01-13" (a calendar date in Europe/Amsterdam,
// read with absl civil time); the text itself when it is not a date.
std::string DutchDate(const std::string& yyyy_mm_dd);
// A point's outcome: "aangenomen", "aangenomen, bekrachtiging gevraagd",
// "verworpen" or "geen overeenstemming". It describes the decision as it was
// taken, so it stays true after the Colleges decided.
std::string OutcomeNl(const v1::PointOutcome& outcome);
// "voor 4, tegen 0, onthouding 0" (and ", bezwaar 1" when objected).
std::string TallyNl(const v1::PointOutcome& outcome);
// What an item without a decision says.
inline constexpr char kNoDecisionYetNl[] = "nog niet besloten";
// How a body is named in running text: its kind's short name ("ORO",
// "SBO"), else its own name; with the article Dutch puts before it
// ("het SBO", "de Stuurgroep gemeenten").
std::string BodyShortNl(v1::BodyKind kind, const std::string& name);
std::string BodyWithArticleNl(v1::BodyKind kind, const std::string& name);
// A body's full name: its configured name, else its kind's.
std::string BodyFullNameNl(v1::BodyKind kind, const std::string& name);
// "doorgeleid vanuit ORO, 13 januari 2026, punt 1" (body short name, the
// meeting's date, the item there).
std::string ForwardedFromNl(const std::string& body_short, const std::string& date,
                            const std::string& item_id);
// "doorgeleid naar het SBO, 10 februari 2026, punt 2".
std::string ForwardedToNl(const std::string& body_with_article, const std::string& date,
                          const std::string& item_id);
// "College van Dordrecht: bekrachtigd op 31 december 2024, in werking per
// 1 januari 2025" or "College van Molenlanden: niet bekrachtigd op ...".
std::string CollegeDecisionNl(const v1::CollegeDecisionRecorded& decision);
// "College van Dordrecht: nog geen besluit".
std::string CollegePendingNl(const std::string& municipality);
// "Zienswijze gevraagd aan de raden van Dordrecht en Zwijndrecht over punt 1,
// uiterlijk 1 maart 2026".
std::string ZienswijzeRequestNl(const v1::ZienswijzeRequested& request);
// "Raad van Zwijndrecht: ingediend op 5 maart 2026, te laat" (late: after the
// deadline, as the act recorded it).
std::string ZienswijzeNl(const v1::ZienswijzeSubmitted& zienswijze);
// "Raad van Dordrecht: geen zienswijze ontvangen".
std::string ZienswijzeMissingNl(const std::string& council);
// "Verslag van de vergadering van 13 januari 2026 vastgesteld" and, with a
// document, ": verslag.pdf, SHA-256 <lower-case hex>".
std::string MinutesAdoptedNl(const std::string& minuted_date, const v1::DocumentRef& document);
// In the minuted meeting: "Verslag vastgesteld op 10 februari 2026".
std::string MinutesAdoptedOnNl(const std::string& adopting_date);
// A meeting in running text: "ORO 13 januari 2026".
std::string MeetingLabelNl(const std::string& body_short, const std::string& date);
// An act's type in Dutch: "lid benoemd" for MemberAppointed; the type
// itself when unknown.
std::string ActTypeNl(const std::string& event_type);
// Votes: "voor", "tegen", "onthouding".
std::string VoteChoiceNl(v1::VoteChoice choice);
// "wacht op bekrachtiging": where a proposal stands.
std::string ProposalStatusNl(v1::ProposalStatus status);
// "zienswijze", "bekrachtiging", "werkgroeprapport": open work.
std::string PendingWorkNl(v1::PendingWork::Kind kind);
// "nog 3 dagen", "nog 1 dag", "vandaag", "1 dag te laat", "4 dagen te laat".
std::string DaysLeftNl(int days_remaining);
// "gemeenten", "combinaties", "neutraal".
std::string SideNl(v1::Side side);
// ---- The published site's pages (tools/publish), beside the wording above.

// "13 januari 2026" for a day.
std::string DutchDate(absl::CivilDay day);
// An item whose proposal was submitted to a body that is not published:
// "voorstel kpi".
std::string UnpublishedProposalNl(const std::string& proposal_id);
// Where an item came from when that meeting is not published.
inline constexpr char kForwardedFromUnpublishedNl[] = "doorgeleid vanuit een niet-openbaar overleg";
// "ingetrokken" or "ingetrokken: <reason>".
std::string ProposalWithdrawnNl(const std::string& reason);
// Beside a decision point that changes the agreements in force.
inline constexpr char kChangesAgreementNl[] = "wijzigt de afspraken";
// A document by its hash: "voorstel.pdf, SHA-256 <lower-case hex>".
std::string DocumentNl(const v1::DocumentRef& document);
// An agreement in force on a day: "in werking sinds 1 januari 2025"; one
// ratified that takes effect later: "in werking vanaf 1 januari 2026".
std::string InForceSinceNl(const std::string& effective_date);
std::string InForceFromNl(const std::string& effective_date);
// A municipality with no agreement in force on the day asked.
inline constexpr char kNoAgreementInForceNl[] = "Geen afspraken in werking.";

// A CSV row's outcome: "punt 1: aangenomen (voor 4, tegen 0, onthouding 0)",
// composed of OutcomeNl and TallyNl.
std::string PointOutcomeWords(const v1::PointOutcome& outcome);

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_LABELS_H_
