#!/usr/bin/env bash
# Builds the fuzz targets (tests/fuzz) with clang's libFuzzer, ASan and UBSan
# in ./build-fuzz and runs each for a bounded time, starting from the
# committed seeds (tests/fuzz/corpus/<target>). New inputs go to
# build-fuzz/corpus/<target>; a crash fails the script and names its input.
#
#   tools/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
#
# Needs clang++ and libclang-rt-14-dev (`tools/dev.sh setup` does not
# install them: the regular build and tests use g++ and replay the seeds).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-30}"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
TARGETS=(envelope governance_command export_escaping proof_verifier)

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ is not installed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBESLUITLOG_FUZZ=ON >/dev/null
fi
cmake --build "$BUILD" --parallel "$(nproc)" --target "${TARGETS[@]/%/_fuzzer}"

status=0
for target in "${TARGETS[@]}"; do
  work="$BUILD/corpus/$target"
  mkdir -p "$work" "$BUILD/crashes/$target"
  echo "== $target: ${SECONDS_PER_TARGET}s"
  if ! "$BUILD/tests/${target}_fuzzer" -max_total_time="$SECONDS_PER_TARGET" \
      -artifact_prefix="$BUILD/crashes/$target/" -print_final_stats=1 \
      "$work" "$ROOT/tests/fuzz/corpus/$target" 2>"$BUILD/$target.log"; then
    echo "fuzz.sh: $target failed; input and log:" >&2
    ls "$BUILD/crashes/$target" >&2
    tail -40 "$BUILD/$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$BUILD/$target.log" | tail -2
  fi
done
exit "$status"
