// The "time_index" projection: the last position recorded at or before each
// microsecond, so that views can be read as of a time. One entity
// (kTimeIndexEntity) whose version at microsecond T holds the position as
// u64 big-endian; only the last position of each run of equal recorded
// times is written.
#ifndef BESLUITLOG_PROJECTIONS_TIME_INDEX_H_
#define BESLUITLOG_PROJECTIONS_TIME_INDEX_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "google/protobuf/timestamp.pb.h"
#include "projections/projection.h"
#include "projections/projection_store.h"

namespace besluitlog::projections {

inline constexpr char kTimeIndex[] = "time_index";
// The time index keeps its versions under this one entity.
inline constexpr char kTimeIndexEntity[] = "t";

std::unique_ptr<Projection> NewTimeIndexProjection();

// The last position recorded at or before `time`; NOT_FOUND when nothing
// was recorded by then.
[[nodiscard]] absl::StatusOr<uint64_t> PositionAtTime(const ProjectionStore& store,
                                                      const google::protobuf::Timestamp& time);

}  // namespace besluitlog::projections

#endif  // BESLUITLOG_PROJECTIONS_TIME_INDEX_H_
