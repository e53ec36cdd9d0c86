#include "tools/votes_writer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

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
  for (ActRow& row : page.rows) {
    if (row.act == "DecisionTaken") {
      Flush(ItemKey(row));
      continue;
    }
    if (row.act != "VoteCast") continue;
    const std::string key = ItemKey(row);
    auto [it, inserted] = pending_.try_emplace(key);
    if (inserted) pending_order_.push_back(key);
    std::vector<ActRow>& votes = it->second;
    auto same = std::find_if(votes.begin(), votes.end(), [&](const ActRow& vote) {
      return vote.seat == row.seat && vote.point == row.point;
    });
    if (same != votes.end()) {
      *same = std::move(row);
    } else {
      votes.push_back(std::move(row));
    }
  }
  return absl::OkStatus();
}

void VotesWriter::Flush(const std::string& item_key) {
  auto it = pending_.find(item_key);
  if (it == pending_.end()) return;
  std::string lines;
  for (const ActRow& vote : it->second) {
    lines += CsvLine({vote.meeting, vote.meeting_date, vote.body, vote.item, vote.subject,
                      vote.point, vote.point_text, vote.voter, vote.seat, vote.represents,
                      vote.outcome, vote.recorded, absl::StrCat(vote.position)},
                     delimiter_);
    ++written_;
  }
  out_ << lines;
  pending_.erase(it);
}

absl::Status VotesWriter::End() {
  for (const std::string& key : pending_order_) Flush(key);
  pending_order_.clear();
  return absl::OkStatus();
}

std::string VotesWriter::Written(uint64_t /*acts*/) const {
  return absl::StrCat(written_, " votes");
}

}  // namespace besluitlog::tools
