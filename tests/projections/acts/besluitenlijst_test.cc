// The besluitenlijst model, folded from a history recorded over real gRPC:
// what a secretariaat publishes, checked by its exact Dutch wording.
#include "projections/acts/besluitenlijst.h"

#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/core/governance_codec.h"
#include "projections/acts/act_labels.h"
#include "tests/testing/besluitenlijst_history.h"

namespace besluitlog::projections::acts {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class BesluitenlijstTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Start();
    ASSERT_FALSE(HasFatalFailure());
    server_.RecordThreeMeetings();
    ASSERT_FALSE(HasFatalFailure());
    BesluitenlijstBuilder builder;
    for (const v1::Event& event : server_.Events()) builder.Add(event);
    list_ = builder.Build();
    ASSERT_EQ(list_.meetings.size(), 3u);
  }

  testing::BesluitenlijstServer server_;
  Besluitenlijst list_;
};

TEST(DutchLabelsTest, DatesAndOutcomesReadAsDutch) {
  EXPECT_EQ(DutchDate("2026-01-13"), "13 januari 2026");
  EXPECT_EQ(DutchDate("2027-12-01"), "1 december 2027");
  EXPECT_EQ(DutchDate("2026-13-45"), "2026-13-45") << "not a day: shown as written";
  v1::PointOutcome o;
  o.set_outcome(v1::ADOPTED);
  EXPECT_EQ(OutcomeNl(o), "aangenomen");
  o.set_awaiting_ratification(true);
  EXPECT_EQ(OutcomeNl(o), "aangenomen, bekrachtiging gevraagd");
  o.set_outcome(v1::REJECTED);
  o.set_awaiting_ratification(false);
  EXPECT_EQ(OutcomeNl(o), "verworpen");
  o.set_outcome(v1::NO_AGREEMENT);
  EXPECT_EQ(OutcomeNl(o), "geen overeenstemming");
  EXPECT_EQ(ActTypeNl("MemberAppointed"), "lid benoemd");
}

TEST(BesluitNamesTest, MembersOfBodiesWithRunTogetherIdsStayApart) {
  BesluitNames names;
  for (const auto& [body, member, name] :
       {std::tuple{"oro", "1x", "Ria Jansen"}, std::tuple{"oro1", "x", "Sem Visser"}}) {
    v1::GovernanceEvent act;
    act.mutable_member_appointed()->set_body_id(body);
    act.mutable_member_appointed()->set_member_id(member);
    act.mutable_member_appointed()->set_name(name);
    names.Add(act);
  }
  EXPECT_EQ(names.Member("oro", "1x"), "Ria Jansen");
  EXPECT_EQ(names.Member("oro1", "x"), "Sem Visser");
  EXPECT_EQ(names.Member("oro", "x"), "x") << "unknown: the id";
}

TEST_F(BesluitenlijstTest, MeetingsByDateWithFullBodyNameDutchDateAndAttendance) {
  const BesluitMeeting& oro = list_.meetings[0];
  EXPECT_EQ(oro.meeting_id, "oro-2026-01");
  EXPECT_EQ(oro.body_name, testing::kOroName);
  EXPECT_EQ(oro.date_label, "13 januari 2026");
  EXPECT_THAT(oro.present, ElementsAre("Ria Jansen", "Sanne Bakker"));
  EXPECT_THAT(oro.absent, ElementsAre("Rob de Boer"));
  EXPECT_THAT(oro.substituted, ElementsAre("Sem Visser vervangen door Tom Smit"));
  EXPECT_EQ(list_.meetings[1].body_name, testing::kSboName);
  EXPECT_EQ(list_.meetings[1].date_label, "10 februari 2026");
  EXPECT_EQ(list_.meetings[2].date_label, "10 maart 2026");
  EXPECT_THAT(list_.meetings[2].absent, IsEmpty());
}

