// PrefetchingReader: reads the log's pages from a LedgerService up to a
// position with the next page's ReadAll already in flight, so that the server
// reads while the client writes.
//
// Guarantees: pages come in position order, each page at most once; after the
// page that reaches `last` (or an empty page) Next() returns null. The
// destructor cancels a call still in flight and waits for it, so a reader may
// be dropped at any time. Not thread-safe: one reader per caller.
#ifndef BESLUITLOG_TOOLS_PREFETCHING_READER_H_
#define BESLUITLOG_TOOLS_PREFETCHING_READER_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace besluitlog::tools {

class PrefetchingReader {
 public:
  // Reads positions `from`..`last` (pages may hold events past `last`;
  // callers skip them) through `ledger`, which must outlive the reader.
  PrefetchingReader(v1::LedgerService::Stub* ledger, uint64_t from, uint64_t last);
  ~PrefetchingReader();
  PrefetchingReader(const PrefetchingReader&) = delete;
  PrefetchingReader& operator=(const PrefetchingReader&) = delete;

  // The next page, or null after the last one.
  absl::StatusOr<std::unique_ptr<v1::ReadAllResponse>> Next();

 private:
  struct Call {
    grpc::ClientContext context;
    std::unique_ptr<v1::ReadAllResponse> page = std::make_unique<v1::ReadAllResponse>();
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ReadAllResponse>> reader;
  };

  void Issue(uint64_t from);

  v1::LedgerService::Stub* const ledger_;
  const uint64_t last_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<Call> pending_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_PREFETCHING_READER_H_
