#include "tools/publish/verify_script.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/act_labels.h"
#include "tools/besluitenlijst_html.h"
#include "tools/trail_export.h"
#include "tools/witnessed_checkpoint.h"

namespace besluitlog::tools::publish {

const absl::string_view kVerifyJs =
    R"JS(// besluitlog verify.js: checks every decision on this page in your own
// browser, against the signed checkpoint in its bundle. See docs/publish.md.
(function () {
  'use strict';
  const script = document.currentScript;
  const root = (script && script.dataset.root) || '';
  if (new URLSearchParams(location.search).has('meet')) console.log('besluitlog verify.js: start');
  const enc = new TextEncoder();

  function fromBase64(text) {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function toHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  function concat(parts) {
    let size = 0;
    for (const p of parts) size += p.length;
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  async function sha256(parts) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(parts)));
  }
  function u64(value) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
    return bytes;
  }
  function i64(value) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
    return bytes;
  }
  function i32(value) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value);
    return bytes;
  }

  // The bytes a checkpoint's signature covers (ledger/core/checkpoint_signer.h):
  // "besluitlog.checkpoint.v1" || u64 tree_size || root || i64 seconds ||
  // i32 nanos, big-endian. The one place that knows the checkpoint format.
  function checkpointSignedBytes(c) {
    return concat([enc.encode('besluitlog.checkpoint.v1'), u64(c.tree_size),
                   fromBase64(c.root_hash), i64(c.time.seconds), i32(c.time.nanos || 0)]);
  }
  // The one signature function: Ed25519 by `publicKey` over `message`.
  async function ed25519Holds(publicKey, signature, message) {
    try {
      const key = await crypto.subtle.importKey('raw', publicKey, {name: 'Ed25519'}, false,
                                                ['verify']);
      return await crypto.subtle.verify({name: 'Ed25519'}, key, signature, message);
    } catch (e) {
      return false;
    }
  }

  // The checkpoint's C2SP signed note (ledger/core/signed_note.h): text
  // "<origin>\n<size>\n<base64 root>\n" (then extension lines), a blank
  // line, signature lines "— <name> <base64(key ID || signature)>". The
  // tree head must be the proof's, and the log's own line (name = origin,
  // key ID = SHA-256(origin || 0x0A || 0x01 || key)[0..4]) must hold under
  // the checkpoint's key; witnesses' lines are not checked here.
  async function noteProblem(c) {
    const split = c.note.indexOf('\n\n');
    if (split < 0) return 'de checkpoint-notitie is onleesbaar';
    const text = c.note.slice(0, split + 1);
    const [origin, size, root] = text.split('\n');
    if (size !== String(c.tree_size) || root !== c.root_hash) {
      return 'de checkpoint-notitie hoort niet bij het bewijs';
    }
    const key = fromBase64(c.public_key);
    const keyId = (await sha256([enc.encode(origin + '\n'), new Uint8Array([1]), key])).slice(0, 4);
    const prefix = '\u2014 ' + origin + ' ';
    for (const line of c.note.slice(split + 2).split('\n')) {
      if (!line.startsWith(prefix)) continue;
      const signed = fromBase64(line.slice(prefix.length));
      if (signed.length !== 68 || !equal(signed.slice(0, 4), keyId)) continue;
      return (await ed25519Holds(key, signed.slice(4), enc.encode(text)))
          ? null : 'de handtekening onder de checkpoint-notitie klopt niet';
    }
    return 'de checkpoint-notitie is niet door dit besluitlog ondertekend';
  }

  // What is wrong with a checkpoint, or null; one check per checkpoint on a page.
  const checkpoints = new Map();
  function checkpointProblem(c) {
    const id = JSON.stringify(c);
    if (!checkpoints.has(id)) {
      checkpoints.set(id, (async () => {
        try {
          if (!(await ed25519Holds(fromBase64(c.public_key), fromBase64(c.signature),
                                   checkpointSignedBytes(c)))) {
            return 'de handtekening klopt niet';
          }
          // A bundle made before checkpoints carried a note has none.
          return c.note === undefined ? null : await noteProblem(c);
        } catch (e) {
          return 'de checkpoint-notitie is onleesbaar';
        }
      })());
    }
    return checkpoints.get(id);
  }

  // The publisher's witness policy (publish --policy; WitnessPolicyJson in
  // verify_script.h), carried by the page itself; null without one.
  const witnessMeta = document.querySelector('meta[name="besluitlog-getuigen"]');
  const policy = witnessMeta ? JSON.parse(witnessMeta.content) : null;

  // C2SP tlog-cosignature: per witness of the policy, its line
  // "\u2014 <key name> <base64(key ID || u64 time || Ed25519 signature)>", key ID =
  // SHA-256(key name || 0x0A || 0x04 || key)[0..4], the signature over
  // "cosignature/v1\ntime <time>\n" followed by the note's text. The
  // witnesses (policy names) whose cosignature holds, and the problem when a
  // witness's line is there but does not hold (as `ledgerctl audit --policy`).
  async function cosignaturesOf(note) {
    const split = note.indexOf('\n\n');
    if (split < 0) return [[], 'de checkpoint-notitie is onleesbaar'];
    const text = note.slice(0, split + 1);
    const lines = note.slice(split + 2).split('\n');
    const cosigners = [];
    for (const w of policy.witnesses) {
      const key = fromBase64(w.key);
      const keyId = (await sha256([enc.encode(w.key_name + '\n'), new Uint8Array([4]), key]))
          .slice(0, 4);
      const prefix = '\u2014 ' + w.key_name + ' ';
      for (const line of lines) {
        if (!line.startsWith(prefix)) continue;
        const signed = fromBase64(line.slice(prefix.length));
        if (signed.length !== 76 || !equal(signed.slice(0, 4), keyId)) continue;
        const time = new DataView(signed.buffer, signed.byteOffset + 4, 8).getBigUint64(0);
        const message = enc.encode('cosignature/v1\ntime ' + time.toString() + '\n' + text);
        if (!(await ed25519Holds(key, signed.slice(12), message))) {
          return [cosigners, 'de medeondertekening van getuige ' + w.name + ' klopt niet'];
        }
        cosigners.push(w.name);
        break;
      }
    }
    return [cosigners, null];
  }
  // Whether `name` (a witness or a group of the policy) witnessed.
  function witnessed(name, cosigners) {
    const group = policy.groups.find((g) => g.name === name);
    if (group) {
      return group.members.filter((m) => witnessed(m, cosigners)).length >= group.threshold;
    }
    return cosigners.includes(name);
  }
  // What the witnesses say of a checkpoint: [sentence to add, problem], each
  // note checked once per page.
  const witnessings = new Map();
  function witnessProblem(c) {
    if (!witnessings.has(c.note)) {
      witnessings.set(c.note, (async () => {
        const [cosigners, problem] = await cosignaturesOf(c.note);
        if (problem !== null) return ['', problem];
        if (policy.quorum !== 'none' && !witnessed(policy.quorum, cosigners)) {
          return ['', 'de getuigen hebben dit checkpoint niet medeondertekend (beleid: ' +
                  policy.quorum_text + '; medeondertekend door: ' +
                  (cosigners.length ? cosigners.join(', ') : 'niemand') + ')'];
        }
        return [cosigners.length ? '; medeondertekend door ' + cosigners.join(', ') : '', null];
      })());
    }
    return witnessings.get(c.note);
  }

  async function fingerprint(publicKey) {
    const hex = toHex(await sha256([publicKey]));
    return 'SHA256:' + hex.match(/.{4}/g).join('-');
  }

  // SHA-256(0x01 || left || right), each once per page: the decisions of a
  // meeting are neighbours in the log, so their proofs share most nodes.
  const nodes = new Map();
  function nodeHash(left, right) {
    const key = toHex(left) + toHex(right);
    if (!nodes.has(key)) nodes.set(key, sha256([new Uint8Array([1]), left, right]));
    return nodes.get(key);
  }

  // RFC 9162 section 2.1.3.2: the root an inclusion proof leads to, or null.
  async function rootOfInclusion(index, size, leaf, proof) {
    if (index >= size) return null;
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) return null;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  // The global position written in canonical event bytes (event_hash.h):
  // "besluitlog.event.v1" str(event_id) str(stream_id) u64 version u64 position.
  function positionOf(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 'besluitlog.event.v1'.length;
    for (let i = 0; i < 2; i++) at += 4 + view.getUint32(at);
    return Number(view.getBigUint64(at + 8));
  }

  const expectedKey = (document.querySelector('meta[name="besluitlog-sleutel"]') || {}).content;

  // What the page shows of a decision, compared with the event itself once
  // its proof holds. The field numbers and the Dutch words come from the
  // publisher (ShownWords in verify_script.cc: act_labels.h's OutcomeNl and
  // TallyNl), so they are stated once.
  const SHOWN = /*SHOWN*/null;

  // The payload of canonical event bytes (event_hash.h): after the tag,
  // str(event_id) str(stream_id) u64 u64 str(event_type) i64 i32 str(actor)
  // str(correlation_id) str(causation_id) str(content_type), str(payload).
  function payloadOf(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 'besluitlog.event.v1'.length;
    const str = () => { const n = view.getUint32(at); at += 4 + n; return at - n; };
    str(); str(); at += 16; str(); at += 12;
    for (let i = 0; i < 4; i++) str();
    const n = view.getUint32(at);
    if (at + 4 + n > bytes.length) throw new Error('kort');
    return bytes.subarray(at + 4, at + 4 + n);
  }
  // Protocol buffer fields: [number, value] with a varint's value a Number
  // and a length-delimited field's its bytes.
  function fieldsOf(bytes) {
    const out = [];
    let i = 0;
    const varint = () => {
      let value = 0n;
      let shift = 0n;
      for (;;) {
        if (i >= bytes.length) throw new Error('kort');
        const b = bytes[i++];
        value |= BigInt(b & 0x7f) << shift;
        if (!(b & 0x80)) return value;
        shift += 7n;
      }
    };
    while (i < bytes.length) {
      const key = Number(varint());
      const wire = key & 7;
      if (wire === 0) {
        out.push([key >>> 3, Number(varint())]);
      } else if (wire === 2) {
        const n = Number(varint());
        if (i + n > bytes.length) throw new Error('kort');
        out.push([key >>> 3, bytes.subarray(i, i + n)]);
        i += n;
      } else if (wire === 1 || wire === 5) {
        i += wire === 1 ? 8 : 4;
      } else {
        throw new Error('onbekend');
      }
    }
    return out;
  }
  // A decision's outcome and tally per point as the page shows them
  // (tools/besluitenlijst_html.cc WriteItem: per point an <li> whose first
  // <p> is "Besluitpunt N: ..." and whose second is the outcome in
  // <span class="uitkomst"> and " (tally)"), against the event's
  // DecisionTaken. [problem or null, whether anything was compared].
  function shownProblem(element, event) {
    const decision = fieldsOf(payloadOf(event)).find(([f]) => f === SHOWN.decision_field);
    if (!decision) return [null, false];
    const outcomes = fieldsOf(decision[1]).filter(([f]) => f === SHOWN.outcomes_field)
        .map(([, bytes]) => {
          const point = {};
          for (const [f, v] of fieldsOf(bytes)) point[f] = v;
          return point;
        });
    const items = Array.from(element.querySelectorAll('ol.punten > li'));
    const pointsDiffer =
        'de besluitpunten op deze pagina zijn niet die van de vastgelegde gebeurtenis';
    if (items.length !== outcomes.length) return [pointsDiffer, true];
    const f = SHOWN.point;
    for (let k = 0; k < outcomes.length; k++) {
      const o = outcomes[k];
      const number = o[f.number] || 0;
      const paragraphs = items[k].querySelectorAll(':scope > p');
      const label = paragraphs.length ? (paragraphs[0].textContent.match(/(\d+):/) || [])[1] : null;
      if (label !== String(number)) return [pointsDiffer, true];
      const words = SHOWN.words[(o[f.outcome] || 0) + ':' + (o[f.awaiting] ? 1 : 0)];
      const span = items[k].querySelector(':scope > p > .uitkomst');
      if (words === undefined || !span || span.textContent !== words) {
        return ['de uitkomst op deze pagina is niet die van de vastgelegde gebeurtenis ' +
                '(besluitpunt ' + number + ')', true];
      }
      let tally = o[f.objections] ? SHOWN.tally_objected : SHOWN.tally;
      for (const [name, sentinel] of Object.entries(SHOWN.sentinels)) {
        tally = tally.replace(sentinel, String(o[f[name]] || 0));
      }
      if (span.parentElement.textContent !== words + ' (' + tally + ')') {
        return ['de stemmen op deze pagina zijn niet die van de vastgelegde gebeurtenis ' +
                '(besluitpunt ' + number + ')', true];
      }
    }
    return [null, true];
  }

  // A page opened from disk (file://) may not fetch its bundles: the
  // browser blocks it, so nothing can be said of the proof, only how to
  // check it.
  const fromDisk = location.protocol === 'file:';
  const notServed = 'niet gecontroleerd: open deze pagina via een webserver om het bewijs te ' +
      'controleren (een pagina die van schijf is geopend, mag haar bewijs niet ophalen)';

  async function check(element) {
    const position = Number(element.dataset.event);
    if (fromDisk) return [null, notServed];
    let bundle;
    try {
      const response = await fetch(root + 'bewijs/' + position + '.json');
      if (response.status === 404) return [false, 'het bewijs ontbreekt'];
      if (!response.ok) {
        return [false, 'het bewijs kon niet worden opgehaald (HTTP ' + response.status + ')'];
      }
      bundle = await response.json();
    } catch (e) {
      // fetch's TypeError: no answer at all (offline, blocked); not a
      // missing proof.
      if (e instanceof TypeError) {
        return [null, 'niet gecontroleerd: het bewijs kon niet worden opgehaald; open deze ' +
                'pagina via een webserver'];
      }
      return [false, 'het bewijs is onleesbaar'];
    }
    try {
      const event = fromBase64(bundle.event);
      const leaf = await sha256([new Uint8Array([0]), event]);
      if (toHex(leaf) !== element.dataset.leaf || positionOf(event) !== position) {
        return [false, 'de gebeurtenis is gewijzigd'];
      }
      const c = bundle.checkpoint;
      const root = await rootOfInclusion(position - 1, c.tree_size, leaf,
                                         bundle.proof.map(fromBase64));
      if (root === null || !equal(root, fromBase64(c.root_hash))) {
        return [false, 'het bewijs klopt niet'];
      }
      const problem = await checkpointProblem(c);
      if (problem !== null) return [false, problem];
      const key = await fingerprint(fromBase64(c.public_key));
      if (key !== expectedKey) return [false, 'de sleutel is niet die van deze pagina'];
      let cosigned = '';
      if (policy !== null) {
        // The log's note signature was checked above; its witnesses now.
        if (c.note === undefined) {
          return [false, 'het checkpoint draagt geen medeondertekeningen van getuigen'];
        }
        const [sentence, witnessedProblem] = await witnessProblem(c);
        if (witnessedProblem !== null) return [false, witnessedProblem];
        cosigned = sentence;
      }
      // The proof is of the event; what the page says of it is compared
      // where the page shows a decision's outcome, and not claimed elsewhere.
      const [shown, compared] = shownProblem(element, event);
      if (shown !== null) return [false, shown];
      return [true, 'gebeurtenis ' + position + ' staat ongewijzigd in het besluitlog' +
              (compared ? '; uitkomst en telling per besluitpunt vergeleken'
                        : ' (de tekst hiernaast is niet vergeleken; ledgerctl audit --event ' +
                          position + ' toont de gebeurtenis)') +
              ': geverifieerd tegen checkpoint ' + c.tree_size + ', sleutel ' + key + cosigned];
    } catch (e) {
      return [false, 'het bewijs is onleesbaar'];
    }
  }

  async function run() {
    const elements = Array.from(document.querySelectorAll('[data-event]'));
    await Promise.all(elements.map(async (element) => {
      const [ok, message] = await check(element);
      // ok null: not checked (the proof could not be fetched), which says
      // nothing against the decision.
      const sentence = ok === null ? message : ok ? message : 'niet geverifieerd: ' + message;
      element.setAttribute('data-verified', ok === null ? 'unchecked' : ok ? 'true' : 'false');
      element.setAttribute('data-verificatie', sentence);
      const line = element.querySelector('.bewijs');
      if (line) {
        line.textContent = (ok === null ? '? ' : ok ? '✓ ' : '✗ ') + sentence;
        line.className = 'bewijs ' + (ok === null ? 'onbekend' : ok ? 'goed' : 'fout');
      }
    }));
    if (new URLSearchParams(location.search).has('meet')) {
      const html = document.documentElement;
      html.setAttribute('data-scroll-width', String(html.scrollWidth));
      html.setAttribute('data-client-width', String(html.clientWidth));
      // On the wall clock only in the browser's own log (--enable-logging=stderr):
      // headless test runs use virtual time, which runs performance.now() too.
      console.log('besluitlog verify.js: ' + elements.length + ' besluiten gecontroleerd');
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run);
  } else {
    run();
  }
})();
)JS";

