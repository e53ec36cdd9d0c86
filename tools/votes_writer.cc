#include "tools/votes_writer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/core/governance_codec.h"
#include "projections/acts/counted_votes.h"

namespace besluitlog::tools {
namespace {

std::string ItemKey(const ActRow& row) { return absl::StrCat(row.meeting, "\x1f", row.item); }

}  // namespace

std::vector<std::string> VotesWriter::Header() {
  return {"vergadering", "vergaderdatum",    "gremium", "agendapunt", "voorstel",
          "beslispunt",  "tekst beslispunt", "stemmer", "zetel",      "namens",
          "keuze",       "vastgelegd",       "positie"};
}

absl::Status VotesWriter::Begin(const v1::Checkpoint& /*checkpoint*/, bool /*complete*/) {
  out_ << kUtf8Bom << CsvLine(Header(), delimiter_);
  return absl::OkStatus();
}

absl::Status VotesWriter::Write(TrailPage page) {
  for (size_t i = 0; i < page.rows.size(); ++i) {
    ActRow& row = page.rows[i];
    if (row.act != "DecisionTaken" && row.act != "VoteCast") continue;
    absl::StatusOr<v1::GovernanceEvent> act =
        ledger::core::DecodeGovernanceEvent(*page.selected[i]);
    if (!act.ok()) continue;
    if (act->has_decision_taken()) {
      Flush(ItemKey(row), &act->decision_taken());
      continue;
    }
    if (!act->has_vote_cast()) continue;
    const std::string key = ItemKey(row);
    auto [it, inserted] = pending_.try_emplace(key);
    if (inserted) pending_order_.push_back(key);
    std::vector<PendingVote>& votes = it->second;
    auto same = std::find_if(votes.begin(), votes.end(), [&](const PendingVote& vote) {
      return vote.row.seat == row.seat && vote.row.point == row.point;
    });
    PendingVote vote{std::move(row), act->vote_cast().decision_point(),
                     act->vote_cast().member_id()};
    if (same != votes.end()) {
      *same = std::move(vote);
    } else {
      votes.push_back(std::move(vote));
    }
  }
  return absl::OkStatus();
}

void VotesWriter::Flush(const std::string& item_key, const v1::DecisionTaken* decision) {
  auto it = pending_.find(item_key);
  if (it == pending_.end()) return;
  // Cells appended in place to one buffer written in MiB blocks: a vector
  // of copied cells per vote and a write per item were most of the time.
  for (const PendingVote& pending : it->second) {
    if (decision != nullptr) {
      auto outcome = std::find_if(
          decision->outcomes().begin(), decision->outcomes().end(),
          [&](const v1::PointOutcome& o) { return o.decision_point() == pending.point; });
      if (outcome != decision->outcomes().end() &&
          !projections::acts::OutcomeCounted(*outcome, pending.member_id)) {
        continue;
      }
    }
    const ActRow& vote = pending.row;
    const absl::AlphaNum position(vote.position);
    bool first = true;
    for (absl::string_view cell :
         {absl::string_view(vote.meeting), absl::string_view(vote.meeting_date),
          absl::string_view(vote.body), absl::string_view(vote.item),
          absl::string_view(vote.subject), absl::string_view(vote.point),
          absl::string_view(vote.point_text), absl::string_view(vote.voter),
          absl::string_view(vote.seat), absl::string_view(vote.represents),
          absl::string_view(vote.outcome), absl::string_view(vote.recorded), position.Piece()}) {
      if (!first) lines_.push_back(delimiter_);
      first = false;
      AppendCsvCell(cell, delimiter_, &lines_);
    }
    lines_ += "\r\n";
    ++written_;
  }
  if (lines_.size() >= (1 << 20)) {
    out_ << lines_;
    lines_.clear();
  }
  pending_.erase(it);
}

absl::Status VotesWriter::End() {
  for (const std::string& key : pending_order_) Flush(key, nullptr);
  pending_order_.clear();
  out_ << lines_;
  lines_.clear();
  return absl::OkStatus();
}

std::string VotesWriter::Written(uint64_t /*acts*/) const {
  return absl::StrCat(written_, " votes");
}

}  // namespace besluitlog::tools
