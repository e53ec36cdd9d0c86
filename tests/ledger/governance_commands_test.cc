#include "ledger/governance/governance_commands.h"

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/core/governance_codec.h"
#include "ledger/event_log.h"
#include "ledger/governance/aggregate_cache.h"
#include "tests/testing/governance_builders.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::ledger {
namespace {

using ::besluitlog::ledger::governance::GovernanceCommands;
using ::besluitlog::testing::AddItem;
using ::besluitlog::testing::Appoint;
using ::besluitlog::testing::Attend;
using ::besluitlog::testing::BodySpec;
using ::besluitlog::testing::Decide;
using ::besluitlog::testing::Escalate;
using ::besluitlog::testing::Establish;
using ::besluitlog::testing::Object;
using ::besluitlog::testing::Open;
using ::besluitlog::testing::Schedule;
using ::besluitlog::testing::Submit;
using ::besluitlog::testing::Substitute;
using ::besluitlog::testing::Vote;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class GovernanceCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<EventLog>> log = EventLog::Open(dir_.path());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    commands_ = std::make_unique<GovernanceCommands>(log_.get(), &clock_);
  }

  v1::CommandResult Ok(const v1::GovernanceCommand& command) {
    absl::StatusOr<v1::CommandResult> result = commands_->Execute(command);
    EXPECT_TRUE(result.ok()) << result.status() << "\n" << command.DebugString();
    return result.ok() ? *result : v1::CommandResult();
  }

  void Refused(const v1::GovernanceCommand& command, const std::string& fragment,
               absl::StatusCode code = absl::StatusCode::kFailedPrecondition) {
    const uint64_t before = log_->GetHead().position();
    absl::StatusOr<v1::CommandResult> result = commands_->Execute(command);
    EXPECT_EQ(result.status().code(), code) << result.status();
    EXPECT_THAT(result.status().message(), HasSubstr(fragment));
    EXPECT_EQ(log_->GetHead().position(), before) << "a refusal stores nothing";
  }

  // ORO (majority) with two members per side, an adviser and a secretary;
  // meeting "oro-1" open with everyone present and proposal "p" on item "1".
  void OroMeetingWithProposal() {
    Ok(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
    Ok(Appoint("oro", "g1", v1::GEMEENTEN));
    Ok(Appoint("oro", "g2", v1::GEMEENTEN, v1::VOORZITTER));
    Ok(Appoint("oro", "c1", v1::COMBINATIES));
    Ok(Appoint("oro", "c2", v1::COMBINATIES));
    Ok(Appoint("oro", "adviser", v1::NEUTRAL, v1::ADVISEUR));
    Ok(Appoint("oro", "secretary", v1::NEUTRAL, v1::SECRETARIS));
    Ok(Schedule("oro-1", "oro", "2026-03-10"));
    Ok(Open("oro-1"));
    for (const char* m : {"g1", "g2", "c1", "c2", "adviser", "secretary"}) {
      Ok(Attend("oro-1", m));
    }
    Ok(Submit("p", "oro", {"Adopt the KPI", "Report monthly"}));
    Ok(AddItem("oro-1", "1", "p", "g1"));
  }

  v1::DecisionTaken DecisionOf(const v1::CommandResult& result) {
    for (const v1::GovernanceEvent& event : result.events()) {
      if (event.has_decision_taken()) return event.decision_taken();
    }
    ADD_FAILURE() << "no DecisionTaken in the result";
    return v1::DecisionTaken();
  }

  testing::TempDir dir_;
  // 2027-03-01 12:00 in Amsterdam: after every meeting these tests open.
  ManualClock clock_{absl::FromUnixSeconds(1803898800)};
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<GovernanceCommands> commands_;
};

TEST_F(GovernanceCommandsTest, EventsAreTypedAndStoredInTheirStreams) {
  const v1::CommandResult result =
      Ok(Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS}));
  ASSERT_EQ(result.events_size(), 1);
  EXPECT_TRUE(result.events(0).has_body_established());
  EXPECT_EQ(result.position(), 1u);
  absl::StatusOr<v1::Event> stored = log_->ReadEvent(1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->stream_id(), "body/sbo");
  EXPECT_EQ(stored->event_type(), "BodyEstablished");
  EXPECT_EQ(stored->actor(), "secretariaat");
  EXPECT_EQ(stored->content_type(), core::kGovernanceContentType);
  EXPECT_EQ(core::DecodeGovernanceEvent(*stored)->body_established().config().kind(), v1::SBO);
}

