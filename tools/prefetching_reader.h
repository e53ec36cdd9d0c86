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
#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
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

  // Takes back pages the caller is done with (from any thread, also after
  // the reader is gone): later pages are parsed into them, which reuses
  // their events' and strings' memory instead of allocating 10,000 events
  // anew per page. Worth it where nothing allocated while a page was used
  // outlives it (a first pass); otherwise the reused strings fragment the
  // heap between what stays.
  std::function<void(std::unique_ptr<v1::ReadAllResponse>)> Recycler() const;

 private:
  // Pages given back, at most a few.
  struct Pool {
    absl::Mutex mutex;
    std::vector<std::unique_ptr<v1::ReadAllResponse>> pages ABSL_GUARDED_BY(mutex);
  };

  struct Call {
    grpc::ClientContext context;
    std::unique_ptr<v1::ReadAllResponse> page;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ReadAllResponse>> reader;
  };

  void Issue(uint64_t from);

  v1::LedgerService::Stub* const ledger_;
  const uint64_t last_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<Call> pending_;
  const std::shared_ptr<Pool> pool_ = std::make_shared<Pool>();
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_PREFETCHING_READER_H_
