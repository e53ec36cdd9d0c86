#include "projections/view_dates.h"

#include <algorithm>

#include "ledger/core/civil_date.h"

namespace besluitlog::projections {

absl::StatusOr<absl::CivilDay> DayOrToday(const char* field, const std::string& date,
                                          absl::Time now) {
  if (date.empty()) return ledger::core::DayInAmsterdam(now);
  return ledger::core::ParseDate(field, date);
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDay(const char* field,
                                                          const std::string& date) {
  if (date.empty()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = ledger::core::ParseDate(field, date);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

void KeepAgreementsInForce(absl::CivilDay day, v1::AgreementsView* view) {
  const std::string on = ledger::core::FormatDate(day);
  auto* agreements = view->mutable_agreements();
  agreements->erase(
      std::remove_if(agreements->begin(), agreements->end(),
                     [&](const v1::AgreementInForce& a) { return a.effective_date() > on; }),
      agreements->end());
}

void KeepRosterOn(absl::CivilDay day, v1::RosterView* view) {
  const std::string on = ledger::core::FormatDate(day);
  auto* members = view->mutable_members();
  members->erase(std::remove_if(members->begin(), members->end(),
                                [&](const v1::RosterMember& m) {
                                  return m.appointed_on() > on ||
                                         (!m.resigned_on().empty() && m.resigned_on() <= on);
                                }),
                 members->end());
  auto* substitutes = view->mutable_substitutes();
  substitutes->erase(std::remove_if(substitutes->begin(), substitutes->end(),
                                    [&](const v1::RosterSubstitute& s) { return s.date() != on; }),
                     substitutes->end());
}

void CountDaysRemaining(absl::CivilDay today, v1::DeadlinesView* view) {
  for (v1::PendingWork& work : *view->mutable_pending()) {
    absl::StatusOr<absl::CivilDay> due = ledger::core::ParseDate("due", work.due());
    if (due.ok()) work.set_days_remaining(static_cast<int32_t>(*due - today));
  }
  std::stable_sort(view->mutable_pending()->begin(), view->mutable_pending()->end(),
                   [](const v1::PendingWork& a, const v1::PendingWork& b) {
                     if (a.due().empty() != b.due().empty()) return b.due().empty();
                     return a.due() < b.due();
                   });
}

}  // namespace besluitlog::projections