TEST_F(GovernanceCommandsTest, MalformedCommandsAreInvalidArgument) {
  Refused(v1::GovernanceCommand(), "names no act", absl::StatusCode::kInvalidArgument);
  Refused(Establish({.id = "a/b", .kind = v1::ORO}), "may not contain '/'",
          absl::StatusCode::kInvalidArgument);
  Refused(Establish({.id = "x", .kind = v1::BODY_KIND_UNSPECIFIED}), "config.kind",
          absl::StatusCode::kInvalidArgument);
  Ok(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
  Refused(testing::Schedule("m", "oro", "2026-02-30"), "not a calendar date",
          absl::StatusCode::kInvalidArgument);
  v1::GovernanceCommand no_points = Submit("p", "oro", {});
  Refused(no_points, "at least one numbered decision point", absl::StatusCode::kInvalidArgument);
  v1::GovernanceCommand bad_hash = Submit("p", "oro", {"x"});
  bad_hash.mutable_submit_proposal()->mutable_documents(0)->set_sha256("abc");
  Refused(bad_hash, "SHA-256", absl::StatusCode::kInvalidArgument);
}

TEST_F(GovernanceCommandsTest, ThingsExistOnceAndOnlyAfterTheyAreCreated) {
  Refused(Appoint("nowhere", "m", v1::GEMEENTEN), "no body \"nowhere\"");
  Ok(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
  Refused(Establish({.id = "oro", .kind = v1::ORO}), "established already");
  Refused(Establish({.id = "x", .kind = v1::ORO, .escalation_target = "ghost"}),
          "\"ghost\", which has not been established");
  Ok(Appoint("oro", "m", v1::GEMEENTEN));
  Refused(Appoint("oro", "m", v1::GEMEENTEN), "a member of \"oro\" already");
  Refused(Open("m-404"), "no meeting \"m-404\"");
}

TEST_F(GovernanceCommandsTest, LegalAuthorisationIsRequiredWhereTheBodyDemandsIt) {
  Ok(Establish(
      {.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS, .requires_legal_authorisation = true}));
  Refused(Appoint("sbo", "w1", v1::GEMEENTEN, v1::LID, false), "legal authorisation rule");
  Ok(Appoint("sbo", "w1", v1::GEMEENTEN, v1::LID, true));
  // Advisers do not vote, so they need no authorisation to represent anyone.
  Ok(Appoint("sbo", "advisor", v1::NEUTRAL, v1::ADVISEUR, false));
  Ok(Schedule("sbo-1", "sbo", "2026-04-01"));
  Refused(Substitute("sbo-1", "w1", "deputy", false), "legal authorisation rule");
  Ok(Substitute("sbo-1", "w1", "deputy", true));
}

TEST_F(GovernanceCommandsTest, AdvisersAndTheSecretaryNeverVote) {
  OroMeetingWithProposal();
  Refused(Vote("oro-1", "1", 1, "adviser", v1::FOR), "advisers and the secretary never vote");
  Refused(Vote("oro-1", "1", 1, "secretary", v1::FOR), "never vote");
  Refused(Vote("oro-1", "1", 1, "stranger", v1::FOR), "neither a sitting member");
  Refused(Object("oro-1", "1", 1, "adviser"), "never vote");
}

TEST_F(GovernanceCommandsTest, AMemberSitsFromTheirFromDateOnly) {
  Ok(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}));
  Ok(Appoint("oro", "g1", v1::GEMEENTEN));
  Ok(Appoint("oro", "c1", v1::COMBINATIES));
  v1::GovernanceCommand later = Appoint("oro", "x", v1::GEMEENTEN);
  later.mutable_appoint_member()->set_from_date("2027-01-01");
  Ok(later);
  Ok(Schedule("oro-1", "oro", "2026-12-01"));
  Ok(Open("oro-1"));
  Ok(Attend("oro-1", "g1"));
  Ok(Attend("oro-1", "c1"));
  Ok(Submit("p", "oro", {"Adopt the KPI"}));
  Ok(AddItem("oro-1", "1", "p", "g1"));
  const std::string not_yet =
      "member \"x\" sits in body \"oro\" from 2027-01-01, after the meeting of 2026-12-01";
  Refused(Vote("oro-1", "1", 1, "x", v1::FOR), not_yet);
  Refused(Attend("oro-1", "x"), not_yet);
  Refused(Substitute("oro-1", "x", "sx"), not_yet);

  // From the from_date on, the member sits: attends, votes, sends a
  // substitute.
  Ok(Schedule("oro-2", "oro", "2027-01-01"));
  Ok(Open("oro-2"));
  Ok(Attend("oro-2", "g1"));
  Ok(Attend("oro-2", "x"));
  Ok(Submit("p2", "oro", {"Report monthly"}));
  Ok(AddItem("oro-2", "1", "p2", "g1"));
  Ok(Vote("oro-2", "1", 1, "x", v1::FOR));
  Ok(Schedule("oro-3", "oro", "2027-02-01"));
  Ok(Substitute("oro-3", "x", "sx"));
  // Without a from_date a member sits from the appointment, whatever the
  // meeting's date (today's behaviour).
  Ok(Schedule("oro-0", "oro", "2020-01-01"));
  Ok(Attend("oro-0", "g1"));
}

TEST_F(GovernanceCommandsTest, VotesNeedAnOpenMeetingAnAgendaItemAndARealPoint) {
  OroMeetingWithProposal();
  Refused(Vote("oro-1", "9", 1, "g1", v1::FOR), "not on the agenda");
  Refused(Vote("oro-1", "1", 3, "g1", v1::FOR), "no decision point 3");
  Refused(Vote("oro-1", "1", 1, "g1", v1::VOTE_CHOICE_UNSPECIFIED),
          "choice is required: for, against or abstain", absl::StatusCode::kInvalidArgument);
  Ok(Schedule("oro-2", "oro", "2026-04-14"));
  Ok(AddItem("oro-2", "1", "p", "g1"));
  Refused(Vote("oro-2", "1", 1, "g1", v1::FOR), "not open yet");
  Ok(testing::Close("oro-1"));
  Refused(Vote("oro-1", "1", 1, "g1", v1::FOR), "is closed");
}

