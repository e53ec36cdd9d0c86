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
#include "projections/acts/act_describer.h"
#include "projections/acts/act_filter.h"
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
  std::string outcome;  // For decisions: "1 ADOPTED; 2 REJECTED".
  std::string hash;     // Hex.
};

// The acts an export keeps: projections::acts::ActFilter over rows.
struct TrailFilter : projections::acts::ActFilter {
  using ActFilter::Matches;
  bool Matches(const ActRow& row) const;
};

class ActDescriber {
 public:
  ActRow Describe(const v1::Event& event);

 private:
  projections::acts::ActDescriber acts_;
};

// One CSV line (with "\r\n"): cells quoted when they hold the delimiter, a
// quote or a line break, and cells starting with = + - @ (or tab, CR)
// prefixed with ' so that a spreadsheet never runs them as formulas.
std::string CsvLine(const std::vector<std::string>& cells, char delimiter);
std::vector<std::string> CsvHeader();
std::vector<std::string> CsvCells(const ActRow& row);
// The UTF-8 byte order mark that makes spreadsheets read UTF-8.
inline constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Text as HTML text or attribute value: & < > " ' as character references.
std::string HtmlEscape(absl::string_view text);

// Splits CSV text written by CsvLine back into rows (for tests and tools).
std::vector<std::vector<std::string>> ParseCsv(absl::string_view text, char delimiter);

// Appends one JSONL trail line (no newline) for an event and its proof, in
// protobuf's JSON mapping of cli.TrailLine, written directly because the
// generic printer is the slowest part of a long export. A proof with
// node_refs takes its hashes from `encoded_nodes`: the shared nodes of its
// batch, each base64-encoded once.
void AppendTrailEventLine(const v1::Event& event, const v1::InclusionProof& proof,
                          absl::Span<const std::string> encoded_nodes, std::string* line);
// A JSON string literal, quotes included.
std::string JsonQuote(const std::string& text);

// Checks an exported JSONL trail: a checkpoint on the first line with a
// valid signature by a key `signers` trusts (an unknown signer fails, see
// SignerTrust::Check), then events with inclusion proofs in increasing
// position; a complete trail must hold every position of the checkpoint.
// The error names the first line that fails.
// Reads line by line, so memory stays flat however long the trail.
[[nodiscard]] absl::Status VerifyJsonlTrail(std::istream& trail, const SignerTrust& signers,
                                            uint64_t* verified_events);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_TRAIL_EXPORT_H_