namespace {

// What verify.js needs to compare a decision's outcome and tally on the page
// with its event: the protobuf field numbers, and the Dutch words of every
// outcome and of the tally (act_labels.h), the tally with sentinel numbers
// the script replaces.
std::string ShownWords() {
  constexpr uint32_t kFor = 1000001, kAgainst = 1000002, kAbstain = 1000003, kObjected = 1000004;
  v1::PointOutcome tally;
  tally.set_votes_for(kFor);
  tally.set_votes_against(kAgainst);
  tally.set_abstentions(kAbstain);
  const std::string plain = projections::acts::TallyNl(tally);
  tally.set_objections(kObjected);
  const std::string objected = projections::acts::TallyNl(tally);
  std::string words;
  for (v1::Outcome outcome : {v1::ADOPTED, v1::REJECTED, v1::NO_AGREEMENT}) {
    for (bool awaiting : {false, true}) {
      v1::PointOutcome point;
      point.set_outcome(outcome);
      point.set_awaiting_ratification(awaiting);
      absl::StrAppend(&words, words.empty() ? "" : ",", "\"", static_cast<int>(outcome), ":",
                      awaiting ? 1 : 0, "\":", JsonQuote(projections::acts::OutcomeNl(point)));
    }
  }
  return absl::StrCat("{\"decision_field\":", v1::GovernanceEvent::kDecisionTakenFieldNumber,
                      ",\"outcomes_field\":", v1::DecisionTaken::kOutcomesFieldNumber,
                      ",\"point\":{\"number\":", v1::PointOutcome::kDecisionPointFieldNumber,
                      ",\"outcome\":", v1::PointOutcome::kOutcomeFieldNumber,
                      ",\"for\":", v1::PointOutcome::kVotesForFieldNumber,
                      ",\"against\":", v1::PointOutcome::kVotesAgainstFieldNumber,
                      ",\"abstentions\":", v1::PointOutcome::kAbstentionsFieldNumber,
                      ",\"objections\":", v1::PointOutcome::kObjectionsFieldNumber,
                      ",\"awaiting\":", v1::PointOutcome::kAwaitingRatificationFieldNumber,
                      "},\"words\":{", words, "},\"tally\":", JsonQuote(plain),
                      ",\"tally_objected\":", JsonQuote(objected), ",\"sentinels\":{\"for\":\"",
                      kFor, "\",\"against\":\"", kAgainst, "\",\"abstentions\":\"", kAbstain,
                      "\",\"objections\":\"", kObjected, "\"}}");
}

// What the site adds to the besluitenlijst's stylesheet: the frame of a
// page (header, footer, the partial-list notice), the decision boxes and
// their verification line, and the proposal and municipality pages. A
// meeting's section is the page here, not one of many: no rule above it.
constexpr absl::string_view kSiteAdditions = R"CSS(
header{border-bottom:1px solid #ccc;margin-bottom:1em}
header p{margin:0 0 .5em}
header a{font-weight:bold;text-decoration:none}
a{color:#0b4f9c}
/* A site page holds one meeting: it starts the printed page already. */
main>section.vergadering{border-top:0;margin-top:0;padding-top:0;break-before:auto;
  page-break-before:auto}
main>section.vergadering>h1{margin-bottom:.6em}
main>h2{margin-top:1.3em}
.meta{color:#555}
.tekst{margin:.6em 0 1em}
.onvolledig{border-left:4px solid #b35c00;background:#fff4e5;padding:.5em .75em}
.besluit{margin:.4em 0}
.besluit>.bewijs{margin-left:calc(3px + .8em)}
.bewijs{font-size:.85em;color:#555;margin:.3em 0 0;overflow-wrap:anywhere}
.bewijs.goed{color:#116329}
.bewijs.fout{color:#a40e26;font-weight:bold}
.bewijs.onbekend{color:#6b4e00}
ul.afspraken{list-style:none;padding:0;margin:.2em 0 .6em}
ul.afspraken>li,ul.lijst>li[data-event]{border-left:3px solid #888;padding:.2em .8em;margin:.5em 0}
ul.lijst>li[data-event]{list-style:none;margin-left:-1.3em}
section.behandeling{margin:0 0 1.5em}
h3.vergadering-kop{border-bottom:0}
footer{border-top:1px solid #ccc;margin-top:2em;font-size:.9em;color:#444}
footer code{word-break:normal}
@media (max-width:600px){body{padding:1em}h1{font-size:1.5em}}
header .uitgever{font-weight:normal}
/* On paper the footer is one line, the key's fingerprint, kept with the
   end of the meeting: what the browser checks, how to trust the key and the
   downloads are of no use there, and a printed meeting never ends on a page
   of only footer. */
@media print{.bewijs{color:#000}
  footer{margin-top:.8em;padding-top:.2em;font-size:8pt;break-before:avoid;
    page-break-before:avoid}
  footer p{margin:0}
  footer .scherm{display:none}}
)CSS";

}  // namespace

std::string WitnessPolicyJson(const WitnessPolicy& policy) {
  std::string json =
      absl::StrCat("{\"quorum\":", JsonQuote(policy.quorum),
                   ",\"quorum_text\":", JsonQuote(QuorumInDutch(policy)), ",\"witnesses\":[");
  for (size_t i = 0; i < policy.witnesses.size(); ++i) {
    const WitnessPolicy::Witness& witness = policy.witnesses[i];
    absl::StrAppend(&json, i == 0 ? "" : ",", "{\"name\":", JsonQuote(witness.name),
                    ",\"key_name\":", JsonQuote(witness.key.name), ",\"key\":\"",
                    absl::Base64Escape(witness.key.public_key), "\"}");
  }
  absl::StrAppend(&json, "],\"groups\":[");
  for (size_t i = 0; i < policy.groups.size(); ++i) {
    const WitnessPolicy::Group& group = policy.groups[i];
    absl::StrAppend(&json, i == 0 ? "" : ",", "{\"name\":", JsonQuote(group.name),
                    ",\"threshold\":", group.threshold, ",\"members\":[");
    for (size_t m = 0; m < group.members.size(); ++m) {
      absl::StrAppend(&json, m == 0 ? "" : ",", JsonQuote(group.members[m]));
    }
    absl::StrAppend(&json, "]}");
  }
  absl::StrAppend(&json, "]}");
  return json;
}

std::string VerifyJs() {
  std::string script(kVerifyJs);
  constexpr char kSlot[] = "/*SHOWN*/null";
  script.replace(script.find(kSlot), sizeof(kSlot) - 1, ShownWords());
  return script;
}

std::string SiteCss() {
  return absl::StrCat("/* besluitlog: the published decisions. No external fonts. */",
                      BesluitenlijstCss(), kSiteAdditions);
}

}  // namespace besluitlog::tools::publish
