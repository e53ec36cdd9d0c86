#!/usr/bin/env bash
# Crash loop against a real data dir (e.g. the 1M-event one that
# `build/bench/projection_bench --data_dir D --events 1000000` leaves): each
# round puts 64 clients of append load on besluitlogd, kills it with SIGKILL
# at a random moment, and times the restart until it serves again. After the
# last round every hash and the Merkle root are verified offline.
#
#   tools/crash_loop.sh DATA_DIR [ROUNDS]   (default 20; build first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
DATA_DIR="$(cd "$1" && pwd)"
ROUNDS="${2:-20}"
PORT_FILE="$(mktemp -u)"
LOG="$(mktemp)"

start() {
  rm -f "$PORT_FILE"
  "$BUILD/tools/besluitlogd" --data_dir "$DATA_DIR" --listen 127.0.0.1:0 \
    --port_file "$PORT_FILE" >"$LOG" 2>&1 &
  SERVER=$!
  until [ -s "$PORT_FILE" ]; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.005
  done
}

start
for round in $(seq 1 "$ROUNDS"); do
  "$BUILD/bench/append_bench" --target "127.0.0.1:$(cat "$PORT_FILE")" \
    --token_file "$DATA_DIR/admin.token" --clients 64 --seconds 3 --replay=false \
    >/dev/null 2>&1 &
  LOAD=$!
  sleep "0.$((RANDOM % 9 + 1))"
  sleep "$((RANDOM % 2))"
  kill -9 "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  wait "$LOAD" 2>/dev/null || true
  started=$(date +%s%N)
  start
  stopped=$(date +%s%N)
  printf 'round %2d: restarted in %4d ms, %s\n' "$round" $(((stopped - started) / 1000000)) \
    "$(grep -o 'head position [0-9]*' "$LOG")"
done
kill -TERM "$SERVER"
wait "$SERVER" || true
"$BUILD/tools/ledgerctl" verify --data_dir "$DATA_DIR"
rm -f "$PORT_FILE" "$LOG"
