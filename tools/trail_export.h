// The secretariaat's audit trail: each governance act as a row people can
// read, written as CSV for Dutch spreadsheets, and the checks that make an
// exported JSONL trail verifiable offline.
//
// ActDescriber turns events into rows while they stream in position order;
// what each act means (body, meeting, subject, outcome) comes from
// projections/acts, the same code the server's acts index uses.
#ifndef BESLUITLOG_TOOLS_TRAIL_EXPORT_H_
#define BESLUITLOG_TOOLS_TRAIL_EXPORT_H_

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "besluitlog/v1/audit.pb.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/act_describer.h"
#include "projections/acts/act_filter.h"
#include "tools/progress.h"
#include "tools/scratch_act.h"
#include "tools/trusted_keys.h"

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

// The acts an export keeps: projections::acts::ActFilter over rows.
struct TrailFilter : projections::acts::ActFilter {
  using ActFilter::Matches;
  bool Matches(const ActRow& row) const;
};

// Turns events into rows, remembering (per meeting, proposal and member) what
// later acts need: names, decision point texts, attendance. Memory grows with
// the meetings, proposals and members, not with the events.
class ActDescriber {
 public:
  ActRow Describe(const v1::Event& event);
  // The same for a governance event already decoded into `act`.
  ActRow Describe(const v1::Event& event, const v1::GovernanceEvent& act);

 private:
  struct Attendee {
    std::string member_id;
    bool present = false;
  };
  struct MeetingMemory {
    std::string body;
    std::string date;
    std::vector<Attendee> attendance;                           // In the order first recorded.
    absl::flat_hash_map<std::string, std::string> substitutes;  // Id -> name.
  };
  struct Member {
    std::string display;  // "Name (member id)".
    std::string represents;
  };

  // The columns every row has, read from the event alone.
  ActRow EventColumns(const v1::Event& event);
  void Remember(const v1::GovernanceEvent& act);
  const Member* FindMember(const std::string& body, const std::string& member_id) const;
  std::string MemberName(const std::string& body, const std::string& member_id) const;
  void DescribeSeat(const std::string& body, const MeetingMemory* meeting,
                    const std::string& member_id, const std::string& voter_id, ActRow* row) const;
  void DescribePoint(const std::string& proposal_id, uint32_t point, ActRow* row) const;
  void DescribeAttendance(const std::string& body, const MeetingMemory& meeting, ActRow* row) const;

  projections::acts::ActDescriber acts_;
  ScratchAct scratch_;  // Each event's act, decoded without a heap message.
  // The last recorded second, formatted: many events share a second, and
  // formatting a time zone's time is a row's largest single cost.
  int64_t recorded_second_ = -1;
  std::string recorded_text_;
  absl::flat_hash_map<std::string, MeetingMemory> meetings_;
  // Body id -> member id -> member.
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, Member>> members_;
  // Proposal id -> decision point number -> text.
  absl::flat_hash_map<std::string, absl::flat_hash_map<uint32_t, std::string>> points_;
};

// One CSV line (with "\r\n"): cells quoted when they hold the delimiter, a
// quote or a line break, and cells starting with = + - @ (or tab, CR)
// prefixed with ' so that a spreadsheet never runs them as formulas.
std::string CsvLine(const std::vector<std::string>& cells, char delimiter);
// One cell as CsvLine writes it, appended to `line`.
void AppendCsvCell(absl::string_view cell, char delimiter, std::string* line);
std::vector<std::string> CsvHeader();
std::vector<std::string> CsvCells(const ActRow& row);
// CsvLine(CsvCells(row)) appended to `out`, without copying the cells.
void AppendCsvRow(const ActRow& row, char delimiter, std::string* out);
// The UTF-8 byte order mark that makes spreadsheets read UTF-8.
inline constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Text as HTML text or attribute value: & < > " ' as character references.
std::string HtmlEscape(absl::string_view text);
// The same, appended to `out`.
void AppendHtmlEscaped(absl::string_view text, std::string* out);

// Splits CSV text written by CsvLine back into rows (for tests and tools).
std::vector<std::vector<std::string>> ParseCsv(absl::string_view text, char delimiter);

// The first line of a JSONL trail (no newline): the signed checkpoint and
// whether the trail holds every event up to it (cli.TrailLine).
std::string TrailCheckpointLine(const v1::Checkpoint& checkpoint, bool complete);
// Appends one JSONL trail line (no newline) for an event and its proof, in
// protobuf's JSON mapping of cli.TrailLine: the event's bytes in lower-case
// hex, beside them its payload decoded ("act", a governance event in
// protobuf's JSON mapping; "data", a JSON payload). Written directly
// (but for the decoded payload) because the generic printer is the slowest
// part of a long export. A proof with node_refs takes its hashes from
// `encoded_nodes`: the shared nodes of its batch, each hex-encoded once.
void AppendTrailEventLine(const v1::Event& event, const v1::InclusionProof& proof,
                          absl::Span<const std::string> encoded_nodes, std::string* line);
// A JSON string literal, quotes included.
std::string JsonQuote(const std::string& text);
// The same, appended to `out` (no temporary string).
void AppendJsonQuoted(absl::string_view text, std::string* out);

// Checks an exported JSONL trail: a checkpoint on the first line with a
// valid signature by a key `signers` trusts (an unknown signer fails, see
// SignerTrust::Check), then events with inclusion proofs in increasing
// position; a complete trail must hold every position of the checkpoint.
// Each line's decoded act (or data) must say what its payload's bytes say.
// The error names the first line that fails. `checked_against`, if given,
// receives the checkpoint once its signature passed; `progress`, if given,
// is updated per line.
// Reads line by line, so memory stays flat however long the trail.
[[nodiscard]] absl::Status VerifyJsonlTrail(std::istream& trail, const SignerTrust& signers,
                                            uint64_t* verified_events,
                                            v1::Checkpoint* checked_against = nullptr,
                                            Progress* progress = nullptr);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_TRAIL_EXPORT_H_
