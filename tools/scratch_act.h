// ScratchAct: decodes governance acts one after the other on one arena
// whose memory is reused, for the export's loops over a million events: a
// heap message per act (and its strings, and freeing them) kept the
// allocator busy for a tenth of an export's time.
//
// What decodes is what ledger::core::DecodeGovernanceEvent accepts: the
// governance content type, a payload that parses, an act that is set. The
// act returned lives until the next Decode() or the ScratchAct's end. Not
// thread-safe: one per thread.
#ifndef BESLUITLOG_TOOLS_SCRATCH_ACT_H_
#define BESLUITLOG_TOOLS_SCRATCH_ACT_H_

#include <array>

#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "google/protobuf/arena.h"
#include "ledger/core/governance_codec.h"

namespace besluitlog::tools {

class ScratchAct {
 public:
  ScratchAct() = default;
  ScratchAct(const ScratchAct&) = delete;
  ScratchAct& operator=(const ScratchAct&) = delete;

  // The event's act, or null when it holds none.
  const v1::GovernanceEvent* Decode(const v1::Event& event) {
    arena_.Reset();  // The previous act's memory; its first block stays.
    if (event.content_type() != ledger::core::kGovernanceContentType) return nullptr;
    auto* act = google::protobuf::Arena::CreateMessage<v1::GovernanceEvent>(&arena_);
    if (!act->ParseFromString(event.payload()) ||
        act->event_case() == v1::GovernanceEvent::EVENT_NOT_SET) {
      return nullptr;
    }
    return act;
  }

 private:
  static google::protobuf::ArenaOptions Options(std::array<char, 16 << 10>& block) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block.data();
    options.initial_block_size = block.size();
    return options;
  }

  std::array<char, 16 << 10> block_;
  google::protobuf::Arena arena_{Options(block_)};
};

}  // namespace besluitlog::tools

#endif  // BESLUITLOG_TOOLS_SCRATCH_ACT_H_
