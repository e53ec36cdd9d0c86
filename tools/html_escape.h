// HTML escaping for every page besluitlog writes. Pure functions,
// thread-safe.
#ifndef BESLUITLOG_TOOLS_HTML_ESCAPE_H_
#define BESLUITLOG_TOOLS_HTML_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace besluitlog::tools {

// Text as HTML text or attribute value: & < > " ' as character references.
std::string HtmlEscape(absl::string_view text);
// The same, appended to `out`.
void AppendHtmlEscaped(absl::string_view text, std::string* out);

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_HTML_ESCAPE_H_
