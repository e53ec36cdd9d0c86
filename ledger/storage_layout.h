// The RocksDB layout of the event log: column families and key encodings.
//
// Grammar (all integers big-endian so that byte order equals numeric order):
//   events:       u64 position                        -> serialized v1.Event
//   stream_index: stream_id 0x00 u64 version          -> u64 position
//   event_ids:    uuid (16 bytes)                     -> u64 position
//   merkle:       u8 level, u64 index                  -> 32-byte hash of the perfect
//                 subtree of 2^level leaves starting at leaf index * 2^level
//                 (RFC 9162; leaf i is the event at position i + 1)
//   meta:         "head"                              -> u64 position || hash (32 bytes)
//                 "format"                            -> "besluitlog-1"
//                 "damage"                            -> u64 position || found_by 0x00
//                                                        problem (only once damage was
//                                                        found; never removed)
// Stream ids never contain 0x00 (validated on append), so the stream_index
// prefix `stream_id 0x00` of one stream never prefixes another stream's keys.
// docs/storage.md describes the same layout for readers outside the code.
#ifndef BESLUITLOG_LEDGER_STORAGE_LAYOUT_H_
#define BESLUITLOG_LEDGER_STORAGE_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "ledger/core/big_endian.h"
#include "ledger/core/sha256.h"  // kHashSize

namespace besluitlog::ledger {

enum class ColumnFamily : int {
  kDefault = 0,  // Required by RocksDB; holds nothing.
  kEvents = 1,
  kStreamIndex = 2,
  kEventIds = 3,
  kMeta = 4,
  kMerkle = 5,
};
inline constexpr int kColumnFamilyCount = 6;

// RocksDB's name for each column family, indexed by ColumnFamily.
const char* ColumnFamilyName(ColumnFamily cf);

inline constexpr absl::string_view kHeadKey = "head";
inline constexpr absl::string_view kDamageKey = "damage";
inline constexpr absl::string_view kFormatKey = "format";
inline constexpr absl::string_view kFormatValue = "besluitlog-1";

std::string EventKey(uint64_t position);
// Decodes an events key; nullopt when it is not 8 bytes.
std::optional<uint64_t> DecodeEventKey(absl::string_view key);

std::string StreamIndexKey(absl::string_view stream_id, uint64_t version);
std::string MerkleNodeKey(int level, uint64_t index);

}  // namespace besluitlog::ledger

#endif  // BESLUITLOG_LEDGER_STORAGE_LAYOUT_H_