TEST_F(BesluitenlijstTest, PointsWithTextOutcomeTallyAndVoters) {
  const BesluitItem& kpi = list_.meetings[0].items.at(0);
  EXPECT_EQ(kpi.item_id, "1");
  EXPECT_EQ(kpi.title, "Wachttijd-KPI jeugdhulp");
  ASSERT_EQ(kpi.points.size(), 2u);
  EXPECT_EQ(kpi.points[0].text, "De wachttijd-KPI wordt zes weken");
  EXPECT_EQ(kpi.points[0].outcome, "geen overeenstemming");
  EXPECT_EQ(kpi.points[0].tally, "voor 1, tegen 1, onthouding 1");
  EXPECT_THAT(kpi.points[0].voted_for, ElementsAre("Ria Jansen"));
  EXPECT_THAT(kpi.points[0].voted_against, ElementsAre("Sanne Bakker"));
  EXPECT_THAT(kpi.points[0].abstained, ElementsAre("Tom Smit")) << "the substitute, by name";
  EXPECT_EQ(kpi.points[1].outcome, "aangenomen");
  EXPECT_EQ(kpi.points[1].tally, "voor 3, tegen 0, onthouding 0");

  const BesluitItem& jaarplan = list_.meetings[2].items.at(0);
  EXPECT_EQ(jaarplan.title, "Jaarplan 2026");
  ASSERT_EQ(jaarplan.points.size(), 1u);
  EXPECT_EQ(jaarplan.points[0].outcome, "aangenomen");
  EXPECT_EQ(jaarplan.points[0].tally, "voor 2, tegen 1, onthouding 1");
}

TEST_F(BesluitenlijstTest, WhereAnItemCameFromAndWentTo) {
  const BesluitItem& at_oro = list_.meetings[0].items.at(0);
  EXPECT_EQ(at_oro.went_to, "doorgeleid naar het SBO, 10 februari 2026, punt 2");
  EXPECT_EQ(at_oro.came_from, "");
  const BesluitItem& at_sbo = list_.meetings[1].items.at(0);
  EXPECT_EQ(at_sbo.item_id, "2");
  EXPECT_EQ(at_sbo.came_from, "doorgeleid vanuit ORO, 13 januari 2026, punt 1");
  ASSERT_EQ(at_sbo.points.size(), 1u) << "the SBO decides only the point without agreement";
  EXPECT_EQ(at_sbo.points[0].text, "De wachttijd-KPI wordt zes weken");
  EXPECT_EQ(at_sbo.points[0].outcome, "aangenomen, bekrachtiging gevraagd");
  EXPECT_EQ(at_sbo.points[0].tally, "voor 4, tegen 0, onthouding 0");
}

TEST_F(BesluitenlijstTest, CollegeDecisionsPerMunicipalityWithTheirEffectiveDate) {
  EXPECT_THAT(list_.meetings[1].items.at(0).college_decisions,
              ElementsAre("College van Dordrecht: bekrachtigd op 2 maart 2026, in werking per "
                          "1 januari 2027",
                          "College van Zwijndrecht: niet bekrachtigd op 5 maart 2026",
                          "College van Molenlanden: nog geen besluit"));
  EXPECT_THAT(list_.meetings[0].items.at(0).college_decisions, IsEmpty())
      << "the ORO asked no College";
}

TEST_F(BesluitenlijstTest, ZienswijzenWithDeadlineAndLateOnes) {
  EXPECT_THAT(list_.meetings[1].items.at(0).zienswijzen,
              ElementsAre("Zienswijze gevraagd aan de raden van Dordrecht en Zwijndrecht over "
                          "punt 1, uiterlijk 1 maart 2026",
                          "Raad van Dordrecht: ingediend op 20 februari 2026",
                          "Raad van Zwijndrecht: ingediend op 5 maart 2026, te laat"));
  EXPECT_THAT(list_.meetings[0].items.at(0).zienswijzen, IsEmpty())
      << "shown once, with the proposal's last item";
}

