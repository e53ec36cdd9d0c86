#include "tools/progress.h"

#include <unistd.h>

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace besluitlog::tools {
namespace {

constexpr int kBarWidth = 30;
constexpr absl::Duration kRedrawEvery = absl::Milliseconds(100);

}  // namespace

Progress::Progress(std::string what, uint64_t total, std::FILE* out)
    : Progress(std::move(what), total, out, isatty(fileno(out)) != 0) {}

Progress::Progress(std::string what, uint64_t total, std::FILE* out, bool draw)
    : what_(std::move(what)), total_(total), out_(out), draw_(draw), start_(absl::Now()) {}

void Progress::Update(uint64_t done) {
  if (!draw_) return;
  const absl::Time now = absl::Now();
  if (now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  Draw(done, now);
}

void Progress::Draw(uint64_t done, absl::Time now) {
  const double seconds = std::max(1e-3, absl::ToDoubleSeconds(now - start_));
  const double rate = done / seconds;
  std::string line;
  if (total_ > 0) {
    const uint64_t shown = std::min(done, total_);
    const int filled = static_cast<int>(kBarWidth * shown / total_);
    const double eta = rate > 0 ? (total_ - shown) / rate : 0;
    line = absl::StrFormat("\r%s [%s%s] %d/%d events  %.0f/s  %.0f s left ", what_,
                           std::string(filled, '#'), std::string(kBarWidth - filled, '.'), shown,
                           total_, rate, eta);
  } else {
    line = absl::StrFormat("\r%s %d events  %.0f/s ", what_, done, rate);
  }
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
  drawn_ = true;
}

void Progress::Finish(absl::string_view closing_line) {
  // "\r" + spaces + "\r" clears the bar without terminal escape codes.
  if (drawn_) std::fprintf(out_, "\r%*s\r", 100, "");
  std::fprintf(out_, "%.*s\n", static_cast<int>(closing_line.size()), closing_line.data());
  std::fflush(out_);
  drawn_ = false;
}

double Progress::ElapsedSeconds() const { return absl::ToDoubleSeconds(absl::Now() - start_); }

}  // namespace besluitlog::tools
