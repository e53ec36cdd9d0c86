#include "tools/popolo_writer.h"

#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"

namespace besluitlog::tools {

PopoloWriter::PopoloWriter(std::ostream* out)
    : out_(*out),
      spool_path_(
          (std::filesystem::temp_directory_path() / absl::StrCat("besluitlog-popolo-", getpid()))
              .string()),
      popolo_(&spool_) {}

absl::Status PopoloWriter::Begin(const v1::Checkpoint& checkpoint, bool /*complete*/) {
  popolo_.set_checkpoint(checkpoint);
  spool_.open(spool_path_, std::ios::in | std::ios::out | std::ios::trunc);
  if (!spool_) return absl::UnavailableError(absl::StrCat("cannot write ", spool_path_));
  return absl::OkStatus();
}

absl::Status PopoloWriter::Write(TrailPage page) {
  for (const v1::Event* event : page.selected) popolo_.Observe(*event);
  return absl::OkStatus();
}

absl::Status PopoloWriter::End() {
  popolo_.Write(out_);
  spool_.close();
  std::filesystem::remove(spool_path_);
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
