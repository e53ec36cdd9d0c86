#include "tools/html_writer.h"

#include <string>

#include "ledger/core/checkpoint_signer.h"

namespace besluitlog::tools {

absl::Status HtmlWriter::Begin(const v1::Checkpoint& checkpoint, bool /*complete*/) {
  const absl::Status signature = ledger::core::VerifyCheckpointSignature(checkpoint);
  html_.Begin(checkpoint, signature.ok(), std::string(signature.message()), out_, witnesses_);
  return absl::OkStatus();
}

absl::Status HtmlWriter::Write(TrailPage page) {
  for (const v1::Event* event : page.selected) html_.Row(*event, out_);
  return absl::OkStatus();
}

absl::Status HtmlWriter::End() {
  html_.End(out_);
  return out_.good() ? absl::OkStatus()
                     : absl::DataLossError("the page could not be written completely");
}

}  // namespace besluitlog::tools
