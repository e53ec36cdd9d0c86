// Progress: how far a long command is (export, verify, rebuild, replay,
// audit --file), for a person watching a terminal.
//
// On a terminal the bar is redrawn in place on its stream (stderr by
// default) at most ten times a second, so calling Update per event costs a
// clock read; off a terminal (a pipe, a file, CI) it draws nothing. Finish
// clears the bar and prints the one closing line that says what the command
// did — on and off a terminal — so scripts and logs keep the summary. Not
// thread-safe: one command, one Progress.
#ifndef BESLUITLOG_TOOLS_PROGRESS_H_
#define BESLUITLOG_TOOLS_PROGRESS_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace besluitlog::tools {

class Progress {
 public:
  // `what` names the work ("exporting", "verifying"); `total` is the number
  // of events expected, 0 when unknown (then no bar, only a count). Draws
  // only when `out` is a terminal.
  Progress(std::string what, uint64_t total, std::FILE* out = stderr);
  // For tests: draw (or not) whatever `out` is.
  Progress(std::string what, uint64_t total, std::FILE* out, bool draw);

  void set_total(uint64_t total) { total_ = total; }
  // `done` events of `total` are handled; redraws when 100 ms have passed.
  void Update(uint64_t done);
  // Clears the bar and prints `closing_line` and a newline on the stream.
  void Finish(absl::string_view closing_line);

  // Seconds since construction, for closing lines ("in 3.2 s").
  double ElapsedSeconds() const;

 private:
  void Draw(uint64_t done, absl::Time now);

  std::string what_;
  uint64_t total_;
  std::FILE* out_;
  bool draw_;
  bool drawn_ = false;
  absl::Time start_;
  absl::Time last_draw_ = absl::InfinitePast();
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_PROGRESS_H_
