#include "tools/publish/bundle.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tools/trail_export.h"
#include "tools/trusted_keys.h"

namespace besluitlog::tools::publish {

std::string BundleJson(uint64_t position, absl::string_view canonical_event,
                       const std::vector<absl::string_view>& proof,
                       const v1::Checkpoint& checkpoint) {
  std::string json = absl::StrCat("{\"format\":\"besluitlog.bewijs.v1\",\"position\":", position,
                                  ",\"leaf_index\":", position - 1, ",\"event\":\"",
                                  absl::Base64Escape(canonical_event), "\",\"proof\":[");
  for (size_t i = 0; i < proof.size(); ++i) {
    absl::StrAppend(&json, i == 0 ? "\"" : ",\"", absl::Base64Escape(proof[i]), "\"");
  }
  absl::StrAppend(
      &json, "],\"checkpoint\":{\"tree_size\":", checkpoint.tree_size(), ",\"root_hash\":\"",
      absl::Base64Escape(checkpoint.root_hash()),
      "\",\"time\":{\"seconds\":", checkpoint.time().seconds(),
      ",\"nanos\":", checkpoint.time().nanos(), "},\"public_key\":\"",
      absl::Base64Escape(checkpoint.public_key()), "\",\"signature\":\"",
      absl::Base64Escape(checkpoint.signature()), "\"",
      checkpoint.note().empty() ? "" : absl::StrCat(",\"note\":", JsonQuote(checkpoint.note())),
      "},\"key_fingerprint\":\"", KeyFingerprint(checkpoint.public_key()), "\"}\n");
  return json;
}

bool BundleFits(absl::string_view json, uint64_t position, absl::string_view fingerprint,
                WitnessedNotes* policy) {
  if (!absl::StartsWith(json, absl::StrCat("{\"format\":\"besluitlog.bewijs.v1\",\"position\":",
                                           position, ",")) ||
      !absl::StrContains(json, absl::StrCat("\"key_fingerprint\":\"", fingerprint, "\"}"))) {
    return false;
  }
  if (policy == nullptr) return true;
  google::protobuf::Struct bundle;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &bundle).ok()) return false;
  const auto checkpoint = bundle.fields().find("checkpoint");
  if (checkpoint == bundle.fields().end()) return false;
  const auto note = checkpoint->second.struct_value().fields().find("note");
  if (note == checkpoint->second.struct_value().fields().end()) return false;
  return policy->Meets(note->second.string_value());
}

bool WitnessedNotes::Meets(const std::string& note) {
  auto [judged, inserted] = judged_.try_emplace(note, false);
  if (inserted) {
    absl::StatusOr<PolicyVerdict> verdict = CheckNote(policy_, note);
    judged->second = verdict.ok() && verdict->meets;
  }
  return judged->second;
}

}  // namespace besluitlog::tools::publish