TEST_F(BesluitenlijstTest, AdoptedMinutesWithTheirDocumentHash) {
  EXPECT_THAT(list_.meetings[2].minutes_adopted_here,
              ElementsAre(std::string("Verslag van de vergadering van 13 januari 2026 "
                                      "vastgesteld: verslag-oro-2026-01.pdf, SHA-256 ") +
                          testing::kMinutesSha256));
  EXPECT_EQ(list_.meetings[0].own_minutes, "Verslag vastgesteld op 10 maart 2026");
  EXPECT_EQ(list_.meetings[1].own_minutes, "");
}

TEST_F(BesluitenlijstTest, AnIndexPerBodyAndYear) {
  ASSERT_EQ(list_.index.size(), 2u);
  EXPECT_EQ(list_.index[0].body_name, testing::kOroName);
  ASSERT_EQ(list_.index[0].years.size(), 1u);
  EXPECT_EQ(list_.index[0].years[0].year, 2026);
  EXPECT_THAT(list_.index[0].years[0].meetings, ElementsAre(0u, 2u));
  EXPECT_EQ(list_.index[1].body_name, testing::kSboName);
  EXPECT_THAT(list_.index[1].years[0].meetings, ElementsAre(1u));
}

// What the published site's pages (tools/publish) take from the model: the
// event of each decision shown (so a reader can check it), the proposals
// with their text and documents, and the College decisions per
// municipality with their effective date.
TEST_F(BesluitenlijstTest, EachDecisionNamesItsEventAndProposalsAndCollegesAreListed) {
  std::map<uint64_t, v1::GovernanceEvent> acts;
  for (const v1::Event& event : server_.Events()) {
    absl::StatusOr<v1::GovernanceEvent> act = ledger::core::DecodeGovernanceEvent(event);
    if (act.ok()) acts[event.global_position()] = *act;
  }
  for (const BesluitMeeting& m : list_.meetings) {
    for (const BesluitItem& item : m.items) {
      ASSERT_TRUE(acts.count(item.decision_event)) << m.meeting_id << " " << item.item_id;
      const v1::GovernanceEvent& act = acts.at(item.decision_event);
      ASSERT_TRUE(act.has_decision_taken());
      EXPECT_EQ(act.decision_taken().meeting_id(), m.meeting_id);
      EXPECT_EQ(act.decision_taken().item_id(), item.item_id);
      ASSERT_EQ(item.college_events.size(), item.college_decisions.size());
    }
  }
  const BesluitItem& at_sbo = list_.meetings[1].items.at(0);
  ASSERT_EQ(at_sbo.college_events.size(), 3u);
  EXPECT_EQ(acts.at(at_sbo.college_events[0]).college_decision_recorded().municipality(),
            "Dordrecht");
  EXPECT_EQ(at_sbo.college_events[2], 0u) << "Molenlanden has not decided yet";

  ASSERT_EQ(list_.proposals.size(), 2u);
  EXPECT_EQ(list_.proposals[0].proposal_id, "kpi");
  EXPECT_EQ(list_.proposals[0].title, "Wachttijd-KPI jeugdhulp");
  EXPECT_EQ(list_.proposals[0].body_name, testing::kOroName);
  ASSERT_EQ(list_.proposals[0].points.size(), 2u);
  EXPECT_EQ(list_.proposals[0].points[0].text, "De wachttijd-KPI wordt zes weken");
  EXPECT_EQ(list_.proposals[1].proposal_id, "jaarplan");

  ASSERT_EQ(list_.college_decisions.size(), 2u);
  const BesluitCollegeDecision& dordrecht = list_.college_decisions[0];
  EXPECT_EQ(dordrecht.municipality, "Dordrecht");
  EXPECT_TRUE(dordrecht.ratified);
  EXPECT_EQ(dordrecht.effective_date, "2027-01-01");
  EXPECT_EQ(dordrecht.text,
            "College van Dordrecht: bekrachtigd op 2 maart 2026, in werking per 1 januari 2027");
  EXPECT_EQ(dordrecht.event, at_sbo.college_events[0]);
  EXPECT_FALSE(list_.college_decisions[1].ratified);
  EXPECT_EQ(InForceSinceNl("2027-01-01"), "in werking sinds 1 januari 2027");
  EXPECT_EQ(InForceFromNl("2027-01-01"), "in werking vanaf 1 januari 2027");
}

