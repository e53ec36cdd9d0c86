// CSV as Dutch spreadsheets read it: one line per row ending in "\r\n",
// cells quoted only where needed, and never a cell a spreadsheet would run
// as a formula; the audit trail's columns (CsvHeader) and a row's cells.
// Pure functions, thread-safe.
#ifndef BESLUITLOG_TOOLS_CSV_CELLS_H_
#define BESLUITLOG_TOOLS_CSV_CELLS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/act_row.h"

namespace besluitlog::tools {

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

// Splits CSV text written by CsvLine back into rows (for tests and tools).
std::vector<std::vector<std::string>> ParseCsv(absl::string_view text, char delimiter);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_CSV_CELLS_H_
