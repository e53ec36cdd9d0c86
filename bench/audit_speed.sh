#!/usr/bin/env bash
# Audit speed against its floor, in one run (docs/benchmarks.md "Audit speed"):
# sha256sum over the exported JSONL trail (hashing every byte once: the
# floor), `ledgerctl audit --file`, `ledgerctl verify --data_dir` (with the
# server stopped) and `ledgerctl verify` through besluitlogd, each under
# /usr/bin/time for its wall time and peak RSS. Needs a data dir with events
# (e.g. the one that `build/bench/projection_bench --data_dir D --events
# 1000000` leaves).
#
#   bench/audit_speed.sh DATA_DIR [TRAIL.jsonl]   (build first)
#
# Without TRAIL the trail is exported first (and kept as DATA_DIR.jsonl).
# LEDGERCTL=path runs another ledgerctl binary (e.g. an older build) for the
# audit and verify rows; the server and the export always use this build's.
# BASELINE=path also runs each of those rows with that binary, alternately
# with this build's (on a shared machine only rows of one window compare);
# RUNS=n repeats the offline rows n times (default 1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
DATA_DIR="$(cd "$1" && pwd)"
TRAIL="${2:-$DATA_DIR.jsonl}"
LEDGERCTL="${LEDGERCTL:-$BUILD/tools/ledgerctl}"
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The server (scrub off, so that it does not compete) is needed for the
# online verify, for the export, and for the key the offline audit trusts.
"$BUILD/tools/besluitlogd" --data_dir "$DATA_DIR" --listen 127.0.0.1:0 \
  --port_file "$WORK/port" --scrub_events_per_second 0 >"$WORK/server.log" 2>&1 &
SERVER=$!
until [ -s "$WORK/port" ]; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.01
done
TARGET="127.0.0.1:$(cat "$WORK/port")"
export BESLUITLOG_TOKEN_FILE="$DATA_DIR/admin.token"
if [ ! -s "$TRAIL" ]; then
  "$BUILD/tools/ledgerctl" --server "$TARGET" export --format jsonl --out "$TRAIL"
fi
KEY="$(sed -n 's/.*signed with Ed25519 key \([0-9a-f]*\),.*/\1/p' "$WORK/server.log")"
EVENTS="$("$BUILD/tools/ledgerctl" --server "$TARGET" head | awk '{print $2}')"
echo "events: $EVENTS, trail: $(stat -c %s "$TRAIL") bytes"

# Prints one table row: command, wall time, events/s, CPU time (user +
# system), peak RSS, wall time against the floor's. On a shared machine the
# CPU time is the steadier measure.
FLOOR=""
measure() {
  local name="$1"
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" ||
    { echo "FAILED: $name" >&2; cat "$WORK/out" "$WORK/err" >&2; exit 1; }
  read -r seconds user system rss_kb <"$WORK/time"
  [ -n "$FLOOR" ] || FLOOR="$seconds"
  awk -v n="$name" -v s="$seconds" -v u="$user" -v sy="$system" -v kb="$rss_kb" \
    -v e="$EVENTS" -v f="$FLOOR" '
    function grouped(x,   t, out) {
      t = sprintf("%.0f", x); out = ""
      while (length(t) > 3) { out = "," substr(t, length(t) - 2) out; t = substr(t, 1, length(t) - 3) }
      return t out
    }
    BEGIN { printf "| %s | %.2f s | %s events/s | %.2f s | %.0f MiB | %.1f× |\n",
            n, s, grouped(s > 0 ? e / s : 0), u + sy, kb / 1024, (f > 0 ? s / f : 0) }'
}

ONLINE_TARGET="$TARGET"
# The online row first, then the server is stopped: the offline rows run on
# a data dir no server holds, and nothing competes with them.
echo "| command | wall | rate (wall) | CPU | peak RSS | wall × floor |"
echo "|---|---|---|---|---|---|"
sha256sum "$TRAIL" >/dev/null  # Warm the page cache for every row alike.
/usr/bin/time -f "%e" -o "$WORK/floor" sha256sum "$TRAIL" >/dev/null
FLOOR="$(cat "$WORK/floor")"
measure "ledgerctl verify (through besluitlogd)" \
  "$LEDGERCTL" --server "$ONLINE_TARGET" verify
if [ -n "${BASELINE:-}" ]; then
  measure "baseline: ledgerctl verify (through besluitlogd)" \
    "$BASELINE" --server "$ONLINE_TARGET" verify
fi
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
for run in $(seq "${RUNS:-1}"); do
  FLOOR=""
  measure "sha256sum TRAIL (the floor)" sha256sum "$TRAIL"
  measure "ledgerctl audit --file TRAIL" \
    "$LEDGERCTL" audit --file "$TRAIL" --public_key "$KEY"
  if [ -n "${BASELINE:-}" ]; then
    measure "baseline: ledgerctl audit --file TRAIL" \
      "$BASELINE" audit --file "$TRAIL" --public_key "$KEY"
  fi
  measure "ledgerctl verify --data_dir D (server stopped)" \
    "$LEDGERCTL" verify --data_dir "$DATA_DIR"
  if [ -n "${BASELINE:-}" ]; then
    measure "baseline: ledgerctl verify --data_dir D" \
      "$BASELINE" verify --data_dir "$DATA_DIR"
  fi
done
