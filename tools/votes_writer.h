// VotesWriter: one CSV row per vote, as tools for online decision-making
// (Decidim, Loomio) export them: meeting, its date and body, agenda item,
// proposal, decision point and its text, who voted, in whose seat, on
// whose behalf, the choice in Dutch, when it was recorded and its position.
// Same CSV conventions as CsvWriter (UTF-8 byte order mark, a header,
// CsvLine cells).
//
// A member who votes again on the same point replaces their earlier vote
// (the last one counts), so votes wait per agenda item until its decision
// (when the export keeps DecisionTaken) or the end of the export. A
// decision names the members whose votes it counted: a vote it did not
// count (its member resigned before it) is left out, as in the tally. Memory
// grows with the votes of undecided items. See export_writer.h for the call
// order.
#ifndef BESLUITLOG_TOOLS_VOTES_WRITER_H_
#define BESLUITLOG_TOOLS_VOTES_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "besluitlog/v1/governance.pb.h"
#include "tools/export_writer.h"

namespace besluitlog::tools {

class VotesWriter : public ExportWriter {
 public:
  VotesWriter(char delimiter, std::ostream* out) : delimiter_(delimiter), out_(*out) {}

  bool NeedsRows() const override { return true; }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override;
  absl::Status Write(TrailPage page) override;
  absl::Status End() override;
  std::string Written(uint64_t acts) const override;

  static std::vector<std::string> Header();

 private:
  struct PendingVote {
    ActRow row;
    uint32_t point = 0;
    std::string member_id;
  };
  // Writes the item's votes; with its decision, only those it counted.
  void Flush(const std::string& item_key, const v1::DecisionTaken* decision);

  const char delimiter_;
  std::ostream& out_;
  uint64_t written_ = 0;
  // Votes per "meeting\x1fitem", each item's in the order first cast.
  absl::flat_hash_map<std::string, std::vector<PendingVote>> pending_;
  std::vector<std::string> pending_order_;
  std::string lines_;  // Lines not written yet.
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_VOTES_WRITER_H_
