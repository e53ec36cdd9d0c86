#include "ledger/core/big_endian.h"

namespace besluitlog::ledger::core {

void AppendBigEndian64(uint64_t value, std::string* out) {
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    buf[i] = static_cast<char>(value >> (56 - 8 * i));
  }
  out->append(buf, sizeof(buf));
}

uint64_t ReadBigEndian64(const char* bytes) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return value;
}

}  // namespace besluitlog::ledger::core