// A proposal or meeting of a body left out of a publication is named, not
// shown by id or as an empty place.
TEST(BesluitenlijstUnpublishedTest, AnItemFromAnUnpublishedMeetingSaysSo) {
  BesluitenlijstBuilder builder;
  v1::Event event;
  v1::GovernanceEvent act;
  act.mutable_meeting_scheduled()->set_meeting_id("oro-1");
  act.mutable_meeting_scheduled()->set_body_id("oro");
  act.mutable_meeting_scheduled()->set_date("2026-01-13");
  builder.Add(event, act);
  act.Clear();
  auto* item = act.mutable_agenda_item_added();
  item->set_meeting_id("oro-1");
  item->set_item_id("5");
  item->set_proposal_id("kpi");
  item->set_escalation_id("e1");
  item->set_origin_meeting_id("cg-1");
  item->set_origin_item_id("3");
  builder.Add(event, act);
  const Besluitenlijst list = builder.Build();
  ASSERT_EQ(list.meetings.size(), 1u);
  EXPECT_EQ(list.meetings[0].items.at(0).title, "voorstel kpi");
  EXPECT_EQ(list.meetings[0].items.at(0).came_from, "doorgeleid vanuit een niet-openbaar overleg");
  EXPECT_TRUE(list.proposals.empty());
}

// Found by an outside tester: a member who voted and resigned before the
// decision was listed as voting "voor" beside a tally that did not count
// them. The list names only the votes the decision counted.
TEST(BesluitenlijstVotersTest, OnlyTheVotesTheDecisionCountedAreListed) {
  BesluitenlijstBuilder builder;
  const v1::Event event;
  v1::GovernanceEvent act;
  for (const auto& [id, name] :
       {std::pair<std::string, std::string>{"g1", "Ria Jansen"}, {"g2", "Fleur de Jong"}}) {
    act.Clear();
    act.mutable_member_appointed()->set_body_id("oro");
    act.mutable_member_appointed()->set_member_id(id);
    act.mutable_member_appointed()->set_name(name);
    builder.Add(event, act);
  }
  act.Clear();
  act.mutable_meeting_scheduled()->set_meeting_id("oro-1");
  act.mutable_meeting_scheduled()->set_body_id("oro");
  act.mutable_meeting_scheduled()->set_date("2026-01-13");
  builder.Add(event, act);
  act.Clear();
  act.mutable_agenda_item_added()->set_meeting_id("oro-1");
  act.mutable_agenda_item_added()->set_item_id("1");
  act.mutable_agenda_item_added()->set_proposal_id("kpi");
  builder.Add(event, act);
  for (const char* member : {"g1", "g2"}) {
    act.Clear();
    v1::VoteCast* vote = act.mutable_vote_cast();
    vote->set_meeting_id("oro-1");
    vote->set_item_id("1");
    vote->set_proposal_id("kpi");
    vote->set_decision_point(1);
    vote->set_member_id(member);
    vote->set_voter_id(member);
    vote->set_choice(v1::FOR);
    builder.Add(event, act);
  }
  act.Clear();
  v1::DecisionTaken* decision = act.mutable_decision_taken();
  decision->set_meeting_id("oro-1");
  decision->set_item_id("1");
  decision->set_proposal_id("kpi");
  v1::PointOutcome* outcome = decision->add_outcomes();
  outcome->set_decision_point(1);
  outcome->set_outcome(v1::ADOPTED);
  outcome->set_votes_for(1);
  outcome->add_counted_members("g1");  // g2 resigned before the decision.
  builder.Add(event, act);
  const Besluitenlijst list = builder.Build();
  ASSERT_EQ(list.meetings.size(), 1u);
  ASSERT_EQ(list.meetings[0].items.at(0).points.size(), 1u);
  EXPECT_THAT(list.meetings[0].items.at(0).points[0].voted_for, ElementsAre("Ria Jansen"));
}

}  // namespace
}  // namespace besluitlog::projections::acts