TEST_F(GovernanceCommandsTest, TheLastVoteCountsAndBothStayInTheHistory) {
  OroMeetingWithProposal();
  Ok(Vote("oro-1", "1", 1, "g1", v1::AGAINST));
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));  // Changed their mind.
  Ok(Vote("oro-1", "1", 1, "g2", v1::FOR));
  Ok(Vote("oro-1", "1", 1, "c1", v1::FOR));
  Ok(Vote("oro-1", "1", 2, "c2", v1::AGAINST));
  const v1::DecisionTaken decision = DecisionOf(Ok(Decide("oro-1", "1")));
  ASSERT_EQ(decision.outcomes_size(), 2);
  EXPECT_EQ(decision.outcomes(0).outcome(), v1::ADOPTED);
  EXPECT_EQ(decision.outcomes(0).votes_for(), 3u);
  EXPECT_EQ(decision.outcomes(0).votes_against(), 0u);
  EXPECT_EQ(decision.outcomes(1).outcome(), v1::REJECTED);
  EXPECT_EQ(decision.outcomes(0).voting_members(), 4u) << "advisers excluded";
  EXPECT_THAT(decision.outcomes(0).counted_members(), ElementsAre("c1", "g1", "g2"));
  EXPECT_THAT(decision.outcomes(1).counted_members(), ElementsAre("c2"));
  EXPECT_EQ(decision.rule(), v1::MAJORITY);
  EXPECT_EQ(decision.date(), "2026-03-10");
  absl::StatusOr<StreamPage> meeting = log_->ReadStream("meeting/oro-1", 0, false, 0);
  int votes_by_g1 = 0;
  for (const v1::Event& e : meeting->events) {
    if (e.event_type() == "VoteCast" &&
        core::DecodeGovernanceEvent(e)->vote_cast().member_id() == "g1") {
      ++votes_by_g1;
    }
  }
  EXPECT_EQ(votes_by_g1, 2) << "both votes stay in the history";
}

// Votes and objections of seats not filled at the meeting never count, in
// any rule, even where a history recorded before the attendance rule holds
// them (written here straight into the log, as they were then).
TEST_F(GovernanceCommandsTest, StoredVotesOfAbsentMembersAreNotCountedInAnyRule) {
  struct Case {
    v1::DecisionRule rule;
    v1::VoteChoice g1, g2, c1, absent_c2;
    v1::Outcome outcome;
    uint32_t votes_for, votes_against;
  };
  const std::vector<Case> cases = {
      {v1::CONSENSUS, v1::FOR, v1::FOR, v1::FOR, v1::AGAINST, v1::ADOPTED, 3, 0},
      {v1::MAJORITY, v1::FOR, v1::ABSTAIN, v1::AGAINST, v1::AGAINST, v1::NO_AGREEMENT, 1, 1},
      {v1::MAJORITY_PLUS_ONE, v1::FOR, v1::FOR, v1::AGAINST, v1::FOR, v1::NO_AGREEMENT, 2, 1},
  };
  for (const Case& c : cases) {
    const std::string body = absl::StrCat("body-", c.rule);
    const std::string meeting = absl::StrCat("m-", c.rule);
    SCOPED_TRACE(body);
    Ok(Establish({.id = body, .kind = v1::OTHER_BODY, .rule = c.rule}));
    for (const char* m : {"g1", "g2"}) Ok(Appoint(body, m, v1::GEMEENTEN));
    for (const char* m : {"c1", "c2"}) Ok(Appoint(body, m, v1::COMBINATIES));
    Ok(Schedule(meeting, body, "2026-03-10"));
    Ok(Open(meeting));
    for (const char* m : {"g1", "g2", "c1"}) Ok(Attend(meeting, m));
    Ok(Attend(meeting, "c2", false));
    Ok(Submit(absl::StrCat("p-", c.rule), body, {"x"}));
    Ok(AddItem(meeting, "1", absl::StrCat("p-", c.rule), "g1"));
    Ok(Vote(meeting, "1", 1, "g1", c.g1));
    Ok(Vote(meeting, "1", 1, "g2", c.g2));
    Ok(Vote(meeting, "1", 1, "c1", c.c1));
    v1::GovernanceEvent vote;
    vote.mutable_vote_cast()->set_meeting_id(meeting);
    vote.mutable_vote_cast()->set_item_id("1");
    vote.mutable_vote_cast()->set_proposal_id(absl::StrCat("p-", c.rule));
    vote.mutable_vote_cast()->set_decision_point(1);
    vote.mutable_vote_cast()->set_member_id("c2");
    vote.mutable_vote_cast()->set_voter_id("c2");
    vote.mutable_vote_cast()->set_choice(c.absent_c2);
    v1::GovernanceEvent objection;
    objection.mutable_objection_recorded()->set_meeting_id(meeting);
    objection.mutable_objection_recorded()->set_item_id("1");
    objection.mutable_objection_recorded()->set_decision_point(1);
    objection.mutable_objection_recorded()->set_member_id("c2");
    objection.mutable_objection_recorded()->set_voter_id("c2");
    v1::StreamAppend legacy;
    legacy.set_stream_id(core::MeetingStream(meeting));
    *legacy.add_events() = core::EncodeGovernanceEvent(vote, "c2");
    *legacy.add_events() = core::EncodeGovernanceEvent(objection, "c2");
    ASSERT_TRUE(log_->Append(legacy).ok());

    const v1::PointOutcome outcome = DecisionOf(Ok(Decide(meeting, "1"))).outcomes(0);
    EXPECT_EQ(outcome.outcome(), c.outcome);
    EXPECT_EQ(outcome.votes_for(), c.votes_for);
    EXPECT_EQ(outcome.votes_against(), c.votes_against);
    EXPECT_EQ(outcome.objections(), 0u);
    EXPECT_EQ(outcome.voting_members_present(), 3u);
  }
}

