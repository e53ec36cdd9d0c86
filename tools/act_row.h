// ActRow: one governance act as a row people read (the CSV export, the
// HTML appendix, the votes export), every cell already text. A plain value.
#ifndef BESLUITLOG_TOOLS_ACT_ROW_H_
#define BESLUITLOG_TOOLS_ACT_ROW_H_

#include <cstdint>
#include <string>

namespace besluitlog::tools {

struct ActRow {
  uint64_t position = 0;
  std::string recorded;  // "YYYY-MM-DD HH:MM:SS" in Europe/Amsterdam.
  std::string date;      // "YYYY-MM-DD" in Europe/Amsterdam.
  std::string body;
  std::string meeting;
  std::string act;  // The event type.
  std::string actor;
  std::string subject;  // Proposal title or id, member, meeting...
  // In Dutch: per decision point ("punt 1: aangenomen (voor 2, ...)"), a
  // vote's choice ("voor"), a College decision ("College van Dordrecht:
  // bekrachtigd op ..., in werking per 1 januari 2027"); act_labels.h.
  std::string outcome;
  std::string hash;  // Lower-case hex.
  // Votes, objections and decisions: where on the agenda.
  std::string meeting_date;  // The date the meeting was scheduled for.
  std::string item;
  std::string point;       // The decision point's number.
  std::string point_text;  // Its text as last submitted or amended.
  // Votes and objections: whose seat ("Name (member id)") and who voted
  // (the member, or the substitute named for them).
  std::string seat;
  std::string voter;
  std::string represents;  // The seat's municipality, combinatie or organisation.
  // Attendance and decisions: the names recorded present and absent (a
  // decision: everyone recorded at its meeting so far, "; "-separated).
  std::string present;
  std::string absent;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_ACT_ROW_H_
