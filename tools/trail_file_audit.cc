#include "tools/trail_file_audit.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "besluitlog/v1/cli.pb.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/core/status_macros.h"
#include "tools/trail_export.h"
#include "tools/trail_line_verifier.h"

namespace besluitlog::tools {
namespace {

// Bytes read beyond a block's minimum, so that its last line usually ends
// within what was read (the rest is carried to the next block).
constexpr size_t kSlack = size_t{64} << 10;

// A growable byte buffer that, unlike std::string, does not zero what it
// is about to read into (for 2 GB that is a second pass over the memory).
class Buffer {
 public:
  char* data() { return data_.get(); }
  size_t size() const { return size_; }
  absl::string_view view() const { return absl::string_view(data_.get(), size_); }
  // Room for `more` bytes after size(); returns where they go.
  char* Reserve(size_t more) {
    if (size_ + more > capacity_) {
      const size_t capacity = std::max(size_ + more, capacity_ * 2);
      std::unique_ptr<char[]> grown(new char[capacity]);
      if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  void Resize(size_t size) { size_ = size; }  // At most what was reserved.
  void Assign(absl::string_view text) {
    size_ = 0;
    // `text` may be a later part of this buffer (memmove): then it fits.
    std::memmove(Reserve(text.size()), text.data(), text.size());
    size_ = text.size();
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Cuts a file into blocks of whole lines: views into the file mapped into
// memory (no copy, as the bytes are used where the page cache holds them),
// or, for what cannot be mapped (a pipe), read into each block's buffer.
class BlockReader {
 public:
  BlockReader(int fd, size_t block_bytes, bool map)
      : fd_(fd), block_bytes_(std::max<size_t>(block_bytes, 1)) {
    struct stat info;
    if (map && ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      void* mapped =
          ::mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) {
        map_ =
            absl::string_view(static_cast<const char*>(mapped), static_cast<size_t>(info.st_size));
        (void)::madvise(mapped, map_.size(), MADV_SEQUENTIAL);
      }
    }
  }
  ~BlockReader() {
    if (!map_.empty()) ::munmap(const_cast<char*>(map_.data()), map_.size());
  }
  BlockReader(const BlockReader&) = delete;
  BlockReader& operator=(const BlockReader&) = delete;

  // Views in `*lines` the next whole lines, at least block_bytes of them
  // unless the file ends first (then the last line may lack its newline);
  // `buffer` holds them when the file is not mapped. `*got` is false at the
  // end of the file.
  absl::Status Next(Buffer* buffer, absl::string_view* lines, bool* got) {
    if (!map_.empty()) {
      const absl::string_view rest = map_.substr(mapped_at_);
      size_t end = rest.size();
      if (rest.size() > block_bytes_) {
        const size_t cut = rest.find('\n', block_bytes_ - 1);
        if (cut != absl::string_view::npos) end = cut + 1;
      }
      *lines = rest.substr(0, end);
      mapped_at_ += end;
      *got = end > 0;
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(Read(buffer, got));
    *lines = buffer->view();
    return absl::OkStatus();
  }

  // The lines before `end` (a view from Next) are done with: their pages
  // leave this process's memory (they stay in the page cache).
  void Release(const char* end) {
    if (map_.empty()) return;
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    const size_t upto = static_cast<size_t>(end - map_.data()) / page * page;
    if (upto > released_) {
      (void)::madvise(const_cast<char*>(map_.data()) + released_, upto - released_, MADV_DONTNEED);
      released_ = upto;
    }
  }

 private:
  absl::Status Read(Buffer* block, bool* got) {
    block->Assign(carry_.view());
    carry_.Resize(0);
    size_t searched = 0;  // Bytes of `block` known to hold no cut.
    while (true) {
      if (block->size() >= block_bytes_) {
        const size_t from = std::max(searched, block_bytes_ - 1);
        const void* newline = std::memchr(block->data() + from, '\n', block->size() - from);
        if (newline != nullptr) {
          const size_t end = static_cast<const char*>(newline) - block->data() + 1;
          carry_.Assign(block->view().substr(end));
          block->Resize(end);
          *got = true;
          return absl::OkStatus();
        }
        searched = block->size();
      }
      if (eof_) {
        *got = block->size() > 0;
        return absl::OkStatus();
      }
      const size_t want =
          (block->size() < block_bytes_ ? block_bytes_ - block->size() : 0) + kSlack;
      char* into = block->Reserve(want);
      ssize_t n;
      do {
        n = ::read(fd_, into, want);
      } while (n < 0 && errno == EINTR);
      if (n < 0) {
        return absl::DataLossError(absl::StrCat("reading the trail: ", std::strerror(errno)));
      }
      if (n == 0) eof_ = true;
      block->Resize(block->size() + static_cast<size_t>(n));
    }
  }

  const int fd_;
  const size_t block_bytes_;
  absl::string_view map_;  // The whole file, when mapped.
  size_t mapped_at_ = 0;   // Where the next block starts in it.
  size_t released_ = 0;    // Bytes of it given back.
  Buffer carry_;
  bool eof_ = false;
};

// One block of lines and, once checked, what its worker found.
struct Block {
  Buffer text;            // Holds `all` when the file is not mapped.
  absl::string_view all;  // Its lines.
  bool done = false;
  // Its lines (empty ones included) and the first non-empty one (empty
  // when it has none), as the `first_offset`-th line (from 0): checked by
  // the seam, not by the worker.
  uint64_t lines = 0;
  absl::string_view first;
  uint64_t first_offset = 0;
  // Whether a line after `first` failed, the events verified before it, and
  // the last event that verified (`first` when none).
  bool failed = false;
  uint64_t verified = 0;
  uint64_t last_position = 0;
  std::string last_hash;
};

// Checks the lines of `block` after its first (which `events` starts
// after). A worker does not know where in the file its block lies, so it
// only says whether a line failed; the seam then checks the block again
// for the error, which names the line.
void CheckBlock(TrailLineVerifier& events, Block& block) {
  block.first = absl::string_view();
  block.failed = false;
  absl::string_view rest = block.all;
  const uint64_t verified_before = events.verified();
  bool started = false;
  uint64_t offset = 0;
  for (; !rest.empty(); ++offset) {
    const size_t newline = rest.find('\n');
    const absl::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == absl::string_view::npos ? rest.size() : newline + 1);
    if (line.empty() || block.failed) continue;
    if (!started) {
      started = true;
      block.first = line;
      block.first_offset = offset;
      // Not an event: the seam's check of this line says so; nothing after
      // it counts.
      block.failed = !events.StartAfter(line);
      continue;
    }
    block.failed = !events.Check(offset, line).ok();
  }
  block.lines = offset;
  block.verified = events.verified() - verified_before;
  block.last_position = events.last_position();
  block.last_hash = events.last_hash();
}

// The checkpoint line, checked by VerifyJsonlTrail itself (the one place
// that reads it): alone, it is a trail that ends after line 1.
absl::Status CheckFirstLine(absl::string_view line, bool had_newline, const SignerTrust& signers,
                            v1::Checkpoint* checkpoint, bool* complete) {
  std::istringstream first(absl::StrCat(line, had_newline ? "\n" : ""));
  uint64_t none = 0;
  const absl::Status status = VerifyJsonlTrail(first, signers, &none, checkpoint);
  // Only a checkpoint whose signature passed is handed out.
  if (checkpoint->public_key().empty()) return status;
  v1::cli::TrailLine parsed;
  if (!google::protobuf::util::JsonStringToMessage(std::string(line), &parsed).ok()) {
    return absl::DataLossError("line 1 is not a checkpoint");
  }
  *complete = parsed.complete();
  return absl::OkStatus();
}

}  // namespace

absl::Status VerifyJsonlTrailFile(const std::string& path, const SignerTrust& signers,
                                  uint64_t* verified_events, v1::Checkpoint* checked_against,
                                  Progress* progress, const TrailFileOptions& options) {
  *verified_events = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  BlockReader reader(fd, options.block_bytes, options.map_file);

  // Line 1, and the rest of the first block.
  auto head = std::make_unique<Block>();
  bool got = false;
  RETURN_IF_ERROR(reader.Next(&head->text, &head->all, &got));
  const absl::string_view text = head->all;
  const size_t newline = text.find('\n');
  v1::Checkpoint checkpoint;
  bool complete = false;
  if (absl::Status first =
          CheckFirstLine(text.substr(0, newline), newline != absl::string_view::npos, signers,
                         &checkpoint, &complete);
      !first.ok()) {
    return first;
  }
  if (checked_against != nullptr) *checked_against = checkpoint;
  if (progress != nullptr) progress->set_total(complete ? checkpoint.tree_size() : 0);
  head->all = newline == absl::string_view::npos ? absl::string_view() : text.substr(newline + 1);

  // Blocks in file order: handed to the workers through `pending`, merged
  // from the front of `in_flight` once done.
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const size_t max_in_flight = 2 * static_cast<size_t>(threads) + 1;
  std::mutex mu;
  std::condition_variable work_ready, block_done;
  std::deque<Block*> pending;
  // Declared before the workers are joined (below): a worker may still be
  // checking one of them when an error returns early.
  std::deque<std::unique_ptr<Block>> in_flight;
  std::vector<std::unique_ptr<Block>> spare;
  bool stop = false;
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      TrailLineVerifier events(checkpoint, complete);
      std::unique_lock lock(mu);
      while (true) {
        work_ready.wait(lock, [&] { return stop || !pending.empty(); });
        if (stop) return;
        Block* block = pending.front();
        pending.pop_front();
        lock.unlock();
        CheckBlock(events, *block);
        lock.lock();
        block->done = true;
        block_done.notify_all();
      }
    });
  }
  struct Joiner {
    std::mutex& mu;
    std::condition_variable& work_ready;
    bool& stop;
    std::vector<std::thread>& workers;
    ~Joiner() {
      {
        std::lock_guard lock(mu);
        stop = true;
      }
      work_ready.notify_all();
      for (std::thread& worker : workers) worker.join();
    }
  } joiner{mu, work_ready, stop, workers};

