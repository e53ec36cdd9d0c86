#include "tools/prefetching_reader.h"

#include <utility>

#include "ledger/core/page_size.h"
#include "ledger/core/status_macros.h"
#include "tools/grpc_status.h"

namespace besluitlog::tools {

PrefetchingReader::PrefetchingReader(v1::LedgerService::Stub* ledger, uint64_t from, uint64_t last)
    : ledger_(ledger), last_(last) {
  Issue(from);
}

PrefetchingReader::~PrefetchingReader() {
  if (pending_ != nullptr) {
    pending_->context.TryCancel();
    void* tag;
    bool ok;
    queue_.Next(&tag, &ok);
  }
  queue_.Shutdown();
  void* tag;
  bool ok;
  while (queue_.Next(&tag, &ok)) {
  }
}

absl::StatusOr<std::unique_ptr<v1::ReadAllResponse>> PrefetchingReader::Next() {
  if (pending_ == nullptr) return nullptr;
  void* tag;
  bool ok;
  if (!queue_.Next(&tag, &ok) || !ok) {
    return absl::UnavailableError("the server did not answer a ReadAll");
  }
  std::unique_ptr<Call> call = std::move(pending_);
  RETURN_IF_ERROR(FromGrpcStatus(call->status));
  if (!call->page->events().empty()) Issue(call->page->next_position());
  return std::move(call->page);
}

std::function<void(std::unique_ptr<v1::ReadAllResponse>)> PrefetchingReader::Recycler() const {
  return [pool = pool_](std::unique_ptr<v1::ReadAllResponse> page) {
    // One spare: a page is given back before the call after next is
    // issued (JSONL keeps its page one call longer, for its proofs); more
    // would only hold memory.
    constexpr size_t kKept = 1;
    absl::MutexLock lock(&pool->mutex);
    if (pool->pages.size() < kKept) pool->pages.push_back(std::move(page));
  };
}

void PrefetchingReader::Issue(uint64_t from) {
  if (from == 0 || from > last_) return;
  v1::ReadAllRequest request;
  request.set_from_position(from);
  request.set_limit(ledger::core::kMaxPageSize);
  pending_ = std::make_unique<Call>();
  {
    absl::MutexLock lock(&pool_->mutex);
    if (!pool_->pages.empty()) {
      pending_->page = std::move(pool_->pages.back());
      pool_->pages.pop_back();
    }
  }
  if (pending_->page == nullptr) pending_->page = std::make_unique<v1::ReadAllResponse>();
  pending_->reader = ledger_->AsyncReadAll(&pending_->context, request, &queue_);
  pending_->reader->Finish(pending_->page.get(), &pending_->status, pending_.get());
}

}  // namespace besluitlog::tools
