// Early-return helpers for absl::Status, which abseil 20220623 does not ship.
#ifndef BESLUITLOG_LEDGER_CORE_STATUS_MACROS_H_
#define BESLUITLOG_LEDGER_CORE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define BESLUITLOG_CONCAT_INNER_(a, b) a##b
#define BESLUITLOG_CONCAT_(a, b) BESLUITLOG_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                   \
  do {                                          \
    ::absl::Status besluitlog_status_ = (expr); \
    if (!besluitlog_status_.ok()) {             \
      return besluitlog_status_;                \
    }                                           \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares x from an OK StatusOr or
// returns its status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(BESLUITLOG_CONCAT_(besluitlog_or_, __LINE__), lhs, expr)

#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) {                             \
    return std::move(tmp).status();            \
  }                                            \
  lhs = *std::move(tmp)

#endif  // BESLUITLOG_LEDGER_CORE_STATUS_MACROS_H_
