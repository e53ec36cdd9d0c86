#include "ledger/key_prefix.h"

#include <cstring>

namespace besluitlog::ledger {
namespace {

class ZeroTerminatedPrefix final : public rocksdb::SliceTransform {
 public:
  ZeroTerminatedPrefix(const char* name, char lead) : name_(name), lead_(lead) {}

  const char* Name() const override { return name_; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* zero = memchr(key.data(), '\0', key.size());
    const size_t length =
        zero == nullptr ? key.size() : static_cast<const char*>(zero) - key.data() + 1;
    return rocksdb::Slice(key.data(), length);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    if (lead_ != '\0' && (key.empty() || key[0] != lead_)) return false;
    return memchr(key.data(), '\0', key.size()) != nullptr;
  }

 private:
  const char* const name_;
  const char lead_;
};

}  // namespace

std::shared_ptr<const rocksdb::SliceTransform> NewZeroTerminatedPrefix(const char* name,
                                                                       char lead) {
  return std::make_shared<ZeroTerminatedPrefix>(name, lead);
}

}  // namespace besluitlog::ledger
