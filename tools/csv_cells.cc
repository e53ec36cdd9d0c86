#include "tools/csv_cells.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace besluitlog::tools {
namespace {

// The CSV cells of a row, in CsvHeader()'s order, without copying them.
template <typename Visit>
void ForEachCsvCell(const ActRow& row, Visit visit) {
  const absl::AlphaNum position(row.position);
  visit(position.Piece());
  for (const std::string* cell :
       {&row.recorded, &row.body, &row.meeting, &row.meeting_date, &row.item, &row.point,
        &row.point_text, &row.act, &row.actor, &row.subject, &row.seat, &row.represents, &row.voter,
        &row.present, &row.absent, &row.outcome, &row.hash}) {
    visit(absl::string_view(*cell));
  }
}

}  // namespace

std::vector<std::string> CsvHeader() {
  return {
      "positie",    "vastgelegd",       "gremium",   "vergadering", "vergaderdatum", "agendapunt",
      "beslispunt", "tekst beslispunt", "handeling", "actor",       "onderwerp",     "zetel",
      "namens",     "stemmer",          "aanwezig",  "afwezig",     "uitkomst",      "hash"};
}

std::vector<std::string> CsvCells(const ActRow& row) {
  std::vector<std::string> cells;
  cells.reserve(CsvHeader().size());
  ForEachCsvCell(row, [&](absl::string_view cell) { cells.emplace_back(cell); });
  return cells;
}

void AppendCsvCell(absl::string_view cell, char delimiter, std::string* line) {
  const bool formula = !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' ||
                                         cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
  bool quote = false;
  for (char c : cell) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (quote) line->push_back('"');
  if (formula) line->push_back('\'');
  if (!quote) {
    line->append(cell.data(), cell.size());
    return;
  }
  for (char c : cell) {
    if (c == '"') line->push_back('"');
    line->push_back(c);
  }
  line->push_back('"');
}

std::string CsvLine(const std::vector<std::string>& cells, char delimiter) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line.push_back(delimiter);
    AppendCsvCell(cells[i], delimiter, &line);
  }
  line += "\r\n";
  return line;
}

void AppendCsvRow(const ActRow& row, char delimiter, std::string* out) {
  bool first = true;
  ForEachCsvCell(row, [&](absl::string_view cell) {
    if (!first) out->push_back(delimiter);
    first = false;
    AppendCsvCell(cell, delimiter, out);
  });
  *out += "\r\n";
}

std::vector<std::vector<std::string>> ParseCsv(absl::string_view text, char delimiter) {
  absl::ConsumePrefix(&text, kUtf8Bom);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
      ++i;
    } else {
      cell.push_back(c);
    }
  }
  if (!cell.empty() || !row.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace besluitlog::tools
