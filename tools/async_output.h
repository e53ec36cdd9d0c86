// AsyncOutput: a std::ostream whose bytes reach another stream from a
// thread of its own, so that the caller formats the next block while the
// kernel copies the last one into the file (for a 2 GB export that copy is
// a third of the client's time).
//
// Guarantees: the bytes arrive in the order written, in blocks of
// `block_size` (the last one shorter); at most `depth` blocks wait at a time
// (the writing caller waits when they do), so memory stays flat however
// long the output. Finish() writes what is left, flushes the target and says
// whether all of it was written; the destructor does the same (what was
// written so far stays written). Once the target fails, later blocks are
// dropped and Finish() reports the failure. One thread writes to stream(),
// as with any ostream; the target must not be used until Finish() returned.
#ifndef BESLUITLOG_TOOLS_ASYNC_OUTPUT_H_
#define BESLUITLOG_TOOLS_ASYNC_OUTPUT_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace besluitlog::tools {

class AsyncOutput {
 public:
  static constexpr size_t kBlockSize = 1 << 17;
  static constexpr size_t kDepth = 4;

  explicit AsyncOutput(std::ostream* target, size_t block_size = kBlockSize, size_t depth = kDepth);
  ~AsyncOutput();
  AsyncOutput(const AsyncOutput&) = delete;
  AsyncOutput& operator=(const AsyncOutput&) = delete;

  std::ostream& stream() { return stream_; }
  // DATA_LOSS when the target failed to take some of the bytes.
  [[nodiscard]] absl::Status Finish();

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(AsyncOutput* owner) : owner_(owner) {}
    void Reset(char* begin, size_t size) { setp(begin, begin + size); }
    size_t Used() const { return pptr() - pbase(); }

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* data, std::streamsize size) override;
    int sync() override;

   private:
    AsyncOutput* const owner_;
  };

  struct Block {
    std::unique_ptr<char[]> data;  // block_size_ bytes, not initialised.
    size_t size = 0;               // Bytes used.
  };

  // Hands the current block (its used part) to the thread and takes a free
  // one; waits while `depth_` blocks are queued.
  void Hand();
  void Run();

  std::ostream& target_;
  const size_t block_size_;
  const size_t depth_;
  Block current_;  // The block being filled: Buffer's put area.
  Buffer buffer_{this};
  std::ostream stream_{&buffer_};
  bool finished_ = false;
  absl::Status finish_status_;

  absl::Mutex mutex_;
  std::deque<Block> queued_ ABSL_GUARDED_BY(mutex_);
  std::vector<Block> free_ ABSL_GUARDED_BY(mutex_);  // Written blocks, for reuse.
  bool closing_ ABSL_GUARDED_BY(mutex_) = false;
  bool failed_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_ASYNC_OUTPUT_H_
