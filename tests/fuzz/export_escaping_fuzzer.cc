// The secretariaat's exports: any text in a CSV cell parses back to the
// same text (a spreadsheet formula escaped with a leading quote), HTML
// escaping leaves no markup, and JSON quoting leaves no raw control
// characters.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/trail_export.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace besluitlog::tools;  // NOLINT: fuzz entry point.
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> cells = absl::StrSplit(text, '\x01');
  for (char delimiter : {';', ','}) {
    // As in an export: the file starts with a BOM, which the parser drops.
    const std::vector<std::vector<std::string>> rows =
        ParseCsv(absl::StrCat(kUtf8Bom, CsvLine(cells, delimiter)), delimiter);
    if (rows.size() != 1 || rows[0].size() != cells.size()) std::abort();
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string& cell = cells[i];
      const bool formula =
          !cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos;
      if (rows[0][i] != (formula ? "'" + cell : cell)) std::abort();
    }
  }
  const std::string html = HtmlEscape(text);
  if (html.find_first_of("<>\"") != std::string::npos) std::abort();
  const std::string quoted = JsonQuote(text);
  if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') std::abort();
  for (unsigned char c : quoted) {
    if (c < 0x20) std::abort();  // Control characters are escaped.
  }
  return 0;
}
