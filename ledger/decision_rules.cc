#include "ledger/decision_rules.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace besluitlog::ledger {

namespace {

v1::QuorumRule QuorumOf(v1::DecisionRule rule) {
  switch (rule) {
    case v1::CONSENSUS:
      return v1::BOTH_SIDES_PRESENT;
    case v1::MAJORITY:
      return v1::HALF_OF_VOTING_MEMBERS;
    default:
      return v1::NO_QUORUM;
  }
}

absl::Status CheckQuorum(v1::QuorumRule quorum, const Tally& tally) {
  switch (quorum) {
    case v1::BOTH_SIDES_PRESENT:
      if (tally.gemeenten_present == 0 || tally.combinaties_present == 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("quorum rule: both sides must be present, but ",
                         tally.gemeenten_present == 0 ? "no gemeenten" : "no combinaties",
                         " member with a vote is present"));
      }
      return absl::OkStatus();
    case v1::HALF_OF_VOTING_MEMBERS:
      if (tally.voting_members_present * 2 < tally.voting_members) {
        return absl::FailedPreconditionError(absl::StrCat(
            "quorum rule: at least half of the ", tally.voting_members,
            " voting members must be present, only ", tally.voting_members_present, " are"));
      }
      return absl::OkStatus();
    default:
      return absl::OkStatus();
  }
}

}  // namespace

absl::StatusOr<v1::Outcome> DecideOutcome(v1::DecisionRule rule, v1::QuorumRule quorum,
                                          const Tally& tally) {
  if (rule == v1::CONSENSUS || rule == v1::MAJORITY || rule == v1::MAJORITY_PLUS_ONE) {
    absl::Status quorate =
        CheckQuorum(quorum == v1::QUORUM_OF_THE_RULE ? QuorumOf(rule) : quorum, tally);
    if (!quorate.ok()) return quorate;
  }
  switch (rule) {
    case v1::CONSENSUS: {
      if (tally.votes_against > 0 || tally.objections > 0 || tally.votes_for == 0) {
        return v1::NO_AGREEMENT;
      }
      return v1::ADOPTED;
    }
    case v1::MAJORITY: {
      const uint32_t cast = tally.votes_for + tally.votes_against;
      if (tally.votes_for * 2 > cast) return v1::ADOPTED;
      if (tally.votes_against * 2 > cast) return v1::REJECTED;
      return v1::NO_AGREEMENT;
    }
    case v1::MAJORITY_PLUS_ONE: {
      if (tally.voting_members_present == 0) {
        return absl::FailedPreconditionError("majority + 1: no voting member is present");
      }
      const uint32_t needed = tally.voting_members_present / 2 + 2;
      return tally.votes_for >= needed ? v1::ADOPTED : v1::NO_AGREEMENT;
    }
    default:
      return absl::FailedPreconditionError(
          "the body has no decision rule yet, so it cannot take decisions");
  }
}

}  // namespace besluitlog::ledger