// A member who voted and resigned before the decision no longer holds the
// seat: the vote stays in the history, but the decision neither counts it
// nor names it among the votes it counted (a besluitenlijst lists those).
TEST_F(GovernanceCommandsTest, TheDecisionNamesTheVotesItCounted) {
  OroMeetingWithProposal();
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));
  Ok(Vote("oro-1", "1", 1, "g2", v1::FOR));
  Ok(Vote("oro-1", "1", 1, "c1", v1::AGAINST));
  v1::GovernanceCommand resign;
  resign.mutable_resign_member()->set_body_id("oro");
  resign.mutable_resign_member()->set_member_id("g2");
  Ok(resign);
  const v1::PointOutcome outcome = DecisionOf(Ok(Decide("oro-1", "1"))).outcomes(0);
  EXPECT_EQ(outcome.votes_for(), 1u);
  EXPECT_EQ(outcome.votes_against(), 1u);
  EXPECT_THAT(outcome.counted_members(), ElementsAre("c1", "g1"));
}

TEST_F(GovernanceCommandsTest, NothingIsRecordedOnAnItemAfterItsDecision) {
  OroMeetingWithProposal();
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));
  Ok(Decide("oro-1", "1"));
  Refused(Vote("oro-1", "1", 1, "g2", v1::FOR), "decision on item \"1\" has been taken");
  Refused(Vote("oro-1", "1", 1, "g1", v1::AGAINST), "has been taken");
  Refused(Object("oro-1", "1", 1, "c1"), "has been taken");
  Refused(Decide("oro-1", "1"), "taken already");
  v1::GovernanceCommand amend;
  amend.mutable_withdraw_proposal()->set_proposal_id("p");
  Refused(amend, "has been decided on");
}

TEST_F(GovernanceCommandsTest, MajorityNeedsAQuorum) {
  OroMeetingWithProposal();
  Ok(Schedule("oro-2", "oro", "2026-04-14"));
  Ok(Open("oro-2"));
  Ok(Attend("oro-2", "g1"));
  Ok(Submit("q", "oro", {"x"}));
  Ok(AddItem("oro-2", "1", "q", "g1"));
  Ok(Vote("oro-2", "1", 1, "g1", v1::FOR));
  Refused(Decide("oro-2", "1"), "quorum rule: at least half of the 4 voting members");
}

TEST_F(GovernanceCommandsTest, AgendaItemsComeFromMembersOrThroughTheOro) {
  OroMeetingWithProposal();
  Ok(Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS, .agenda_via = "oro"}));
  Ok(Appoint("sbo", "w1", v1::GEMEENTEN));
  Ok(Schedule("sbo-1", "sbo", "2026-05-01"));
  Ok(Submit("s", "sbo", {"Amend the agreement"}));
  Refused(AddItem("sbo-1", "1", "s", "w1"), "come in through \"oro\"");
  Ok(AddItem("sbo-1", "1", "s", "oro"));
  Ok(Submit("o", "oro", {"x"}));
  Refused(AddItem("oro-1", "2", "o", "stranger"), "come from its own members and chair");
  Refused(AddItem("oro-1", "2", "s", "g1"), "only by escalation");
  Ok(AddItem("oro-1", "2", "o", "g2"));
  Refused(AddItem("oro-1", "2", "o", "g2"), "has an item \"2\" already");
}