  bool more = true;
  const auto submit = [&](std::unique_ptr<Block> block) {
    block->done = false;
    {
      std::lock_guard lock(mu);
      pending.push_back(block.get());
      in_flight.push_back(std::move(block));
    }
    work_ready.notify_one();
  };
  submit(std::move(head));
  // The seam: each block's first line, checked after the last line of the
  // block before (position, hash) as Check would have checked it there.
  TrailLineVerifier seam(checkpoint, complete);
  uint64_t number = 2;  // Of the next block's first line.
  uint64_t position = 0;
  std::string hash;
  uint64_t verified = 0;
  while (true) {
    while (more && in_flight.size() < max_in_flight) {
      std::unique_ptr<Block> block;
      if (spare.empty()) {
        block = std::make_unique<Block>();
      } else {
        block = std::move(spare.back());
        spare.pop_back();
      }
      RETURN_IF_ERROR(reader.Next(&block->text, &block->all, &more));
      if (!more) break;
      submit(std::move(block));
    }
    if (in_flight.empty()) break;
    std::unique_ptr<Block> block;
    {
      std::unique_lock lock(mu);
      block_done.wait(lock, [&] { return in_flight.front()->done; });
      block = std::move(in_flight.front());
      in_flight.pop_front();
    }
    if (!block->first.empty()) {
      seam.ContinueAfter(position, hash);
      const uint64_t seam_before = seam.verified();
      if (absl::Status checked = seam.Check(number + block->first_offset, block->first);
          !checked.ok()) {
        return checked;
      }
      if (!block->failed) {
        verified += 1 + block->verified;
        position = block->last_position;
        hash = block->last_hash;
      } else {
        // Checked again here, line by line from the seam, for the error
        // that names the line (the worker did not know its number).
        absl::string_view rest = block->all;
        for (uint64_t offset = 0; !rest.empty(); ++offset) {
          const size_t newline = rest.find('\n');
          const absl::string_view line = rest.substr(0, newline);
          rest.remove_prefix(newline == absl::string_view::npos ? rest.size() : newline + 1);
          if (line.empty() || offset <= block->first_offset) continue;
          if (absl::Status checked = seam.Check(number + offset, line); !checked.ok()) {
            *verified_events = verified + (seam.verified() - seam_before);
            return checked;
          }
        }
        verified += seam.verified() - seam_before;
        position = seam.last_position();
        hash = seam.last_hash();
      }
      *verified_events = verified;
      if (progress != nullptr) progress->Update(complete ? position : verified);
    }
    number += block->lines;
    if (!block->all.empty()) reader.Release(block->all.data() + block->all.size());
    spare.push_back(std::move(block));
  }
  return TrailLineVerifier::CheckEnd(checkpoint, complete, position);
}

}  // namespace besluitlog::tools
