#include "tools/trail_line_verifier.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/sha256.h"
#include "tools/message_json.h"

namespace besluitlog::tools {
namespace {

// Nesting deeper than this in a skipped value is refused rather than
// followed (a trail line nests three levels).
constexpr int kMaxDepth = 64;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// A cursor over one line of JSON (RFC 8259). Every method returns false on
// anything that is not valid JSON of the expected kind.
class Json {
 public:
  explicit Json(absl::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  // Consumes `null` when it comes next.
  bool Null() {
    SkipSpace();
    if (end_ - p_ >= 4 && std::memcmp(p_, "null", 4) == 0) {
      p_ += 4;
      return true;
    }
    return false;
  }

  // A string: `*out` views the text itself when it holds no escapes, else
  // `*scratch`, which receives it decoded.
  bool String(absl::string_view* out, std::string* scratch) {
    if (!Consume('"')) return false;
    const char* start = p_;
    SkipPlain();
    if (p_ == end_) return false;
    if (*p_ == '"') {
      *out = absl::string_view(start, p_ - start);
      ++p_;
      return true;
    }
    scratch->assign(start, p_ - start);
    while (p_ < end_) {
      const char c = *p_++;
      if (c == '"') {
        *out = *scratch;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        scratch->push_back(c);
        continue;
      }
      if (p_ == end_) return false;
      switch (const char e = *p_++) {
        case '"':
        case '\\':
        case '/':
          scratch->push_back(e);
          break;
        case 'b':
          scratch->push_back('\b');
          break;
        case 'f':
          scratch->push_back('\f');
          break;
        case 'n':
          scratch->push_back('\n');
          break;
        case 'r':
          scratch->push_back('\r');
          break;
        case 't':
          scratch->push_back('\t');
          break;
        case 'u': {
          uint32_t code = 0;
          if (!Hex4(&code)) return false;
          if (code >= 0xDC00 && code <= 0xDFFF) return false;  // A lone low surrogate.
          if (code >= 0xD800 && code <= 0xDBFF) {
            uint32_t low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(code, scratch);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  // A string of hex digits only (`digits` says which), without escapes:
  // consumed, its bytes appended to `*out` and its text viewed in `*raw`.
  // False, with nothing consumed or appended, for anything else (which
  // String then reads). `size`, if not 0, is the number of digits wanted.
  // One pass where String and a decoder after it would take two.
  bool PlainHex(const std::array<int8_t, 256>& digits, size_t size, std::string* out,
                absl::string_view* raw) {
    SkipSpace();
    if (p_ == end_ || *p_ != '"') return false;
    const unsigned char* in = reinterpret_cast<const unsigned char*>(p_ + 1);
    const unsigned char* const stop = reinterpret_cast<const unsigned char*>(end_);
    const size_t start = out->size();
    if (size != 0) {
      if (static_cast<size_t>(stop - in) < size + 1 || in[size] != '"') return false;
    } else {
      const void* quote = std::memchr(in, '"', static_cast<size_t>(stop - in));
      if (quote == nullptr) return false;
      size = static_cast<size_t>(static_cast<const unsigned char*>(quote) - in);
    }
    if (size % 2 != 0) return false;
    out->resize(start + size / 2);
    char* o = out->data() + start;
    int bad = 0;
    for (size_t i = 0; i < size; i += 2) {
      const int high = digits[in[i]];
      const int low = digits[in[i + 1]];
      bad |= high | low;
      *o++ = static_cast<char>((high << 4) | (low & 0xF));
    }
    if (bad < 0) {
      out->resize(start);
      return false;
    }
    *raw = absl::string_view(p_ + 1, size);
    p_ += size + 2;
    return true;
  }

  // Consumes the string `"expected"` when it comes next; `expected` holds
  // nothing that needs an escape.
  bool StringEquals(absl::string_view expected) {
    SkipSpace();
    const size_t size = expected.size();
    if (static_cast<size_t>(end_ - p_) < size + 2 || p_[0] != '"' || p_[size + 1] != '"' ||
        std::memcmp(p_ + 1, expected.data(), size) != 0) {
      return false;
    }
    p_ += size + 2;
    return true;
  }

  // An unsigned 64-bit integer, as protobuf's JSON mapping writes it (a
  // string of digits) or as a JSON number without fraction or exponent.
  bool Uint64(uint64_t* out) {
    SkipSpace();
    const bool quoted = p_ < end_ && *p_ == '"';
    if (quoted) ++p_;
    const char* start = p_;
    uint64_t value = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      const uint64_t digit = static_cast<uint64_t>(*p_ - '0');
      if (value > (UINT64_MAX - digit) / 10) return false;
      value = value * 10 + digit;
      ++p_;
    }
    if (p_ == start) return false;
    if (quoted) {
      if (p_ == end_ || *p_ != '"') return false;
      ++p_;
    }
    *out = value;
    return true;
  }

  // Any value, skipped.
  // Skips the next value and views its JSON text in `*text`.
  bool SkipValueText(std::string* scratch, absl::string_view* text) {
    SkipSpace();
    const char* begin = p_;
    if (!SkipValue(1, scratch)) return false;
    *text = absl::string_view(begin, static_cast<size_t>(p_ - begin));
    return true;
  }
  bool SkipValue(int depth, std::string* scratch) {
    if (depth > kMaxDepth) return false;
    SkipSpace();
    if (p_ == end_) return false;
    switch (*p_) {
      case '"': {
        absl::string_view ignored;
        return String(&ignored, scratch);
      }
      case '{':
        ++p_;
        if (Consume('}')) return true;
        do {
          absl::string_view key;
          if (!String(&key, scratch) || !Consume(':') || !SkipValue(depth + 1, scratch)) {
            return false;
          }
        } while (Consume(','));
        return Consume('}');
      case '[':
        ++p_;
        if (Consume(']')) return true;
        do {
          if (!SkipValue(depth + 1, scratch)) return false;
        } while (Consume(','));
        return Consume(']');
      case 't':
        return Word("true");
      case 'f':
        return Word("false");
      case 'n':
        return Word("null");
      default:
        return Number();
    }
  }

 private:
  // What ends the plain run of a string: its quote, an escape, a control
  // character (which JSON does not allow in a string).
  static const std::array<bool, 256>& Special() {
    static const std::array<bool, 256> special = [] {
      std::array<bool, 256> table{};
      for (int c = 0; c < 0x20; ++c) table[c] = true;
      table['"'] = table['\\'] = true;
      return table;
    }();
    return special;
  }
  // Moves past the plain run of a string (up to its quote, an escape or a
  // control character), eight bytes at a time where it can: the hex of a
  // trail line is most of its bytes.
  void SkipPlain() {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    constexpr uint64_t kHigh = 0x8080808080808080ULL;
    while (end_ - p_ >= 8) {
      uint64_t v;
      std::memcpy(&v, p_, 8);
      // A byte < 0x20, or equal to '"' or '\\' (the has-less-than and
      // has-zero-byte tests of "Bit Twiddling Hacks": never a miss, at
      // worst a false alarm past a true one, which the loop below sorts).
      const uint64_t quote = v ^ (kOnes * '"');
      const uint64_t backslash = v ^ (kOnes * '\\');
      const uint64_t found = (((v - kOnes * 0x20) & ~v) | ((quote - kOnes) & ~quote) |
                              ((backslash - kOnes) & ~backslash)) &
                             kHigh;
      if (found != 0) break;
      p_ += 8;
    }
    const std::array<bool, 256>& special = Special();
    while (p_ < end_ && !special[static_cast<unsigned char>(*p_)]) ++p_;
  }
  bool Hex4(uint32_t* out) {
    if (end_ - p_ < 4) return false;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = HexDigit(p_[i]);
      if (digit < 0) return false;
      value = value * 16 + static_cast<uint32_t>(digit);
    }
    p_ += 4;
    *out = value;
    return true;
  }
  bool Word(absl::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        absl::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }
  // -? int frac? exp?
  bool Number() {
    if (p_ < end_ && *p_ == '-') ++p_;
    if (!Digits()) return false;
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (!Digits()) return false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!Digits()) return false;
    }
    return true;
  }
  bool Digits() {
    const char* start = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > start;
  }

  const char* p_;
  const char* const end_;
};

// Base64 digits of both alphabets (protobuf's JSON parser takes either).
const std::array<int8_t, 256>& Base64Table() {
  static const std::array<int8_t, 256> table = [] {
    std::array<int8_t, 256> t;
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 62; ++i)
      t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    t['+'] = t['-'] = 62;
    t['/'] = t['_'] = 63;
    return t;
  }();
  return table;
}

// Appends the bytes of base64 `text` (padding optional); false when it is
// not base64.
bool AppendBase64(absl::string_view text, std::string* out) {
  size_t padding = 0;
  while (!text.empty() && text.back() == '=' && padding < 2) {
    text.remove_suffix(1);
    ++padding;
  }
  if (text.size() % 4 == 1 || (padding > 0 && (text.size() + padding) % 4 != 0)) return false;
  const std::array<int8_t, 256>& table = Base64Table();
  const size_t start = out->size();
  out->resize(start + text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1));
  char* o = out->data() + start;
  size_t i = 0;
  for (; i + 4 <= text.size(); i += 4) {
    const int a = table[static_cast<unsigned char>(text[i])];
    const int b = table[static_cast<unsigned char>(text[i + 1])];
    const int c = table[static_cast<unsigned char>(text[i + 2])];
    const int d = table[static_cast<unsigned char>(text[i + 3])];
    if ((a | b | c | d) < 0) return false;
    const uint32_t v = (static_cast<uint32_t>(a) << 18) | (static_cast<uint32_t>(b) << 12) |
                       (static_cast<uint32_t>(c) << 6) | static_cast<uint32_t>(d);
    *o++ = static_cast<char>(v >> 16);
    *o++ = static_cast<char>(v >> 8);
    *o++ = static_cast<char>(v);
  }
  const size_t rest = text.size() - i;
  if (rest > 0) {
    uint32_t v = 0;
    for (size_t k = 0; k < rest; ++k) {
      const int digit = table[static_cast<unsigned char>(text[i + k])];
      if (digit < 0) return false;
      v |= static_cast<uint32_t>(digit) << (18 - 6 * k);
    }
    *o++ = static_cast<char>(v >> 16);
    if (rest == 3) *o++ = static_cast<char>(v >> 8);
  }
  return true;
}

// The value of each hex digit, -1 for any other byte; upper-case digits
// only when `upper`.
const std::array<int8_t, 256>& HexTable(bool upper) {
  static const std::array<std::array<int8_t, 256>, 2> tables = [] {
    std::array<std::array<int8_t, 256>, 2> t;
    for (int u = 0; u < 2; ++u) {
      t[u].fill(-1);
      for (int c = 0; c < 256; ++c) {
        const int digit = HexDigit(static_cast<char>(c));
        if (digit >= 0 && (u == 1 || !(c >= 'A' && c <= 'F'))) t[u][c] = static_cast<int8_t>(digit);
      }
    }
    return t;
  }();
  return tables[upper ? 1 : 0];
}

// Appends the bytes of lower-case hex `text`; false for anything else (an
// old trail's base64 payload included).
bool AppendLowerHex(absl::string_view text, std::string* out) {
  if (text.size() % 2 != 0) return false;
  const std::array<int8_t, 256>& digits = HexTable(/*upper=*/false);
  const size_t start = out->size();
  out->resize(start + text.size() / 2);
  char* o = out->data() + start;
  const unsigned char* in = reinterpret_cast<const unsigned char*>(text.data());
  // Digits are or-ed together so that one test per line says whether any
  // was not one (-1); a table instead of branches, as this is every byte
  // of every payload.
  int bad = 0;
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = digits[in[i]];
    const int low = digits[in[i + 1]];
    bad |= high | low;
    *o++ = static_cast<char>((high << 4) | (low & 0xF));
  }
  return bad >= 0;
}

// A hash: 64 hex digits (either case), else base64.
bool AppendHash(absl::string_view text, std::string* out) {
  if (text.size() == 2 * ledger::core::kHashSize) {
    const std::array<int8_t, 256>& digits = HexTable(/*upper=*/true);
    const unsigned char* in = reinterpret_cast<const unsigned char*>(text.data());
    std::array<char, ledger::core::kHashSize> bytes;
    int bad = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
      const int high = digits[in[2 * i]];
      const int low = digits[in[2 * i + 1]];
      bad |= high | low;
      bytes[i] = static_cast<char>((high << 4) | (low & 0xF));
    }
    if (bad >= 0) {
      out->append(bytes.data(), bytes.size());
      return true;
    }
  }
  return AppendBase64(text, out);
}