TEST_F(GovernanceCommandsTest, EscalationFollowsTheChainOnlyForNoAgreement) {
  Ok(Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS, .agenda_via = "oro"}));
  OroMeetingWithProposal();
  Ok(Establish(
      {.id = "stuurgroep", .kind = v1::STUURGROEP_GEMEENTEN, .rule = v1::MAJORITY_PLUS_ONE}));
  Ok(Schedule("sg-1", "stuurgroep", "2026-05-01"));
  Ok(Schedule("sbo-1", "sbo", "2026-05-01"));

  // An undecided item does not escalate.
  Refused(Escalate("e1", "oro-1", "1", "sbo-1", "1"), "ended in \"no agreement\"");
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));
  Ok(Vote("oro-1", "1", 2, "g1", v1::FOR));
  Ok(Decide("oro-1", "1"));
  // Neither does an adopted one.
  Refused(Escalate("e1", "oro-1", "1", "sbo-1", "1"), "ended in \"no agreement\"");

  Ok(Submit("tie", "oro", {"Contested KPI"}));
  Ok(AddItem("oro-1", "2", "tie", "g1"));
  Ok(Vote("oro-1", "2", 1, "g1", v1::FOR));
  Ok(Vote("oro-1", "2", 1, "c1", v1::AGAINST));
  EXPECT_EQ(DecisionOf(Ok(Decide("oro-1", "2"))).outcomes(0).outcome(), v1::NO_AGREEMENT);
  Refused(Escalate("e1", "oro-1", "2", "sbo-1", "1"), "end of its escalation chain");

  v1::GovernanceCommand change;
  change.mutable_change_body()->set_body_id("oro");
  v1::BodyConfig* config = change.mutable_change_body()->mutable_config();
  config->set_name("ORO");
  config->set_kind(v1::ORO);
  config->set_decision_rule(v1::MAJORITY);
  config->set_escalation_target("sbo");
  Ok(change);
  Refused(Escalate("e1", "oro-1", "2", "sg-1", "1"), "escalates to \"sbo\"");
  const v1::CommandResult escalated = Ok(Escalate("e1", "oro-1", "2", "sbo-1", "1"));
  ASSERT_EQ(escalated.events_size(), 2);
  const v1::EscalationRaised& raised = escalated.events(0).escalation_raised();
  EXPECT_EQ(raised.from_body_id(), "oro");
  EXPECT_EQ(raised.to_body_id(), "sbo");
  EXPECT_THAT(raised.decision_points(), ::testing::ElementsAre(1u));
  const v1::AgendaItemAdded& item = escalated.events(1).agenda_item_added();
  EXPECT_EQ(item.meeting_id(), "sbo-1");
  EXPECT_EQ(item.escalation_id(), "e1");
  EXPECT_EQ(item.origin_meeting_id(), "oro-1");
  EXPECT_EQ(item.origin_item_id(), "2");
  EXPECT_EQ(item.submitted_by(), "oro");
  Refused(Escalate("e2", "oro-1", "2", "sbo-1", "2"), "escalated already");
}

TEST_F(GovernanceCommandsTest, WorkingGroupsAreSetUpByTheOroWithALinkingPinAndBothSides) {
  OroMeetingWithProposal();
  Ok(Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS}));
  v1::GovernanceCommand c;
  v1::EstablishWorkingGroup* wg = c.mutable_establish_working_group();
  wg->set_body_id("wg-kpi");
  wg->set_parent_body_id("sbo");
  wg->set_name("Werkgroep KPI");
  wg->set_assignment("Propose KPI definitions");
  wg->set_report_due("2026-06-30");
  auto add = [&](const std::string& id, v1::Side side, bool pin) {
    v1::WorkingGroupMember* m = wg->add_members();
    m->set_member_id(id);
    m->set_name("Name of " + id);
    m->set_side(side);
    m->set_linking_pin(pin);
  };
  add("expert-g", v1::GEMEENTEN, false);
  Refused(c, "set up by the ORO");
  wg->set_parent_body_id("oro");
  Refused(c, "at least one ORO member as linking pin");
  add("adviser-not-member", v1::NEUTRAL, true);
  wg->mutable_members()->RemoveLast();
  add("outsider", v1::COMBINATIES, true);
  Refused(c, "linking pin \"outsider\" must be a sitting member of the ORO");
  wg->mutable_members()->RemoveLast();
  add("g1", v1::GEMEENTEN, true);
  Refused(c, "at least one member from each side");
  add("expert-c", v1::COMBINATIES, false);
  const v1::CommandResult result = Ok(c);
  EXPECT_EQ(result.events_size(), 2 + 3) << "established, set up, 3 members";
  v1::GovernanceCommand report;
  report.mutable_report_working_group()->set_body_id("wg-kpi");
  report.mutable_report_working_group()->set_report("Definitions agreed");
  report.mutable_report_working_group()->set_reported_on("2026-06-15");
  Ok(report);
  Refused(report, "has reported already");
}

TEST_F(GovernanceCommandsTest, MembersLeaveWithAHandoverAndMinutesAreAdoptedOnce) {
  OroMeetingWithProposal();
  Ok(Appoint("oro", "g3", v1::GEMEENTEN));
  v1::GovernanceCommand resign;
  resign.mutable_resign_member()->set_body_id("oro");
  resign.mutable_resign_member()->set_member_id("g1");
  v1::GovernanceCommand handover;
  handover.mutable_note_handover()->set_body_id("oro");
  handover.mutable_note_handover()->set_from_member_id("g1");
  handover.mutable_note_handover()->set_to_member_id("g3");
  handover.mutable_note_handover()->set_notes("Dossiers and contacts handed over");
  Ok(resign);
  Refused(resign, "not a sitting member");
  Ok(handover);
  Refused(Vote("oro-1", "1", 1, "g1", v1::FOR), "neither a sitting member");

  v1::GovernanceCommand minutes;
  minutes.mutable_adopt_minutes()->set_meeting_id("oro-2");
  minutes.mutable_adopt_minutes()->set_minutes_of_meeting_id("oro-1");
  Ok(Schedule("oro-2", "oro", "2026-04-14"));
  Ok(Open("oro-2"));
  Refused(minutes, "must be closed");
  Ok(testing::Close("oro-1"));
  Ok(minutes);
  Refused(minutes, "adopted already");
}

