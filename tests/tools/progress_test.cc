#include "tools/progress.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace besluitlog::tools {
namespace {

// What `write` printed into a temporary file.
template <typename Write>
std::string Printed(Write write) {
  std::FILE* file = std::tmpfile();
  write(file);
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[512];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  std::fclose(file);
  return text;
}

TEST(ProgressTest, OffATerminalOnlyTheClosingLineIsPrinted) {
  const std::string text = Printed([](std::FILE* file) {
    Progress progress("exporting", 10, file, /*draw=*/false);
    for (uint64_t i = 1; i <= 10; ++i) progress.Update(i);
    progress.Finish("wrote 10 events to trail.csv");
  });
  EXPECT_EQ(text, "wrote 10 events to trail.csv\n");
}

TEST(ProgressTest, OnATerminalTheBarIsDrawnAndClearedBeforeTheClosingLine) {
  const std::string text = Printed([](std::FILE* file) {
    Progress progress("verifying", 4, file, /*draw=*/true);
    progress.Update(2);  // The first update always draws.
    progress.Finish("checked 4 events");
  });
  EXPECT_NE(text.find("verifying [###############...............] 2/4 events"), std::string::npos)
      << text;
  // The closing line starts after a carriage return that clears the bar.
  EXPECT_NE(text.find("\rchecked 4 events\n"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(ProgressTest, WithoutATotalOnlyTheCountIsShown) {
  const std::string text = Printed([](std::FILE* file) {
    Progress progress("replaying", 0, file, /*draw=*/true);
    progress.Update(7);
    progress.Finish("replayed 7 events");
  });
  EXPECT_NE(text.find("replaying 7 events"), std::string::npos) << text;
  EXPECT_EQ(text.find('['), std::string::npos) << text;
}

}  // namespace
}  // namespace besluitlog::tools
