// JsonlWriter: the verifiable JSONL trail (cli.TrailLine per line): the
// signed checkpoint first, then each selected event with its inclusion proof
// in that checkpoint's tree (AppendTrailEventLine in trail_export.h).
//
// The proofs of one page are computed by the server (AuditService,
// GetInclusionProofs with shared nodes) while the export reads the next page;
// a page is written when the next one arrives or at End(). A proof set that
// does not match its page is DATA_LOSS and nothing more is written. The
// destructor cancels and waits for a request still in flight. See
// export_writer.h for the call order.
#ifndef BESLUITLOG_TOOLS_JSONL_WRITER_H_
#define BESLUITLOG_TOOLS_JSONL_WRITER_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "besluitlog/v1/audit.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "tools/export_writer.h"

namespace besluitlog::tools {

class JsonlWriter : public ExportWriter {
 public:
  // `audit` must outlive the writer.
  JsonlWriter(v1::AuditService::Stub* audit, std::ostream* out) : audit_(audit), out_(*out) {}
  ~JsonlWriter() override;

  bool NeedsRows() const override { return false; }
  absl::Status Begin(const v1::Checkpoint& checkpoint, bool complete) override;
  absl::Status Write(TrailPage page) override;
  absl::Status End() override;

 private:
  struct ProofsInFlight {
    TrailPage page;
    grpc::ClientContext context;
    std::unique_ptr<v1::InclusionProofs> proofs;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::InclusionProofs>> reader;
  };

  // Waits for the proofs in flight, if any, and writes their page.
  absl::Status WriteInFlight();

  v1::AuditService::Stub* const audit_;
  std::ostream& out_;
  uint64_t tree_size_ = 0;
  grpc::CompletionQueue proof_queue_;
  std::unique_ptr<ProofsInFlight> in_flight_;
  // The last proofs message, parsed into again (its 10,000 proofs reused).
  std::unique_ptr<v1::InclusionProofs> spare_proofs_;
  std::vector<std::string> encoded_nodes_;   // The last page's, reused.
  static constexpr size_t kBlock = 1 << 20;  // Bytes written at a time.
  std::string lines_;                        // Lines not written yet.
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_JSONL_WRITER_H_
