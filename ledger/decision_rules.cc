#include "ledger/decision_rules.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace besluitlog::ledger {

absl::StatusOr<v1::Outcome> DecideOutcome(v1::DecisionRule rule,
                                          const Tally& tally) {
  switch (rule) {
    case v1::CONSENSUS: {
      if (tally.gemeenten_present == 0 || tally.combinaties_present == 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            "quorum rule of consensus: both sides must be present, but ",
            tally.gemeenten_present == 0 ? "no gemeenten" : "no combinaties",
            " member with a vote is present"));
      }
      if (tally.votes_against > 0 || tally.objections > 0 ||
          tally.votes_for == 0) {
        return v1::NO_AGREEMENT;
      }
      return v1::ADOPTED;
    }
    case v1::MAJORITY: {
      if (tally.voting_members_present * 2 < tally.voting_members) {
        return absl::FailedPreconditionError(absl::StrCat(
            "quorum rule of majority: at least half of the ",
            tally.voting_members, " voting members must be present, only ",
            tally.voting_members_present, " are"));
      }
      const uint32_t cast = tally.votes_for + tally.votes_against;
      if (tally.votes_for * 2 > cast) return v1::ADOPTED;
      if (tally.votes_against * 2 > cast) return v1::REJECTED;
      return v1::NO_AGREEMENT;
    }
    case v1::MAJORITY_PLUS_ONE: {
      if (tally.voting_members_present == 0) {
        return absl::FailedPreconditionError(
            "quorum rule of majority + 1: no voting member is present");
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
