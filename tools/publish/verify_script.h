// The site's own script and style sheet, embedded in the binary so that a
// publish needs no other files and a page loads nothing from elsewhere (no
// external scripts, fonts or CDNs).
//
// verify.js checks every decision element of a page (data-event, data-leaf;
// page_renderer.h) against bewijs/<position>.json with the browser's
// WebCrypto: the leaf SHA-256(0x00 || event bytes) must be the page's
// data-leaf and the bytes must be of that position ("de gebeurtenis is
// gewijzigd"), the RFC 9162 inclusion proof must lead to the checkpoint's
// root ("het bewijs klopt niet"), the checkpoint's Ed25519 signature must
// hold ("de handtekening klopt niet"), the checkpoint's C2SP signed note,
// when the bundle has one, must name the proof's size and root ("de
// checkpoint-notitie hoort niet bij het bewijs") and carry the log's valid
// signature ("de handtekening onder de checkpoint-notitie klopt niet"; both
// signatures are checked by one function), and its key must be the one whose
// fingerprint the page prints ("de sleutel is niet die van deze pagina").
// When the page carries a witness policy (<meta name="besluitlog-getuigen">,
// written by `publish --policy` from WitnessPolicyJson), the checkpoint's
// note must also carry cosignatures (C2SP tlog-cosignature) of the policy's
// witnesses meeting its quorum: a known witness's cosignature that does not
// hold fails ("de medeondertekening van getuige X klopt niet"), too few
// fail ("de getuigen hebben dit checkpoint niet medeondertekend (beleid: 2
// van 3; medeondertekend door: ...)"), and a verified decision says who
// cosigned ("...; medeondertekend door A, B").
// Once the proof holds, a decision whose page shows its outcome
// (DecisionTaken: per point "Besluitpunt N", the outcome words and the
// tally) is compared with the event's own: another number of points, a
// changed outcome word or count fails ("de uitkomst op deze pagina is niet
// die van de vastgelegde gebeurtenis (besluitpunt N)", "de stemmen ...").
// Other text (point texts, voters' names, a College decision's sentence) is
// not compared, and a verified College decision says so.
// It then sets data-verified="true"/"false" (or "unchecked" when the bundle
// could not be fetched at all, e.g. a page opened from disk) and
// data-verificatie (the Dutch sentence) on the element and writes the
// sentence beside it: "gebeurtenis N staat ongewijzigd in het besluitlog;
// uitkomst en telling per besluitpunt vergeleken: geverifieerd tegen
// checkpoint M, sleutel SHA256:...".
// With ?meet=1 in the page's URL (tests only) it also writes the page's
// scrollWidth/clientWidth on <html>, and logs to the console when it starts
// and when every check is done (timed by the browser's log, docs/publish.md).
#ifndef BESLUITLOG_TOOLS_PUBLISH_VERIFY_SCRIPT_H_
#define BESLUITLOG_TOOLS_PUBLISH_VERIFY_SCRIPT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "tools/witness_policy.h"

namespace besluitlog::tools::publish {

// The script's text with its slot for ShownWords still empty; VerifyJs()
// is what the site serves.
extern const absl::string_view kVerifyJs;
std::string VerifyJs();
// The witness policy as verify.js reads it from the page: {"quorum": name,
// "quorum_text": "2 van 3", "witnesses": [{"name", "key_name", "key":
// base64 Ed25519 key}], "groups": [{"name", "threshold", "members"}]}.
std::string WitnessPolicyJson(const WitnessPolicy& policy);
// site.css: the besluitenlijst's own stylesheet (tools/besluitenlijst_html.h),
// so a meeting looks as in the export, and what the site adds to it.
std::string SiteCss();

}  // namespace besluitlog::tools::publish

#endif  // BESLUITLOG_TOOLS_PUBLISH_VERIFY_SCRIPT_H_
