#include "tools/html_writer.h"

#include "absl/strings/str_cat.h"
#include "ledger/core/checkpoint_signer.h"

namespace besluitlog::tools {

absl::Status HtmlWriter::Begin(const v1::Checkpoint& checkpoint, bool /*complete*/) {
  const absl::Status signature = ledger::core::VerifyCheckpointSignature(checkpoint);
  html_.Begin(checkpoint,
              signature.ok() ? "verified" : absl::StrCat("NOT verified: ", signature.message()),
              out_);
  return absl::OkStatus();
}

absl::Status HtmlWriter::Write(TrailPage page) {
  for (const ActRow& row : page.rows) html_.Row(row, out_);
  return absl::OkStatus();
}

absl::Status HtmlWriter::End() {
  html_.End(out_);
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
