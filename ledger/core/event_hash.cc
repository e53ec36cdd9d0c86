#include "ledger/core/event_hash.h"

#include <cstdint>
#include <utility>

#include "ledger/core/big_endian.h"
#include "ledger/core/sha256.h"

namespace besluitlog::ledger::core {
namespace {

constexpr char kDomainTag[] = "besluitlog.event.v1";

void AppendU32(uint32_t v, std::string* out) {
  const char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(buf, 4);
}

void AppendString(const std::string& s, std::string* out) {
  AppendU32(static_cast<uint32_t>(s.size()), out);
  out->append(s);
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string* const genesis = new std::string(kHashSize, '\0');
  return *genesis;
}

std::string CanonicalEventBytes(const v1::Event& event) {
  std::string out;
  CanonicalEventBytesInto(event, &out);
  return out;
}

void CanonicalEventBytesInto(const v1::Event& event, std::string* out_string) {
  std::string& out = *out_string;
  out.clear();
  out.reserve(128 + event.payload().size() + event.stream_id().size());
  out.append(kDomainTag);
  AppendString(event.event_id(), &out);
  AppendString(event.stream_id(), &out);
  AppendBigEndian64(event.stream_version(), &out);
  AppendBigEndian64(event.global_position(), &out);
  AppendString(event.event_type(), &out);
  AppendBigEndian64(static_cast<uint64_t>(event.recorded_at().seconds()), &out);
  AppendU32(static_cast<uint32_t>(event.recorded_at().nanos()), &out);
  AppendString(event.actor(), &out);
  AppendString(event.correlation_id(), &out);
  AppendString(event.causation_id(), &out);
  AppendString(event.content_type(), &out);
  AppendString(event.payload(), &out);
}

std::string ComputeEventHash(const v1::Event& event, std::string* canonical) {
  std::string bytes = CanonicalEventBytes(event);
  std::string digest = Sha256(event.prev_hash(), bytes);
  if (canonical != nullptr) *canonical = std::move(bytes);
  return digest;
}

Digest ComputeEventDigest(const v1::Event& event, std::string* canonical) {
  CanonicalEventBytesInto(event, canonical);
  return Sha256Digest(event.prev_hash(), *canonical);
}

std::string HashToHex(const std::string& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(hash.size() * 2);
  for (unsigned char c : hash) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

}  // namespace besluitlog::ledger::core
