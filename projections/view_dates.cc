#include "projections/view_dates.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::projections {

absl::StatusOr<KnownAt> ParseKnownAt(const char* field, const std::string& text) {
  KnownAt known;
  if (text.empty()) return known;
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (!absl::SimpleAtoi(text, &known.position)) {
      return absl::InvalidArgumentError(absl::StrCat(field, " position ", text, " is too large"));
    }
    return known;
  }
  if (text.find('T') != std::string::npos || text.find('t') != std::string::npos) {
    absl::Time time;
    std::string error;
    if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
      known.time = time;
      return known;
    }
  } else if (absl::StatusOr<absl::CivilDay> day = ledger::core::ParseDate(field, text); day.ok()) {
    ASSIGN_OR_RETURN(absl::TimeZone amsterdam, ledger::core::AmsterdamTimeZone());
    known.time = absl::FromCivil(*day + 1, amsterdam) - absl::Microseconds(1);
    return known;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, " \"", text,
      "\" is neither a position (1200), an RFC 3339 instant (2026-01-13T17:00:00+01:00) nor a "
      "date (2026-01-13, the end of that day in Europe/Amsterdam)"));
}

absl::StatusOr<absl::CivilDay> InForceDay(const std::string& in_force_on,
                                          const std::string& on_date, absl::Time now) {
  if (!in_force_on.empty() && !on_date.empty() && in_force_on != on_date) {
    return absl::InvalidArgumentError(
        "in_force_on and its deprecated alias on_date differ; give in_force_on only");
  }
  const std::string& date = in_force_on.empty() ? on_date : in_force_on;
  if (date.empty()) return ledger::core::DayInAmsterdam(now);
  return ledger::core::ParseDate("in_force_on", date);
}

void SplitAgreementsOn(absl::CivilDay day, v1::AgreementsView* view) {
  const std::string on = ledger::core::FormatDate(day);
  google::protobuf::RepeatedPtrField<v1::AgreementInForce> all;
  all.Swap(view->mutable_agreements());
  view->clear_upcoming();
  for (v1::AgreementInForce& a : all) {
    *(a.effective_date() > on ? view->add_upcoming() : view->add_agreements()) = std::move(a);
  }
  view->set_in_force_on(on);
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
