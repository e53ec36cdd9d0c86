#include "tools/witness_policy.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "ledger/core/durable_file.h"
#include "ledger/core/event_hash.h"
#include "ledger/core/merkle_tree.h"
#include "ledger/core/sha256.h"

namespace besluitlog::tools {
namespace {

using ledger::core::CheckpointText;
using ledger::core::VerifierKey;

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("policy line ", line, ": ", what));
}

// Whether `name` (a witness or group) witnessed, given who cosigned.
bool Witnessed(const WitnessPolicy& policy, const std::string& name,
               const std::vector<std::string>& cosigners) {
  for (const WitnessPolicy::Group& group : policy.groups) {
    if (group.name != name) continue;
    size_t count = 0;
    for (const std::string& member : group.members) count += Witnessed(policy, member, cosigners);
    return count >= group.threshold;
  }
  for (const std::string& cosigner : cosigners) {
    if (cosigner == name) return true;
  }
  return false;
}

std::string SplitView(const std::string& why, const std::string& seen, const std::string& now) {
  return absl::StrCat("split view: the log signed two histories (", why,
                      "). Keep both notes as evidence and tell the governance structure; do not "
                      "trust this log until its operator explains.\n--- seen before ---\n",
                      seen, "--- seen now ---\n", now);
}

}  // namespace

absl::StatusOr<WitnessPolicy> ParseWitnessPolicy(absl::string_view text) {
  WitnessPolicy policy;
  absl::flat_hash_map<std::string, bool> names;  // Defined name -> used as a member.
  int number = 0;
  bool quorum_seen = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    const std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (words.empty() || words[0][0] == '#') continue;
    // tlog-policy has whole-line comments only: a "#" after a line's words
    // would otherwise be read as a name or a key.
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i][0] == '#') {
        return LineError(number, absl::StrCat("\"", std::string(words[i]),
                                              "\" starts a comment, and a comment must be on a "
                                              "line of its own (tlog-policy has no comments at "
                                              "the end of a line); move it to the line above"));
      }
    }
    const std::string keyword(words[0]);
    if (keyword == "log") {
      if (words.size() < 2 || words.size() > 3) return LineError(number, "log <vkey> [<url>]");
      absl::StatusOr<VerifierKey> key = ledger::core::ParseVerifierKey(words[1]);
      if (!key.ok()) return LineError(number, key.status().message());
      if (key->type != ledger::core::kNoteEd25519) {
        return LineError(number, "a log key is an Ed25519 note key (type 0x01)");
      }
      policy.logs.push_back(*std::move(key));
    } else if (keyword == "witness") {
      if (words.size() < 3 || words.size() > 4) {
        return LineError(number, "witness <name> <vkey> [<url>]");
      }
      absl::StatusOr<VerifierKey> key = ledger::core::ParseVerifierKey(words[2]);
      if (!key.ok()) return LineError(number, key.status().message());
      if (key->type != ledger::core::kNoteCosignatureV1) {
        return LineError(number, "a witness key is a cosignature key (type 0x04)");
      }
      const std::string name(words[1]);
      if (name == "none" || !names.emplace(name, false).second) {
        return LineError(number, absl::StrCat("the name ", name, " is already defined"));
      }
      policy.witnesses.push_back({.name = name, .key = *std::move(key)});
    } else if (keyword == "group") {
      if (words.size() < 4) return LineError(number, "group <name> all|any|<k> <name>...");
      WitnessPolicy::Group group{.name = std::string(words[1]), .threshold = 0, .members = {}};
      for (size_t i = 3; i < words.size(); ++i) {
        const std::string member(words[i]);
        auto found = names.find(member);
        if (found == names.end()) {
          return LineError(number, absl::StrCat(member, " is not defined on an earlier line"));
        }
        if (found->second) {
          return LineError(number, absl::StrCat(member, " is already a member of a group"));
        }
        found->second = true;
        group.members.push_back(member);
      }
      const size_t n = group.members.size();
      if (words[2] == "all") {
        group.threshold = n;
      } else if (words[2] == "any") {
        group.threshold = 1;
      } else if (!absl::SimpleAtoi(words[2], &group.threshold) || group.threshold < 1 ||
                 group.threshold > n) {
        return LineError(number, absl::StrCat("the threshold is all, any or 1..", n));
      }
      if (group.name == "none" || !names.emplace(group.name, false).second) {
        return LineError(number, absl::StrCat("the name ", group.name, " is already defined"));
      }
      policy.groups.push_back(std::move(group));
    } else if (keyword == "quorum") {
      if (words.size() != 2) return LineError(number, "quorum <name>|none");
      if (quorum_seen) return LineError(number, "a policy has exactly one quorum line");
      quorum_seen = true;
      policy.quorum = std::string(words[1]);
      if (policy.quorum != "none" && !names.contains(policy.quorum)) {
        return LineError(number, absl::StrCat(policy.quorum, " is not defined on an earlier line"));
      }
    } else {
      return LineError(
          number, absl::StrCat("unknown keyword \"", keyword, "\" (log, witness, group, quorum)"));
    }
  }
  if (!quorum_seen) {
    return absl::InvalidArgumentError("the policy has no quorum line (quorum <name>|none)");
  }
  if (policy.logs.empty()) {
    return absl::InvalidArgumentError("the policy names no log (log <vkey>)");
  }
  return policy;
}

