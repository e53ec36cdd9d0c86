// Records the seed scenario 1 (contract talk -> ORO -> SBO -> Colleges)
// through GovernanceCommands, for tests of what is built from it. The acts
// took place in 2024 and early 2025, so that the history can be recorded on
// any later day (the tests record it on 2025-11-24): a College decision is
// never recorded before the day it is taken.
#ifndef BESLUITLOG_TESTS_TESTING_GOVERNANCE_HISTORY_H_
#define BESLUITLOG_TESTS_TESTING_GOVERNANCE_HISTORY_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/governance/governance_commands.h"
#include "tests/testing/governance_builders.h"

namespace besluitlog::testing {

inline void Must(ledger::governance::GovernanceCommands& commands,
                 const v1::GovernanceCommand& command) {
  absl::StatusOr<v1::CommandResult> result = commands.Execute(command);
  ASSERT_TRUE(result.ok()) << result.status() << "\n" << command.DebugString();
}

// Bodies sbo/oro/cg-a, the KPI dispute escalated twice, adopted by the SBO
// on 2024-11-20, ratified by Dordrecht (2024-12-31) and Zwijndrecht
// (2025-01-01), rejected by Molenlanden.
inline void RecordKpiDispute(ledger::governance::GovernanceCommands& c) {
  Must(c, Establish({.id = "sbo", .kind = v1::SBO, .rule = v1::CONSENSUS, .agenda_via = "oro"}));
  Must(c,
       Establish({.id = "oro", .kind = v1::ORO, .rule = v1::MAJORITY, .escalation_target = "sbo"}));
  Must(c, Establish({.id = "cg-a",
                     .kind = v1::CONTRACTGESPREK,
                     .rule = v1::CONSENSUS,
                     .escalation_target = "oro"}));
  for (const char* m : {"w1", "w2"}) Must(c, Appoint("sbo", m, v1::GEMEENTEN));
  for (const char* m : {"d1", "d2"}) Must(c, Appoint("sbo", m, v1::COMBINATIES));
  for (const char* m : {"r1", "r2"}) Must(c, Appoint("oro", m, v1::GEMEENTEN));
  for (const char* m : {"s1", "s2"}) Must(c, Appoint("oro", m, v1::COMBINATIES));
  Must(c, Appoint("cg-a", "g", v1::GEMEENTEN));
  Must(c, Appoint("cg-a", "p", v1::COMBINATIES));
  Must(c, Submit("kpi", "cg-a", {"Wachttijd-KPI"}, true, "g"));
  Must(c, Schedule("cg-1", "cg-a", "2024-09-15"));
  Must(c, Open("cg-1"));
  Must(c, Attend("cg-1", "g"));
  Must(c, Attend("cg-1", "p"));
  Must(c, AddItem("cg-1", "3", "kpi", "g"));
  Must(c, Vote("cg-1", "3", 1, "g", v1::FOR));
  Must(c, Vote("cg-1", "3", 1, "p", v1::AGAINST));
  Must(c, Decide("cg-1", "3"));
  Must(c, Schedule("oro-1", "oro", "2024-10-07"));
  Must(c, Open("oro-1"));
  for (const char* m : {"r1", "r2", "s1", "s2"}) Must(c, Attend("oro-1", m));
  Must(c, Escalate("e1", "cg-1", "3", "oro-1", "5"));
  Must(c, Vote("oro-1", "5", 1, "r1", v1::FOR));
  Must(c, Vote("oro-1", "5", 1, "s1", v1::AGAINST));
  Must(c, Decide("oro-1", "5"));
  Must(c, Schedule("sbo-1", "sbo", "2024-11-20"));
  Must(c, Open("sbo-1"));
  for (const char* m : {"w1", "w2", "d1", "d2"}) Must(c, Attend("sbo-1", m));
  Must(c, Escalate("e2", "oro-1", "5", "sbo-1", "2"));
  Must(c, Vote("sbo-1", "2", 1, "w1", v1::AGAINST));
  for (const char* m : {"w1", "w2", "d1", "d2"}) {
    Must(c, Vote("sbo-1", "2", 1, m, v1::FOR));  // w1 changes their mind.
  }
  Must(c, Decide("sbo-1", "2"));
  Must(c, RequestRatification("kpi", {"Dordrecht", "Zwijndrecht", "Molenlanden"}));
  Must(c, CollegeDecides("kpi", "Dordrecht", v1::RATIFIED, "2024-12-31"));
  Must(c, CollegeDecides("kpi", "Zwijndrecht", v1::RATIFIED, "2025-01-01"));
  Must(c, CollegeDecides("kpi", "Molenlanden", v1::REJECTED_BY_COLLEGE, "2024-12-20"));
}

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_GOVERNANCE_HISTORY_H_
