#include "ledger/append_validation.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "ledger/core/status_macros.h"
#include "ledger/uuid.h"

namespace besluitlog::ledger {
namespace {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra;
    uint32_t code;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) {
      return false;
    }
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinForLength[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool HasControlCharacter(absl::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_bytes,
                          bool required) {
  if (required && value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not be empty"));
  }
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is ", value.size(), " bytes; the limit is ", max_bytes, " bytes"));
  }
  if (!IsValidUtf8(value)) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is not valid UTF-8"));
  }
  if (HasControlCharacter(value)) {
    return absl::InvalidArgumentError(absl::StrCat(field, " contains a control character"));
  }
  return absl::OkStatus();
}

absl::Status ValidateOptionalUuid(absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  absl::StatusOr<UuidBytes> parsed = ParseUuid(value);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", parsed.status().message()));
  }
  return absl::OkStatus();
}

absl::Status ValidateExpectedVersion(const v1::ExpectedVersion& expected) {
  switch (expected.kind()) {
    case v1::ExpectedVersion::ANY:
    case v1::ExpectedVersion::NO_STREAM:
    case v1::ExpectedVersion::STREAM_EXISTS:
      if (expected.version() != 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "expected_version.version is only meaningful with kind EXACT; got "
            "kind ",
            v1::ExpectedVersion::Kind_Name(expected.kind()), " with version ", expected.version()));
      }
      return absl::OkStatus();
    case v1::ExpectedVersion::EXACT:
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "expected_version.kind ", static_cast<int>(expected.kind()), " is not a known kind"));
  }
}

}  // namespace

absl::Status ValidateStreamId(absl::string_view stream_id, const AppendLimits& limits) {
  return ValidateText("stream_id", stream_id, limits.max_stream_id_bytes,
                      /*required=*/true);
}

absl::Status ValidateStreamAppend(const v1::StreamAppend& append, const AppendLimits& limits) {
  RETURN_IF_ERROR(ValidateStreamId(append.stream_id(), limits));
  RETURN_IF_ERROR(ValidateExpectedVersion(append.expected_version()));
  if (append.events().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("append to stream \"", append.stream_id(), "\" has no events"));
  }
  if (static_cast<size_t>(append.events_size()) > limits.max_events_per_append) {
    return absl::InvalidArgumentError(absl::StrCat("append has ", append.events_size(),
                                                   " events; the limit is ",
                                                   limits.max_events_per_append, " per append"));
  }
  absl::flat_hash_set<std::string> seen_ids;
  for (int i = 0; i < append.events_size(); ++i) {
    const v1::ProposedEvent& event = append.events(i);
    const std::string where = absl::StrCat("events[", i, "].");
    const size_t size = event.ByteSizeLong();
    if (size > limits.max_event_bytes) {
      return absl::InvalidArgumentError(absl::StrCat("events[", i, "] is ", size,
                                                     " bytes; the limit is ",
                                                     limits.max_event_bytes, " bytes per event"));
    }
    RETURN_IF_ERROR(ValidateText(where + "event_type", event.event_type(),
                                 limits.max_event_type_bytes,
                                 /*required=*/true));
    RETURN_IF_ERROR(
        ValidateText(where + "actor", event.actor(), limits.max_actor_bytes, /*required=*/false));
    RETURN_IF_ERROR(ValidateText(where + "content_type", event.content_type(),
                                 limits.max_content_type_bytes,
                                 /*required=*/false));
    RETURN_IF_ERROR(ValidateOptionalUuid(where + "event_id", event.event_id()));
    RETURN_IF_ERROR(ValidateOptionalUuid(where + "correlation_id", event.correlation_id()));
    RETURN_IF_ERROR(ValidateOptionalUuid(where + "causation_id", event.causation_id()));
    if (!event.event_id().empty()) {
      std::string normalized = FormatUuid(*ParseUuid(event.event_id()));
      if (!seen_ids.insert(normalized).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "event_id ", normalized, " appears twice in one append"));
      }
    }
  }
  return absl::OkStatus();
}

std::string StoredUuidForm(absl::string_view uuid) {
  if (uuid.empty()) return std::string();
  absl::StatusOr<UuidBytes> parsed = ParseUuid(uuid);
  // Validation refused malformed ids before anything is stored; keep such
  // text as it is rather than guess.
  return parsed.ok() ? FormatUuid(*parsed) : std::string(uuid);
}

absl::string_view StoredContentType(const v1::ProposedEvent& event) {
  return event.content_type().empty() ? kDefaultContentType
                                      : absl::string_view(event.content_type());
}

namespace {

absl::string_view ContentTypeOf(const v1::Event& event) { return event.content_type(); }
absl::string_view ContentTypeOf(const v1::ProposedEvent& event) { return StoredContentType(event); }

// `Original` is v1::Event or v1::ProposedEvent: both name these fields alike.
// Cheap checks first; the payload, the largest, last.
template <typename Original>
const char* FirstDifference(const v1::ProposedEvent& sent, const Original& original) {
  if (sent.event_type() != original.event_type()) return "event_type";
  if (sent.actor() != original.actor()) return "actor";
  if (StoredUuidForm(sent.correlation_id()) != StoredUuidForm(original.correlation_id())) {
    return "correlation_id";
  }
  if (StoredUuidForm(sent.causation_id()) != StoredUuidForm(original.causation_id())) {
    return "causation_id";
  }
  if (StoredContentType(sent) != ContentTypeOf(original)) return "content_type";
  if (sent.payload() != original.payload()) return "payload";
  return nullptr;
}

}  // namespace

const char* FirstRetryDifference(const v1::ProposedEvent& sent, const v1::Event& original) {
  return FirstDifference(sent, original);
}

const char* FirstRetryDifference(const v1::ProposedEvent& sent, const v1::ProposedEvent& original) {
  return FirstDifference(sent, original);
}

}  // namespace besluitlog::ledger
