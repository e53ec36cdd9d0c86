// Headless Chromium as the tests run it: a test dependency (tools/dev.sh
// installs it), started with a profile of its own and nothing fetched in the
// background, so what it shows comes only from the page it is given.
#ifndef BESLUITLOG_TESTS_TESTING_CHROMIUM_H_
#define BESLUITLOG_TESTS_TESTING_CHROMIUM_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace besluitlog::testing {

// The command line of a headless Chromium with its profile in `profile`;
// `args` say what it does (e.g. "--dump-dom URL"). Its stderr is dropped.
inline std::string HeadlessChromium(const std::string& profile, const std::string& args) {
  return absl::StrCat(
      "chromium --headless --no-sandbox --disable-gpu --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--disable-quic --user-data-dir=",
      profile, " ", args, " 2>/dev/null");
}

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_CHROMIUM_H_