TEST_F(GovernanceCommandsTest, ProposalsChangeOnlyUntilDecidedAndEscalationsResolveOnce) {
  OroMeetingWithProposal();
  v1::GovernanceCommand amend;
  v1::AmendProposal* a = amend.mutable_amend_proposal();
  a->set_proposal_id("p");
  a->set_title("Proposal p, amended");
  v1::DecisionPoint* point = a->add_decision_points();
  point->set_number(1);
  point->set_text("Adopt the KPI, amended");
  const v1::CommandResult amended = Ok(amend);
  EXPECT_EQ(amended.events(0).proposal_amended().title(), "Proposal p, amended");
  // The amended proposal has one decision point left.
  Refused(Vote("oro-1", "1", 2, "g1", v1::FOR), "no decision point 2");
  Ok(Submit("w", "oro", {"x"}));
  v1::GovernanceCommand withdraw;
  withdraw.mutable_withdraw_proposal()->set_proposal_id("w");
  withdraw.mutable_withdraw_proposal()->set_reason("superseded");
  Ok(withdraw);
  Refused(withdraw, "has been withdrawn");
  Refused(AddItem("oro-1", "9", "w", "g1"), "has been withdrawn");

  v1::GovernanceCommand resolve;
  resolve.mutable_resolve_escalation()->set_proposal_id("p");
  resolve.mutable_resolve_escalation()->set_escalation_id("e9");
  resolve.mutable_resolve_escalation()->set_resolution("settled");
  Refused(resolve, "has no escalation \"e9\"");
}

TEST_F(GovernanceCommandsTest, ConcurrentVotesOnOneMeetingAllLand) {
  OroMeetingWithProposal();
  std::vector<std::thread> voters;
  for (const char* member : {"g1", "g2", "c1", "c2"}) {
    voters.emplace_back([this, member] {
      for (uint32_t point : {1u, 2u}) {
        absl::StatusOr<v1::CommandResult> result =
            commands_->Execute(Vote("oro-1", "1", point, member, v1::FOR));
        EXPECT_TRUE(result.ok()) << result.status();
      }
    });
  }
  for (std::thread& voter : voters) voter.join();
  const v1::DecisionTaken decision = DecisionOf(Ok(Decide("oro-1", "1")));
  EXPECT_EQ(decision.outcomes(0).votes_for(), 4u);
  EXPECT_EQ(decision.outcomes(1).votes_for(), 4u);
}

// A command's cost must not grow with the streams it reads: once a
// stream's state is known at a version, a command reads only the events
// after it (none, when it is the only writer), however long the stream is.
TEST_F(GovernanceCommandsTest, AVoteReadsOnlyWhatCameAfterTheStateItKnows) {
  OroMeetingWithProposal();
  const char* members[] = {"g1", "g2", "c1", "c2"};
  for (int i = 0; i < 300; ++i) {  // Votes change: the stream grows.
    Ok(Vote("oro-1", "1", 1 + i % 2, members[i % 4], i % 3 == 0 ? v1::AGAINST : v1::FOR));
  }
  const uint64_t before = commands_->events_folded();
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));
  EXPECT_LE(commands_->events_folded() - before, 2u) << "a vote re-read the meeting's 300+ events";

  // Another handler on the same log (as after a restart) reads each stream
  // once, on first use, and from then on only what is new.
  GovernanceCommands restarted(log_.get(), &clock_);
  ASSERT_TRUE(restarted.Execute(Vote("oro-1", "1", 2, "g2", v1::FOR)).ok());
  const uint64_t warm = restarted.events_folded();
  EXPECT_GT(warm, 300u);
  // The first handler wrote after the second read: read that, nothing else.
  Ok(Vote("oro-1", "1", 2, "c1", v1::AGAINST));
  ASSERT_TRUE(restarted.Execute(Vote("oro-1", "1", 2, "c2", v1::FOR)).ok());
  EXPECT_LE(restarted.events_folded() - warm, 2u);
  const v1::DecisionTaken decision = DecisionOf(Ok(Decide("oro-1", "1")));
  EXPECT_EQ(decision.outcomes(1).votes_against(), 1u);  // c1 changed theirs.
}

// Every field of a state, as text, to compare a cached state with a fold.
std::string Describe(const BodyState& s) {
  std::string text = absl::StrCat("v", s.version, " ", s.body_id, " ", s.config.ShortDebugString(),
                                  " wg ", s.working_group.ShortDebugString(), " r", s.reported);
  for (const auto& [id, m] : s.members) {
    absl::StrAppend(&text, "\n", id, " ", m.active, " ", m.appointment.ShortDebugString());
  }
  return text;
}

