#include "tools/html_escape.h"

namespace besluitlog::tools {

void AppendHtmlEscaped(absl::string_view text, std::string* out) {
  size_t plain = 0;  // Start of the run not appended yet.
  for (size_t i = 0; i < text.size(); ++i) {
    const char* reference;
    switch (text[i]) {
      case '&':
        reference = "&amp;";
        break;
      case '<':
        reference = "&lt;";
        break;
      case '>':
        reference = "&gt;";
        break;
      case '"':
        reference = "&quot;";
        break;
      case '\'':
        reference = "&#39;";
        break;
      default:
        continue;
    }
    out->append(text.data() + plain, i - plain);
    out->append(reference);
    plain = i + 1;
  }
  out->append(text.data() + plain, text.size() - plain);
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlEscaped(text, &out);
  return out;
}

}  // namespace besluitlog::tools
