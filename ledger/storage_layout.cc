#include "ledger/storage_layout.h"

#include "absl/strings/str_cat.h"

namespace besluitlog::ledger {

const char* ColumnFamilyName(ColumnFamily cf) {
  switch (cf) {
    case ColumnFamily::kDefault:
      return "default";
    case ColumnFamily::kEvents:
      return "events";
    case ColumnFamily::kStreamIndex:
      return "stream_index";
    case ColumnFamily::kEventIds:
      return "event_ids";
    case ColumnFamily::kMeta:
      return "meta";
    case ColumnFamily::kMerkle:
      return "merkle";
  }
  return "unknown";
}

std::string EventKey(uint64_t position) {
  std::string key;
  core::AppendBigEndian64(position, &key);
  return key;
}

std::optional<uint64_t> DecodeEventKey(absl::string_view key) {
  if (key.size() != 8) return std::nullopt;
  return core::ReadBigEndian64(key.data());
}

std::string StreamIndexKey(absl::string_view stream_id, uint64_t version) {
  std::string key;
  key.reserve(stream_id.size() + 9);
  key.append(stream_id.data(), stream_id.size());
  key.push_back('\0');
  core::AppendBigEndian64(version, &key);
  return key;
}

std::string MerkleNodeKey(int level, uint64_t index) {
  std::string key(1, static_cast<char>(level));
  core::AppendBigEndian64(index, &key);
  return key;
}

}  // namespace besluitlog::ledger