std::string Describe(const MeetingState& s) {
  std::string text = absl::StrCat("v", s.version, " ", s.scheduled.ShortDebugString(), " ",
                                  static_cast<int>(s.status), " minutes ", s.minutes_adopted);
  for (const auto& [id, present] : s.attendance) absl::StrAppend(&text, "\n", id, "=", present);
  for (const auto& [id, sub] : s.substitutes) {
    absl::StrAppend(&text, "\n", id, " by ", sub.ShortDebugString());
  }
  for (const auto& [id, item] : s.items) {
    absl::StrAppend(&text, "\nitem ", id, " ", item.added.ShortDebugString());
    for (const auto& [seat, vote] : item.votes) {
      absl::StrAppend(&text, "\n  ", seat.first, "/", seat.second, " ", vote.ShortDebugString());
    }
    for (const auto& [seat, objection] : item.objections) {
      absl::StrAppend(&text, "\n  ", seat.first, "/", seat.second, " ",
                      objection.ShortDebugString());
    }
  }
  return text;
}

std::string Describe(const ProposalState& s) {
  std::string text =
      absl::StrCat("v", s.version, " ", s.submitted.ShortDebugString(), " w", s.withdrawn);
  for (const auto& d : s.decisions) absl::StrAppend(&text, "\n", d.ShortDebugString());
  for (const auto& [id, e] : s.escalations) absl::StrAppend(&text, "\n", e.ShortDebugString());
  for (const auto& id : s.resolved_escalations) absl::StrAppend(&text, "\nresolved ", id);
  for (const auto& m : s.ratification_requested_from) absl::StrAppend(&text, "\nask ", m);
  for (const auto& [m, d] : s.college_decisions) absl::StrAppend(&text, "\n", d.ShortDebugString());
  for (const auto& [id, r] : s.zienswijze_requests) {
    absl::StrAppend(&text, "\n", r.ShortDebugString());
  }
  for (const auto& [r, c] : s.zienswijzen) absl::StrAppend(&text, "\n", r, "/", c);
  return text;
}

class CachedStateTest : public GovernanceCommandsTest {
 protected:
  // The state the handler keeps for `stream` equals one folded from the
  // log's events from scratch.
  template <typename State>
  void ExpectCachedIsTheFold(const std::string& stream) {
    SCOPED_TRACE(stream);
    std::optional<State> cached = commands_->CachedForTesting<State>(stream);
    ASSERT_TRUE(cached.has_value()) << "never read";
    absl::StatusOr<State> fold = governance::FoldFromScratch<State>(*log_, stream);
    ASSERT_TRUE(fold.ok()) << fold.status();
    EXPECT_EQ(Describe(*cached), Describe(*fold));
  }

  void ExpectAllCachedAreTheFold() {
    ExpectCachedIsTheFold<BodyState>(core::BodyStream("oro"));
    ExpectCachedIsTheFold<MeetingState>(core::MeetingStream("oro-1"));
    ExpectCachedIsTheFold<ProposalState>(core::ProposalStream("p"));
    ExpectCachedIsTheFold<ProposalState>(core::ProposalStream("q"));
  }

  // As above, for the streams the cache still holds.
  void ExpectAllCachedAreTheFoldOrUncached() {
    if (commands_->CachedForTesting<BodyState>(core::BodyStream("oro"))) {
      ExpectCachedIsTheFold<BodyState>(core::BodyStream("oro"));
    }
    if (commands_->CachedForTesting<MeetingState>(core::MeetingStream("oro-1"))) {
      ExpectCachedIsTheFold<MeetingState>(core::MeetingStream("oro-1"));
    }
    for (const char* p : {"p", "q"}) {
      if (commands_->CachedForTesting<ProposalState>(core::ProposalStream(p))) {
        ExpectCachedIsTheFold<ProposalState>(core::ProposalStream(p));
      }
    }
  }
};

// A property over a random mix of acts, accepted and refused (votes by
// people without a seat, absences while a vote stands, decisions, new
// members, re-votes, objections): after each stretch, every cached state is
// the fold from scratch.
TEST_F(CachedStateTest, TheCachedStateIsTheFoldOfTheLogAfterAnyMixOfActs) {
  OroMeetingWithProposal();
  Ok(Submit("q", "oro", {"one", "two", "three"}));
  Ok(AddItem("oro-1", "2", "q", "g1"));
  std::mt19937 random(15);
  const char* people[] = {"g1", "g2", "c1", "c2", "adviser", "secretary", "outsider"};
  int accepted = 0, refused = 0;
  for (int i = 1; i <= 600; ++i) {
    const std::string person = people[random() % 7];
    const std::string item = random() % 2 == 0 ? "1" : "2";
    const uint32_t point = 1 + random() % 3;
    const int dice = random() % 100;
    v1::GovernanceCommand command;
    if (dice < 60) {
      command = Vote("oro-1", item, point, person, random() % 3 == 0 ? v1::AGAINST : v1::FOR);
    } else if (dice < 72) {
      command = Attend("oro-1", person, random() % 3 != 0);
    } else if (dice < 82) {
      command = Object("oro-1", item, point, person);
    } else if (dice < 90) {
      command = Appoint("oro", absl::StrCat("new-", i), v1::GEMEENTEN);
    } else if (dice < 92 && i > 400) {
      command = Decide("oro-1", item);
    } else {
      command = Substitute("oro-1", person, absl::StrCat("sub-", i));
    }
    (commands_->Execute(command).ok() ? accepted : refused)++;
    if (i % 100 == 0) ExpectAllCachedAreTheFold();
  }
  // Both kinds happened, so both paths were compared.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(refused, 50);
}

