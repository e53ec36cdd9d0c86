#include "projections/time_index.h"

#include <algorithm>
#include <optional>
#include <string>

#include "ledger/core/big_endian.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::projections {
namespace {

// The version a time is kept under: microseconds since the epoch.
int64_t Micros(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000000 + time.nanos() / 1000;
}

class TimeIndexProjection final : public Projection {
 public:
  std::string name() const override { return kTimeIndex; }

  // Events of one group commit share their recorded time, so only the last
  // position of each run of equal times is written, when the time changes
  // and at the end of the batch.
  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const uint64_t time = static_cast<uint64_t>(std::max<int64_t>(Micros(event.recorded_at()), 0));
    if (pending_position_ != 0 && time != pending_time_) Stage(writer);
    pending_time_ = time;
    pending_position_ = event.global_position();
    return absl::OkStatus();
  }

  absl::Status EndOfBatch(ProjectionWriter& writer) override {
    if (pending_position_ != 0) Stage(writer);
    return absl::OkStatus();
  }

 private:
  void Stage(ProjectionWriter& writer) {
    std::string position;
    ledger::core::AppendBigEndian64(pending_position_, &position);
    writer.Put(kTimeIndexEntity, pending_time_, position);
    pending_position_ = 0;
  }

  uint64_t pending_time_ = 0;
  uint64_t pending_position_ = 0;  // 0: nothing pending.
};

}  // namespace

std::unique_ptr<Projection> NewTimeIndexProjection() {
  return std::make_unique<TimeIndexProjection>();
}

absl::StatusOr<uint64_t> PositionAtTime(const ProjectionStore& store,
                                        const google::protobuf::Timestamp& time) {
  const int64_t micros = Micros(time);
  if (micros <= 0) return absl::NotFoundError("nothing was recorded by then");
  ASSIGN_OR_RETURN(std::optional<std::string> at,
                   store.GetAsOf(kTimeIndex, kTimeIndexEntity, static_cast<uint64_t>(micros)));
  if (!at.has_value() || at->size() != 8) {
    return absl::NotFoundError("nothing was recorded by then");
  }
  return ledger::core::ReadBigEndian64(at->data());
}

}  // namespace besluitlog::projections
