#!/usr/bin/python3
"""An independent check of C2SP signed notes, written from the specifications
(c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature) and nothing of
besluitlog's C++: Python's `cryptography` does the Ed25519.

    c2sp_note_check.py NOTE_FILE VKEY...

Prints "checkpoint <origin> <size> <root hex>" when the text is a checkpoint,
then "verified <key name> ed25519" or "verified <key name> cosignature <time>"
for every signature by one of the VKEYs. Exit 0 when at least one known
signature verifies and none fails; 1 otherwise (saying why).
"""

import base64
import hashlib
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EM_DASH = "\u2014"


def b64(text):
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode() != text:
        raise ValueError("non-canonical base64: " + text)
    return raw


def parse_vkey(vkey):
    name, key_id, material = vkey.split("+", 2)
    raw = b64(material)
    if len(raw) != 33 or raw[0] not in (0x01, 0x04):
        raise ValueError("not an Ed25519 (0x01) or cosignature/v1 (0x04) key: " + vkey)
    # key ID = SHA-256(name || 0x0A || type || key)[:4]
    want = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if want.hex() != key_id:
        raise ValueError("key ID does not match the key: " + vkey)
    return {"name": name, "id": want, "type": raw[0], "key": raw[1:]}


def main(argv):
    with open(argv[1], "rb") as f:
        note = f.read().decode("utf-8")
    keys = [parse_vkey(v) for v in argv[2:]]
    # The text ends at the last blank line; it includes its final newline.
    split = note.rindex("\n\n")
    text = note[: split + 1]
    lines = text.split("\n")[:-1]
    if len(lines) >= 3 and lines[1].isdigit():
        print("checkpoint %s %d %s" % (lines[0], int(lines[1]), b64(lines[2]).hex()))
    sig_block = note[split + 2:]
    if not sig_block.endswith("\n"):
        print("signature lines do not end in a newline")
        return 1
    ok = 0
    for line in sig_block[:-1].split("\n"):
        if not line.startswith(EM_DASH + " "):
            print("not a signature line: %r" % line)
            return 1
        name, blob = line[2:].split(" ")
        sig = b64(blob)
        key = next((k for k in keys if k["name"] == name and k["id"] == sig[:4]), None)
        if key is None:
            continue  # Unknown keys are ignored.
        public = Ed25519PublicKey.from_public_bytes(key["key"])
        try:
            if key["type"] == 0x01:
                public.verify(sig[4:], text.encode())
                print("verified %s ed25519" % name)
            else:
                (timestamp,) = struct.unpack(">Q", sig[4:12])
                message = "cosignature/v1\ntime %d\n" % timestamp + text
                public.verify(sig[12:], message.encode())
                print("verified %s cosignature %d" % (name, timestamp))
            ok += 1
        except InvalidSignature:
            print("signature by %s does not verify" % name)
            return 1
    if ok == 0:
        print("no signature by a known key")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
