#include "ledger/governance/municipalities.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "besluitlog/v1/event.pb.h"
#include "besluitlog/v1/governance.pb.h"
#include "ledger/core/governance_codec.h"
#include "ledger/core/status_macros.h"

namespace besluitlog::ledger::governance {
namespace {

// A name as a person reads it: "Dordrecht", " dordrecht" and "DORDRECHT"
// are one municipality.
std::string AsRead(absl::string_view name) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
}

bool NamesAMunicipality(const v1::BodyConfig& config) {
  return (config.kind() == v1::COLLEGE || config.kind() == v1::GEMEENTERAAD) &&
         !absl::StripAsciiWhitespace(config.municipality()).empty();
}

}  // namespace

absl::Status Municipalities::CatchUp() {
  v1::EventFilter filter;
  filter.add_stream_prefixes(core::BodyStream(""));
  filter.add_event_types("BodyEstablished");
  filter.add_event_types("BodyChanged");
  while (true) {
    google::protobuf::RepeatedPtrField<v1::Event> events;
    ASSIGN_OR_RETURN(AllPage page, log_->ReadAll(next_position_, 0, filter, &events));
    for (const v1::Event& envelope : events) {
      ASSIGN_OR_RETURN(v1::GovernanceEvent event, core::DecodeGovernanceEvent(envelope));
      const v1::BodyConfig* config = nullptr;
      std::string body_id;
      if (event.has_body_established()) {
        config = &event.body_established().config();
        body_id = event.body_established().body_id();
      } else if (event.has_body_changed()) {
        config = &event.body_changed().config();
        body_id = event.body_changed().body_id();
      } else {
        continue;
      }
      if (NamesAMunicipality(*config)) {
        by_body_[body_id] = std::string(absl::StripAsciiWhitespace(config->municipality()));
      } else {
        by_body_.erase(body_id);
      }
    }
    if (page.next_position <= next_position_) break;
    next_position_ = page.next_position;
    if (next_position_ > page.head_position) break;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Municipalities::Resolve(absl::string_view field,
                                                    absl::string_view name) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(CatchUp());
  std::set<std::string> known;
  for (const auto& [body, municipality] : by_body_) {
    if (AsRead(municipality) == AsRead(name)) return municipality;
    known.insert(municipality);
  }
  // A ledger that establishes no College or council has no register of
  // municipalities to check against (ledgers from before these bodies were
  // seeded): the name is taken as given, as it always was.
  if (known.empty()) return std::string(name);
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": the ledger knows no municipality \"", name,
                   "\"; the municipalities it knows (from their College and council bodies) are ",
                   absl::StrJoin(known, ", ")));
}

}  // namespace besluitlog::ledger::governance