bool Fixed(absl::string_view text, size_t at, size_t digits, int* out) {
  int value = 0;
  for (size_t i = at; i < at + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// RFC 3339 as protobuf's Timestamp mapping reads it. The form every export
// writes ("2026-11-30T00:23:00.553526Z") is read here; any other form (an
// offset, say) is left to protobuf's own parser.
bool ParseTimestamp(absl::string_view text, google::protobuf::Timestamp* out) {
  int year, month, day, hour, minute, second;
  if (text.size() >= 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' &&
      text[16] == ':' && text.back() == 'Z' && Fixed(text, 0, 4, &year) &&
      Fixed(text, 5, 2, &month) && Fixed(text, 8, 2, &day) && Fixed(text, 11, 2, &hour) &&
      Fixed(text, 14, 2, &minute) && Fixed(text, 17, 2, &second) && year >= 1 && month >= 1 &&
      month <= 12 && day >= 1 && day <= DaysInMonth(year, month) && hour < 24 && minute < 60 &&
      second < 60) {
    const absl::string_view fraction = text.substr(19, text.size() - 20);
    int32_t nanos = 0;
    bool plain = fraction.empty();
    if (!plain && fraction[0] == '.' && fraction.size() >= 2 && fraction.size() <= 10) {
      plain = true;
      for (size_t i = 1; i < 10; ++i) {
        const char c = i < fraction.size() ? fraction[i] : '0';
        if (c < '0' || c > '9') plain = false;
        nanos = nanos * 10 + (c - '0');
      }
    }
    if (plain) {
      out->set_seconds(DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                       second);
      out->set_nanos(nanos);
      return true;
    }
  }
  return google::protobuf::util::TimeUtil::FromString(std::string(text), out);
}

enum class Field {
  kOther,
  kEventId,
  kStreamId,
  kStreamVersion,
  kGlobalPosition,
  kEventType,
  kRecordedAt,
  kActor,
  kCorrelationId,
  kCausationId,
  kContentType,
  kPayload,
  kPrevHash,
  kHash,
};

// Both spellings protobuf's JSON parser accepts.
Field EventField(absl::string_view key) {
  struct Name {
    absl::string_view camel, proto;
    Field field;
  };
  static constexpr Name kNames[] = {
      {"eventId", "event_id", Field::kEventId},
      {"streamId", "stream_id", Field::kStreamId},
      {"streamVersion", "stream_version", Field::kStreamVersion},
      {"globalPosition", "global_position", Field::kGlobalPosition},
      {"eventType", "event_type", Field::kEventType},
      {"recordedAt", "recorded_at", Field::kRecordedAt},
      {"actor", "actor", Field::kActor},
      {"correlationId", "correlation_id", Field::kCorrelationId},
      {"causationId", "causation_id", Field::kCausationId},
      {"contentType", "content_type", Field::kContentType},
      {"payload", "payload", Field::kPayload},
      {"prevHash", "prev_hash", Field::kPrevHash},
      {"hash", "hash", Field::kHash},
  };
  for (const Name& name : kNames) {
    if (key == name.camel || key == name.proto) return name.field;
  }
  return Field::kOther;
}

// A string field: a JSON string, or null for the empty default.
bool ReadText(Json& json, std::string* scratch, std::string* field) {
  field->clear();
  if (json.Null()) return true;
  absl::string_view text;
  if (!json.String(&text, scratch)) return false;
  field->assign(text.data(), text.size());
  return true;
}

bool ReadNumber(Json& json, uint64_t* field) {
  *field = 0;
  return json.Null() || json.Uint64(field);
}

bool ReadEvent(Json& json, std::string* key_scratch, std::string* scratch, v1::Event* event,
               absl::string_view* act, absl::string_view* data) {
  event->Clear();
  *act = *data = absl::string_view();
  if (!json.Consume('{')) return false;
  if (json.Consume('}')) return true;
  // A key given twice (or in both spellings) could show a reader one value
  // while the hash covers the other: refused.
  uint32_t seen = 0;
  constexpr uint32_t kActSeen = 1u << 30, kDataSeen = 1u << 31;
  do {
    absl::string_view key;
    if (!json.String(&key, key_scratch) || !json.Consume(':')) return false;
    const Field field = EventField(key);
    const uint32_t bit = field != Field::kOther ? 1u << static_cast<int>(field)
                         : key == "act"         ? kActSeen
                         : key == "data"        ? kDataSeen
                                                : 0;
    if ((seen & bit) != 0) return false;
    seen |= bit;
    bool ok = true;
    absl::string_view text;
    uint64_t number = 0;
    switch (field) {
      case Field::kOther:
        // The decoded views are kept to be compared with the payload.
        if (key == "act") {
          ok = json.SkipValueText(scratch, act);
        } else if (key == "data") {
          ok = json.SkipValueText(scratch, data);
        } else {
          ok = json.SkipValue(1, scratch);
        }
        break;
      case Field::kEventId:
        ok = ReadText(json, scratch, event->mutable_event_id());
        break;
      case Field::kStreamId:
        ok = ReadText(json, scratch, event->mutable_stream_id());
        break;
      case Field::kEventType:
        ok = ReadText(json, scratch, event->mutable_event_type());
        break;
      case Field::kActor:
        ok = ReadText(json, scratch, event->mutable_actor());
        break;
      case Field::kCorrelationId:
        ok = ReadText(json, scratch, event->mutable_correlation_id());
        break;
      case Field::kCausationId:
        ok = ReadText(json, scratch, event->mutable_causation_id());
        break;
      case Field::kContentType:
        ok = ReadText(json, scratch, event->mutable_content_type());
        break;
      case Field::kStreamVersion:
        ok = ReadNumber(json, &number);
        event->set_stream_version(number);
        break;
      case Field::kGlobalPosition:
        ok = ReadNumber(json, &number);
        event->set_global_position(number);
        break;
      case Field::kRecordedAt:
        event->clear_recorded_at();
        if (!json.Null()) {
          ok = json.String(&text, scratch) && ParseTimestamp(text, event->mutable_recorded_at());
        }
        break;
      case Field::kPayload:
      case Field::kPrevHash:
      case Field::kHash: {
        std::string* bytes = field == Field::kPayload    ? event->mutable_payload()
                             : field == Field::kPrevHash ? event->mutable_prev_hash()
                                                         : event->mutable_hash();
        bytes->clear();
        if (!json.Null()) {
          ok = (field == Field::kPayload
                    ? json.PlainHex(HexTable(/*upper=*/false), 0, bytes, &text)
                    : json.PlainHex(HexTable(/*upper=*/true), 2 * ledger::core::kHashSize, bytes,
                                    &text)) ||
               (json.String(&text, scratch) &&
                (field == Field::kPayload ? AppendLowerHex(text, bytes) : AppendHash(text, bytes)));
        }
        break;
      }
    }
    if (!ok) return false;
  } while (json.Consume(','));
  return json.Consume('}');
}

}  // namespace

TrailLineVerifier::TrailLineVerifier(const v1::Checkpoint& checkpoint, bool complete)
    : checkpoint_(checkpoint),
      complete_(complete),
      inclusion_(checkpoint.tree_size(), checkpoint.root_hash()) {}

bool TrailLineVerifier::Parse(absl::string_view text) {
  leaf_index_ = 0;
  tree_size_ = 0;
  // The last line's proof stays for comparison; this line's goes in the
  // other buffers.
  proof_bytes_.swap(last_proof_bytes_);
  proof_ends_.swap(last_proof_ends_);
  proof_text_.swap(last_proof_text_);
  proof_text_ends_.swap(last_proof_text_ends_);
  proof_bytes_.clear();
  proof_ends_.clear();
  proof_text_.clear();
  proof_text_ends_.clear();
  proof_.clear();
  bool has_event = false;
  bool has_proof = false;
  bool seen_event = false, seen_proof = false, seen_leaf = false, seen_size = false,
       seen_hashes = false;
  // True when `*seen` was already set: a key given twice is refused.
  const auto again = [](bool* seen) { return std::exchange(*seen, true); };
  Json json(text);
  if (!json.Consume('{')) return false;
  if (!json.Consume('}')) {
    do {
      absl::string_view key;
      if (!json.String(&key, &key_scratch_) || !json.Consume(':')) return false;
      if ((key == "event" && again(&seen_event)) || (key == "proof" && again(&seen_proof))) {
        return false;
      }
      if (key == "event") {
        has_event = !json.Null();
        if (has_event && !ReadEvent(json, &key_scratch_, &scratch_, &event_, &act_, &data_))
          return false;
      } else if (key == "proof") {
        has_proof = !json.Null();
        if (!has_proof) continue;
        if (!json.Consume('{')) return false;
        if (json.Consume('}')) continue;
        do {
          absl::string_view name;
          if (!json.String(&name, &key_scratch_) || !json.Consume(':')) return false;
          bool ok = true;
          const bool is_leaf = name == "leafIndex" || name == "leaf_index";
          const bool is_size = name == "treeSize" || name == "tree_size";
          if ((is_leaf && again(&seen_leaf)) || (is_size && again(&seen_size)) ||
              (name == "hashes" && again(&seen_hashes))) {
            return false;
          }
          if (is_leaf) {
            ok = ReadNumber(json, &leaf_index_);
          } else if (is_size) {
            ok = ReadNumber(json, &tree_size_);
          } else if (name == "hashes") {
            proof_bytes_.clear();
            proof_ends_.clear();
            proof_text_.clear();
            proof_text_ends_.clear();
            if (json.Null()) continue;
            if (!json.Consume('[')) return false;
            if (json.Consume(']')) continue;
            do {
              // Neighbouring events share most of their proof: a hash
              // spelled as the last line spelled it at the same place is
              // taken as it was decoded then.
              const size_t i = proof_ends_.size();
              if (i < last_proof_ends_.size()) {
                const size_t text_begin = i == 0 ? 0 : last_proof_text_ends_[i - 1];
                const absl::string_view last_text(last_proof_text_.data() + text_begin,
                                                  last_proof_text_ends_[i] - text_begin);
                if (!last_text.empty() && json.StringEquals(last_text)) {
                  const size_t begin = i == 0 ? 0 : last_proof_ends_[i - 1];
                  proof_bytes_.append(last_proof_bytes_, begin, last_proof_ends_[i] - begin);
                  proof_ends_.push_back(proof_bytes_.size());
                  proof_text_.append(last_text.data(), last_text.size());
                  proof_text_ends_.push_back(proof_text_.size());
                  continue;
                }
              }
              absl::string_view hash;
              if (!json.PlainHex(HexTable(/*upper=*/true), 2 * ledger::core::kHashSize,
                                 &proof_bytes_, &hash) &&
                  (!json.String(&hash, &scratch_) || !AppendHash(hash, &proof_bytes_))) {
                return false;
              }
              proof_ends_.push_back(proof_bytes_.size());
              // Only a plain spelling is remembered (StringEquals needs one).
              if (hash.data() != scratch_.data()) proof_text_.append(hash.data(), hash.size());
              proof_text_ends_.push_back(proof_text_.size());
            } while (json.Consume(','));
            ok = json.Consume(']');
          } else {
            ok = json.SkipValue(2, &scratch_);
          }
          if (!ok) return false;
        } while (json.Consume(','));
        if (!json.Consume('}')) return false;
      } else if (!json.SkipValue(1, &scratch_)) {
        return false;
      }
    } while (json.Consume(','));
    if (!json.Consume('}')) return false;
  }
  if (!json.AtEnd()) return false;
  // Views only now: appending may have moved the bytes.
  size_t begin = 0;
  for (size_t end : proof_ends_) {
    proof_.emplace_back(proof_bytes_.data() + begin, end - begin);
    begin = end;
  }
  return has_event && has_proof;
}

bool TrailLineVerifier::DecodedViewsMatchPayload() {
  const bool has_act = !act_.empty() && act_ != "null";
  const bool has_data = !data_.empty() && data_ != "null";
  // One payload has one decoded view: a governance act or JSON data.
  if (has_act && has_data) return false;
  if (has_act) {
    absl::StatusOr<v1::GovernanceEvent> decoded = ledger::core::DecodeGovernanceEvent(event_);
    if (!decoded.ok()) return false;
    // An export prints the act exactly so; anything else (a reformatted
    // line) is compared by meaning, more slowly. The printer shows known
    // fields only, so unknown ones are dropped just for that comparison.
    rendered_.clear();
    if (AppendMessageJson(*decoded, &rendered_) && rendered_ == act_) return true;
    decoded->DiscardUnknownFields();
    v1::GovernanceEvent stated;
    return google::protobuf::util::JsonStringToMessage(std::string(act_), &stated).ok() &&
           stated.SerializeAsString() == decoded->SerializeAsString();
  }
  if (has_data) {
    google::protobuf::Value stated, payload;
    return google::protobuf::util::JsonStringToMessage(std::string(data_), &stated).ok() &&
           google::protobuf::util::JsonStringToMessage(event_.payload(), &payload).ok() &&
           stated.SerializeAsString() == payload.SerializeAsString();
  }
  return true;
}

bool TrailLineVerifier::StartAfter(absl::string_view text) {
  if (!Parse(text)) return false;
  previous_ = event_.global_position();
  previous_hash_.assign(event_.hash());
  return true;
}

void TrailLineVerifier::ContinueAfter(uint64_t position, absl::string_view hash) {
  previous_ = position;
  previous_hash_.assign(hash.data(), hash.size());
}

absl::Status TrailLineVerifier::Check(uint64_t number, absl::string_view text) {
  // The message is built only for a line that fails.
  const auto fail = [number](absl::string_view what) {
    return absl::DataLossError(absl::StrCat("line ", number, ": ", what));
  };
  if (!Parse(text)) return fail("not an event with a proof");
  const uint64_t position = event_.global_position();
  if (position <= previous_) {
    return fail(absl::StrCat("position ", position, " comes after ", previous_,
                             ": lines were reordered or repeated"));
  }
  if (complete_ && position != previous_ + 1) {
    return fail(absl::StrCat("position ", previous_ + 1, " is missing from a complete trail"));
  }
  const ledger::core::Digest hash = ledger::core::ComputeEventDigest(event_, &canonical_);
  if (ledger::core::DigestView(hash) != event_.hash()) {
    return fail(absl::StrCat("the event at position ", position,
                             " was edited (its contents do not match its hash)"));
  }
  if (leaf_index_ != position - 1 || tree_size_ != checkpoint_.tree_size()) {
    return fail("the proof is for another leaf or tree");
  }
  // Consecutive events are chained: the leaf covers neither hash, so only
  // the chain ties a line's prevHash (and so its hash) to the line before.
  if (position == previous_ + 1 &&
      event_.prev_hash() != (previous_ == 0 ? ledger::core::GenesisHash() : previous_hash_)) {
    return fail(absl::StrCat("the event at position ", position,
                             " does not follow the event before it (its previous hash is not "
                             "that event's hash)"));
  }
  if (!DecodedViewsMatchPayload()) {
    return fail(absl::StrCat("the decoded act of the event at position ", position,
                             " was edited (it does not say what the payload's bytes say)"));
  }
  const ledger::core::Digest leaf = ledger::core::MerkleLeafDigest(canonical_);
  const absl::Status included =
      inclusion_.Verify(leaf_index_, ledger::core::DigestView(leaf), proof_);
  if (!included.ok()) return fail(included.message());
  previous_ = position;
  previous_hash_.assign(event_.hash());
  ++verified_;
  return absl::OkStatus();
}

absl::Status TrailLineVerifier::CheckEnd(const v1::Checkpoint& checkpoint, bool complete,
                                         uint64_t last_position) {
  if (complete && last_position != checkpoint.tree_size()) {
    return absl::DataLossError(absl::StrCat("the trail ends at position ", last_position,
                                            " but the checkpoint covers ", checkpoint.tree_size(),
                                            ": lines at the end were dropped"));
  }
  return absl::OkStatus();
}

}  // namespace besluitlog::tools
