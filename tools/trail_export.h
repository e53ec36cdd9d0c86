// The secretariaat's audit trail: each governance act as a row people can
// read (ActDescriber, ActRow), the acts an export keeps (TrailFilter), and
// the check that makes an exported JSONL trail verifiable offline
// (VerifyJsonlTrail). The formats the writers share are pairs of their own,
// included here for them: CSV cells (csv_cells.h), HTML escaping
// (html_escape.h), JSONL trail lines (jsonl_trail_line.h).
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
#include "tools/act_row.h"
#include "tools/csv_cells.h"
#include "tools/html_escape.h"
#include "tools/jsonl_trail_line.h"
#include "tools/progress.h"
#include "tools/scratch_act.h"
#include "tools/trusted_keys.h"

namespace besluitlog::tools {

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
