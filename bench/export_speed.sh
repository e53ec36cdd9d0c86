#!/bin/bash
# Export, audit and verify times on one history, an older client alternating
# with this build's against this build's besluitlogd (docs/benchmarks.md).
#   bench/export_speed.sh BINDIR OLD_LEDGERCTL DATA_DIR [ROUNDS]
# BINDIR holds this build's besluitlogd and ledgerctl; DATA_DIR is a stopped
# server's data dir with admin.token (e.g. the projection_bench history).
# Each export is preceded by `sync`, so that one run's writeback does not
# land in the next one's time. Prints one line per timed command.
set -u
NEW=$1; OLD=$2; D=$3; ROUNDS=${4:-2}
O=$(mktemp -d); trap 'rm -rf "$O"' EXIT
"$NEW/besluitlogd" --data_dir "$D" --listen 127.0.0.1:0 --port_file "$O/port" \
    --scrub_events_per_second 0 > "$O/server.log" 2>&1 &
SPID=$!
for _ in $(seq 1 600); do [ -s "$O/port" ] && break; sleep 0.5; done
ADDR=127.0.0.1:$(cat "$O/port")
T="/usr/bin/time -f %e_s_wall_%U_s_user_%S_s_sys_%M_KB"
for r in $(seq 1 "$ROUNDS"); do
  for f in csv jsonl html popolo; do
    for v in before after; do
      L=$NEW/ledgerctl; [ $v = before ] && L=$OLD
      sync
      echo "== r$r $v export $f: $($T "$L" --server "$ADDR" --token_file "$D/admin.token" export --format $f --out "$O/trail.$v.$f" 2>&1 | tail -1) size $(stat -c %s "$O/trail.$v.$f")"
      [ "$v.$f" != "after.jsonl" ] && rm -f "$O/trail.$v.$f"
    done
  done
done
echo "== after export votes: $($T "$NEW/ledgerctl" --server "$ADDR" --token_file "$D/admin.token" export --format votes --out "$O/trail.votes" 2>&1 | tail -1)"
echo "== verify through the server: $($T "$NEW/ledgerctl" --server "$ADDR" --token_file "$D/admin.token" verify 2>&1 | tail -1)"
KEY=$(grep -o "Ed25519 key [0-9a-f]*" "$O/server.log" | head -1 | awk '{print $3}')
kill $SPID; wait $SPID
for r in $(seq 1 "$ROUNDS"); do
  echo "== r$r sha256sum floor: $($T sha256sum "$O/trail.after.jsonl" 2>&1 | tail -1)"
  echo "== r$r audit --file: $($T "$NEW/ledgerctl" audit --file "$O/trail.after.jsonl" --public_key "$KEY" 2>&1 | tail -1)"
  echo "== r$r verify --data_dir: $($T "$NEW/ledgerctl" verify --data_dir "$D" 2>&1 | tail -1)"
done
"$NEW/ledgerctl" audit --file "$O/trail.after.jsonl" --public_key "$KEY" 2>&1 | tail -1
