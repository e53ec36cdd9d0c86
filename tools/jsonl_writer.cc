#include "tools/jsonl_writer.h"

#include <string>
#include <utility>

#include "ledger/core/status_macros.h"
#include "tools/grpc_status.h"
#include "tools/trail_export.h"

namespace besluitlog::tools {

JsonlWriter::~JsonlWriter() {
  if (in_flight_ != nullptr) {
    in_flight_->context.TryCancel();
    void* tag;
    bool ok;
    proof_queue_.Next(&tag, &ok);
  }
  proof_queue_.Shutdown();
  void* tag;
  bool ok;
  while (proof_queue_.Next(&tag, &ok)) {
  }
}

absl::Status JsonlWriter::Begin(const v1::Checkpoint& checkpoint, bool complete) {
  tree_size_ = checkpoint.tree_size();
  out_ << TrailCheckpointLine(checkpoint, complete) << "\n";
  return absl::OkStatus();
}

absl::Status JsonlWriter::End() {
  RETURN_IF_ERROR(WriteInFlight());
  out_ << lines_;
  lines_.clear();
  return absl::OkStatus();
}

absl::Status JsonlWriter::Write(TrailPage page) {
  RETURN_IF_ERROR(WriteInFlight());
  if (page.selected.empty()) return absl::OkStatus();
  v1::GetInclusionProofsRequest proofs_request;
  proofs_request.set_tree_size(tree_size_);
  proofs_request.set_shared_nodes(true);
  for (const v1::Event* event : page.selected) {
    proofs_request.add_positions(event->global_position());
  }
  in_flight_ = std::make_unique<ProofsInFlight>();
  in_flight_->page = std::move(page);
  in_flight_->proofs =
      spare_proofs_ != nullptr ? std::move(spare_proofs_) : std::make_unique<v1::InclusionProofs>();
  in_flight_->reader =
      audit_->AsyncGetInclusionProofs(&in_flight_->context, proofs_request, &proof_queue_);
  in_flight_->reader->Finish(in_flight_->proofs.get(), &in_flight_->status, in_flight_.get());
  return absl::OkStatus();
}

absl::Status JsonlWriter::WriteInFlight() {
  if (in_flight_ == nullptr) return absl::OkStatus();
  // Taken before waiting: once its tag came back the call is over, so the
  // destructor must not wait for it again.
  const std::unique_ptr<ProofsInFlight> done = std::move(in_flight_);
  void* tag;
  bool ok;
  if (!proof_queue_.Next(&tag, &ok) || !ok) {
    return absl::UnavailableError("the inclusion proofs did not arrive");
  }
  RETURN_IF_ERROR(FromGrpcStatus(done->status));
  const std::vector<const v1::Event*>& selected = done->page.selected;
  const v1::InclusionProofs& proofs = *done->proofs;
  if (proofs.proofs_size() != static_cast<int>(selected.size())) {
    return absl::DataLossError("the server sent a proof count that does not match the page");
  }
  std::vector<std::string>& encoded_nodes = encoded_nodes_;
  encoded_nodes.resize(proofs.nodes_size());
  for (int i = 0; i < proofs.nodes_size(); ++i) {
    // Into the last page's strings (20,000 nodes a page).
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::string& node = proofs.nodes(i);
    std::string& hex = encoded_nodes[i];
    hex.resize(2 * node.size());
    for (size_t b = 0; b < node.size(); ++b) {
      const unsigned char c = static_cast<unsigned char>(node[b]);
      hex[2 * b] = kDigits[c >> 4];
      hex[2 * b + 1] = kDigits[c & 0xf];
    }
  }
  // One buffer for the whole export, written in MiB blocks: a fresh one per
  // page grew by copying and faulted its pages in again (system time).
  std::string& lines = lines_;
  if (lines.capacity() < kBlock + kBlock / 2) lines.reserve(kBlock + kBlock / 2);
  for (size_t i = 0; i < selected.size(); ++i) {
    for (uint32_t ref : proofs.proofs(i).node_refs()) {
      if (ref >= encoded_nodes.size()) {
        return absl::DataLossError("the server sent a proof that refers to no node");
      }
    }
    AppendTrailEventLine(*selected[i], proofs.proofs(i), encoded_nodes, &lines);
    lines += '\n';
    if (lines.size() >= kBlock) {
      out_ << lines;
      lines.clear();
    }
  }
  // The rest waits for the next page (or End()).
  spare_proofs_ = std::move(done->proofs);
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