// Refused commands on streams the log does not hold (random meeting,
// body and proposal ids, as a hostile caller would send) leave nothing in
// the cache: its size stays what it was, however many there are.
TEST_F(CachedStateTest, RefusalsOnUnknownStreamsLeaveTheCacheAsItWas) {
  OroMeetingWithProposal();
  const size_t before = commands_->cached_streams();
  ASSERT_GT(before, 0u);
  std::mt19937 random(7);
  for (int i = 0; i < 3000; ++i) {
    const std::string id = absl::StrCat("unknown-", random());
    v1::GovernanceCommand command;
    switch (i % 4) {
      case 0:
        command = Vote(id, "1", 1, "g1", v1::FOR);
        break;
      case 1:
        command = Appoint(id, "g9", v1::GEMEENTEN);
        break;
      case 2:
        command = AddItem("oro-1", absl::StrCat("i", i), id, "g1");
        break;
      default:
        command = Schedule(absl::StrCat("m-", id), id, "2026-03-10");
    }
    absl::StatusOr<v1::CommandResult> result = commands_->Execute(command);
    ASSERT_FALSE(result.ok()) << command.DebugString();
  }
  EXPECT_EQ(commands_->cached_streams(), before);
  ExpectAllCachedAreTheFoldOrUncached();
}

// With the cache bounded to a few idle streams, the ones used least
// recently are dropped and rebuilt from the log on next use: every command
// still decides as the log says.
TEST_F(CachedStateTest, EvictedStreamsAreRebuiltFromTheLog) {
  commands_ = std::make_unique<GovernanceCommands>(log_.get(), &clock_, /*max_idle_streams=*/2);
  OroMeetingWithProposal();
  Ok(Submit("q", "oro", {"one", "two"}));
  for (int i = 0; i < 20; ++i) Ok(Schedule(absl::StrCat("later-", i), "oro", "2026-04-01"));
  EXPECT_LE(commands_->cached_streams(), 2u);
  // oro-1, p and oro were evicted long ago.
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));
  Refused(Vote("oro-1", "1", 9, "g1", v1::FOR), "has no decision point 9");
  Refused(Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY}),
          "body \"oro\" is established already");
  Refused(Schedule("later-3", "oro", "2026-04-02"), "meeting \"later-3\" is scheduled already");
  for (const char* m : {"g2", "c1", "c2"}) Ok(Vote("oro-1", "1", 1, m, v1::FOR));
  Ok(Vote("oro-1", "1", 2, "g1", v1::FOR));
  EXPECT_LE(commands_->cached_streams(), 2u);
  ExpectAllCachedAreTheFoldOrUncached();
}

// The cache never holds state from an append that failed: with the log
// refusing writes, a vote decided on the cached state is not appended, and
// the cached meeting stays what the log holds.
TEST_F(CachedStateTest, NothingOfAFailedAppendIsCached) {
  OroMeetingWithProposal();
  Ok(Submit("q", "oro", {"one"}));
  Ok(Vote("oro-1", "1", 1, "g1", v1::FOR));
  log_->ReportDamage({.position = 1, .problem = "test", .found_by = "this test"});
  absl::StatusOr<v1::CommandResult> vote =
      commands_->Execute(Vote("oro-1", "1", 1, "g2", v1::AGAINST));
  ASSERT_FALSE(vote.ok());
  std::optional<MeetingState> meeting =
      commands_->CachedForTesting<MeetingState>(core::MeetingStream("oro-1"));
  ASSERT_TRUE(meeting.has_value());
  EXPECT_EQ(meeting->items.at("1").votes.count({1, "g2"}), 0u);
  ExpectCachedIsTheFold<MeetingState>(core::MeetingStream("oro-1"));
}

// Recording an absence reads the proposal of every item on the agenda (a
// standing vote forbids it), so one command holds many streams at once.
TEST_F(GovernanceCommandsTest, AnAbsenceInAMeetingOfManyItemsReadsEveryItem) {
  OroMeetingWithProposal();
  for (int i = 2; i <= 60; ++i) {
    Ok(Submit(absl::StrCat("p", i), "oro", {"one"}));
    Ok(AddItem("oro-1", absl::StrCat(i), absl::StrCat("p", i), "g1"));
  }
  Ok(Vote("oro-1", "60", 1, "c1", v1::FOR));
  Refused(Attend("oro-1", "c1", false), "while their vote stands");
  Ok(Attend("oro-1", "c2", false));
}

}  // namespace
}  // namespace besluitlog::ledger
