#include "ledger/access_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/governance_builders.h"

namespace besluitlog::ledger {
namespace {

using ::testing::HasSubstr;

TEST(AccessPolicyTest, RoleNamesRoundTripAndUnknownOnesAreNamed) {
  for (Role role :
       {Role::kAdmin, Role::kSecretariaat, Role::kMember, Role::kAuditor, Role::kClient}) {
    absl::StatusOr<Role> parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, role);
  }
  absl::StatusOr<Role> unknown = ParseRole("wethouder");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("\"wethouder\""));
}

TEST(AccessPolicyTest, EveryActBelongsToTheRoleThatRecordsIt) {
  using C = v1::GovernanceCommand;
  for (C::CommandCase act : {C::kEstablishBody, C::kChangeBody, C::kAppointMember, C::kResignMember,
                             C::kNoteHandover, C::kEstablishWorkingGroup}) {
    EXPECT_EQ(RoleForCommand(act), Role::kAdmin) << act;
  }
  for (C::CommandCase act : {C::kCastVote, C::kRecordObjection}) {
    EXPECT_EQ(RoleForCommand(act), Role::kMember) << act;
  }
  for (C::CommandCase act :
       {C::kScheduleMeeting, C::kOpenMeeting, C::kCloseMeeting, C::kRecordAttendance,
        C::kNameSubstitute, C::kAdoptMinutes, C::kSubmitProposal, C::kAmendProposal,
        C::kWithdrawProposal, C::kAddAgendaItem, C::kTakeDecision, C::kRaiseEscalation,
        C::kResolveEscalation, C::kRequestRatification, C::kRecordCollegeDecision,
        C::kRequestZienswijze, C::kSubmitZienswijze, C::kReportWorkingGroup}) {
    EXPECT_EQ(RoleForCommand(act), Role::kSecretariaat) << act;
  }
}

TEST(AccessPolicyTest, OnlyTheRightRoleMayRecordAnAct) {
  const v1::GovernanceCommand establish =
      testing::Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS});
  EXPECT_TRUE(AuthorizeCommand({"beheer", Role::kAdmin}, establish).ok());
  for (Role role : {Role::kSecretariaat, Role::kMember, Role::kAuditor, Role::kClient}) {
    const absl::Status refused = AuthorizeCommand({"someone", role}, establish);
    EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_THAT(refused.message(), HasSubstr("may not record establish_body; that takes the "
                                             "admin role"));
  }
  const v1::GovernanceCommand decide = testing::Decide("sbo-1", "1");
  EXPECT_TRUE(AuthorizeCommand({"griffie", Role::kSecretariaat}, decide).ok());
  EXPECT_EQ(AuthorizeCommand({"beheer", Role::kAdmin}, decide).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AccessPolicyTest, MembersVoteAndObjectOnlyAsThemselves) {
  const v1::GovernanceCommand vote = testing::Vote("sbo-1", "1", 1, "w1", v1::FOR);
  EXPECT_TRUE(AuthorizeCommand({"w1", Role::kMember}, vote).ok());
  const absl::Status as_other = AuthorizeCommand({"w2", Role::kMember}, vote);
  EXPECT_EQ(as_other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(as_other.message(), HasSubstr("w2 may vote and object only as w2, not as \"w1\""));
  const v1::GovernanceCommand objection = testing::Object("sbo-1", "1", 1, "w1");
  EXPECT_TRUE(AuthorizeCommand({"w1", Role::kMember}, objection).ok());
  EXPECT_FALSE(AuthorizeCommand({"w2", Role::kMember}, objection).ok());
  // The secretariaat does not vote on anyone's behalf.
  EXPECT_FALSE(AuthorizeCommand({"w1", Role::kSecretariaat}, vote).ok());
}

TEST(AccessPolicyTest, RawAppendsStayOutOfTheGovernanceStreams) {
  v1::StreamAppend append;
  for (const char* stream : {"body/sbo", "meeting/sbo-1", "proposal/kpi"}) {
    append.set_stream_id(stream);
    const absl::Status refused = AuthorizeRawAppend(append);
    EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied) << stream;
    EXPECT_THAT(refused.message(), HasSubstr("written through the GovernanceService only"));
  }
  for (const char* stream : {"sbo/2026-01", "bodies/x", "notes"}) {
    append.set_stream_id(stream);
    EXPECT_TRUE(AuthorizeRawAppend(append).ok()) << stream;
  }
}

}  // namespace
}  // namespace besluitlog::ledger