absl::StatusOr<PolicyVerdict> CheckNote(const WitnessPolicy& policy, absl::string_view text) {
  absl::StatusOr<ledger::core::SignedNote> note = ledger::core::ParseSignedNote(text);
  if (!note.ok()) return note.status();
  PolicyVerdict verdict;
  absl::StatusOr<CheckpointText> checkpoint = ledger::core::ParseCheckpointText(note->text);
  if (!checkpoint.ok()) return checkpoint.status();
  verdict.checkpoint = *std::move(checkpoint);
  std::vector<VerifierKey> logs;
  for (const VerifierKey& key : policy.logs) {
    if (key.name == verdict.checkpoint.origin) logs.push_back(key);
  }
  if (absl::StatusOr<std::vector<ledger::core::VerifiedSignature>> signed_by =
          ledger::core::VerifyNote(*note, logs);
      !signed_by.ok()) {
    if (signed_by.status().code() != absl::StatusCode::kPermissionDenied) {
      return signed_by.status();
    }
    return absl::PermissionDeniedError(absl::StrCat("the checkpoint of ", verdict.checkpoint.origin,
                                                    " is not signed by a log key of the policy"));
  }
  std::vector<VerifierKey> witness_keys;
  for (const WitnessPolicy::Witness& witness : policy.witnesses) {
    witness_keys.push_back(witness.key);
  }
  absl::StatusOr<std::vector<ledger::core::VerifiedSignature>> cosigned =
      ledger::core::VerifyNote(*note, witness_keys);
  if (!cosigned.ok() && cosigned.status().code() != absl::StatusCode::kPermissionDenied) {
    return cosigned.status();  // A cosignature by a known witness that fails.
  }
  if (cosigned.ok()) {
    for (const ledger::core::VerifiedSignature& signature : *cosigned) {
      for (const WitnessPolicy::Witness& witness : policy.witnesses) {
        if (witness.key.name == signature.key.name && witness.key.key_id == signature.key.key_id) {
          verdict.cosigners.push_back(witness.name);
        }
      }
    }
  }
  verdict.meets = policy.quorum == "none" || Witnessed(policy, policy.quorum, verdict.cosigners);
  return verdict;
}

absl::Status CheckAgainstSeen(const std::string& config_dir, const std::string& note,
                              AuditSource& source) {
  absl::StatusOr<ledger::core::SignedNote> parsed = ledger::core::ParseSignedNote(note);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<CheckpointText> now = ledger::core::ParseCheckpointText(parsed->text);
  if (!now.ok()) return now.status();
  const std::string dir = config_dir + "/notes";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  chmod(config_dir.c_str(), 0700);  // What an auditor keeps is for the auditor only.
  chmod(dir.c_str(), 0700);
  const std::string path =
      absl::StrCat(dir, "/", ledger::core::HashToHex(ledger::core::Sha256(now->origin)));
  std::string seen_note;
  if (std::ifstream in(path, std::ios::binary); in) {
    std::stringstream text;
    text << in.rdbuf();
    seen_note = text.str();
  }
  if (!seen_note.empty()) {
    absl::StatusOr<ledger::core::SignedNote> seen_parsed = ledger::core::ParseSignedNote(seen_note);
    absl::StatusOr<CheckpointText> seen =
        seen_parsed.ok() ? ledger::core::ParseCheckpointText(seen_parsed->text)
                         : absl::StatusOr<CheckpointText>(seen_parsed.status());
    if (!seen.ok()) {
      return absl::DataLossError(absl::StrCat(
          path, " is not a checkpoint note: ", seen.status().message(), "; remove it"));
    }
    if (seen->size == now->size && seen->root_hash != now->root_hash) {
      return absl::DataLossError(SplitView(
          absl::StrCat("two different roots for tree size ", now->size), seen_note, note));
    }
    if (seen->size != now->size) {
      const CheckpointText& small = seen->size < now->size ? *seen : *now;
      const CheckpointText& large = seen->size < now->size ? *now : *seen;
      if (small.size > 0) {
        absl::StatusOr<v1::ConsistencyProof> proof =
            source.GetConsistencyProof(small.size, large.size);
        if (!proof.ok()) return proof.status();
        const std::vector<std::string> hashes(proof->hashes().begin(), proof->hashes().end());
        if (!ledger::core::VerifyMerkleConsistency(small.size, large.size, small.root_hash,
                                                   large.root_hash, hashes)
                 .ok()) {
          return absl::DataLossError(SplitView(
              absl::StrCat("tree size ", small.size, " is not a prefix of tree size ", large.size),
              seen_note, note));
        }
      }
      if (seen->size > now->size) return absl::OkStatus();  // Keep the larger.
    }
  }
  return ledger::core::WriteFileDurably(path, note);
}

}  // namespace besluitlog::tools
