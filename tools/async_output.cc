#include "tools/async_output.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace besluitlog::tools {

AsyncOutput::AsyncOutput(std::ostream* target, size_t block_size, size_t depth)
    : target_(*target),
      block_size_(std::max<size_t>(block_size, 1)),
      depth_(std::max<size_t>(depth, 1)) {
  current_.data = std::make_unique_for_overwrite<char[]>(block_size_);
  buffer_.Reset(current_.data.get(), block_size_);
  thread_ = std::thread([this] { Run(); });
}

AsyncOutput::~AsyncOutput() { (void)Finish(); }

AsyncOutput::Buffer::int_type AsyncOutput::Buffer::overflow(int_type c) {
  if (owner_->finished_) return traits_type::eof();
  owner_->Hand();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize AsyncOutput::Buffer::xsputn(const char* data, std::streamsize size) {
  if (owner_->finished_) return 0;
  std::streamsize done = 0;
  while (done < size) {
    if (pptr() == epptr()) owner_->Hand();
    const std::streamsize room = std::min<std::streamsize>(epptr() - pptr(), size - done);
    std::memcpy(pptr(), data + done, room);
    pbump(static_cast<int>(room));
    done += room;
  }
  return done;
}

int AsyncOutput::Buffer::sync() {
  if (owner_->finished_) return -1;
  if (Used() > 0) owner_->Hand();
  return 0;
}

void AsyncOutput::Hand() {
  current_.size = buffer_.Used();
  Block next;
  {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(
        +[](AsyncOutput* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mutex_) {
          return self->queued_.size() < self->depth_;
        },
        this));
    queued_.push_back(std::move(current_));
    if (!free_.empty()) {
      next = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (next.data == nullptr) next.data = std::make_unique_for_overwrite<char[]>(block_size_);
  next.size = 0;
  current_ = std::move(next);
  buffer_.Reset(current_.data.get(), block_size_);
}

void AsyncOutput::Run() {
  bool failed = false;
  while (true) {
    Block block;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](AsyncOutput* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mutex_) {
            return !self->queued_.empty() || self->closing_;
          },
          this));
      if (queued_.empty()) break;  // Closing, and everything written.
      block = std::move(queued_.front());
      queued_.pop_front();
    }
    // After a failure the rest is dropped: a file with a hole in the middle
    // would be worse than one cut short.
    if (!failed) {
      target_.write(block.data.get(), static_cast<std::streamsize>(block.size));
      failed = !target_.good();
    }
    absl::MutexLock lock(&mutex_);
    if (failed) failed_ = true;
    free_.push_back(std::move(block));
  }
}

absl::Status AsyncOutput::Finish() {
  if (finished_) return finish_status_;
  if (buffer_.Used() > 0) Hand();
  {
    absl::MutexLock lock(&mutex_);
    closing_ = true;
  }
  thread_.join();
  finished_ = true;
  buffer_.Reset(nullptr, 0);
  stream_.setstate(std::ios::badbit);  // Nothing more goes anywhere.
  target_.flush();
  bool failed;
  {
    absl::MutexLock lock(&mutex_);
    failed = failed_;
  }
  if (failed || !target_.good()) {
    finish_status_ = absl::DataLossError(
        "the export could not be written completely (disk full, or the output closed?)");
  }
  return finish_status_;
}

}  // namespace besluitlog::tools
