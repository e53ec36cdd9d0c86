#!/usr/bin/env bash
# One entry point for setting up, building, serving and testing besluitlog on
# Debian 12.
#
#   tools/dev.sh serve   install what is missing, build, start besluitlogd
#                        on 127.0.0.1:50051 with its data in ./data
#   tools/dev.sh test    install what is missing, build, run every test
#   tools/dev.sh setup   only install the Debian packages
#   tools/dev.sh build   setup + build
#   tools/dev.sh format  apply .clang-format to every .cc/.h in git
#   tools/dev.sh check-format   fail (listing the files) if any is not formatted
#
# Environment: BUILD_DIR (default ./build), DATA_DIR (default ./data),
# LISTEN (default 127.0.0.1:50051).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev
  libcpp-httplib-dev  # HTTP for the C2SP tlog-witness protocol (besluitlog-witness, witness client)
  python3-cryptography  # test dependency: independent Ed25519 check of notes and cosignatures
  libgtest-dev libgmock-dev libbenchmark-dev
  tzdata
  chromium  # test dependency: the HTML export is checked in a headless browser
  # test dependencies of the besluitenlijst's print check: pdfinfo/pdftotext/pdftoppm, and
  # the fonts the page asks for (DejaVu), so that Chromium prints the same everywhere.
  poppler-utils fonts-dejavu-core
  openssl   # test dependency: TLS certificates for the authentication tests
  rocksdb-tools  # test dependency: `ldb` alters a stored value for the damage tests
  # The Python example client (docs/clients.md) and its test, on /usr/bin/python3.
  python3-grpcio python3-grpc-tools python3-protobuf
)

log() { printf '[dev.sh] %s\n' "$*" >&2; }

setup() {
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  log "installing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  setup
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fi
  cmake --build "$BUILD_DIR" --parallel "$(nproc)"
}

serve() {
  build
  local data_dir="${DATA_DIR:-$ROOT/data}"
  mkdir -p "$data_dir"
  log "starting besluitlogd on ${LISTEN:-127.0.0.1:50051}, data in $data_dir (Ctrl-C stops it)"
  log "ledgerctl needs a token: export BESLUITLOG_TOKEN_FILE=$data_dir/admin.token"
  exec "$BUILD_DIR/tools/besluitlogd" --listen "${LISTEN:-127.0.0.1:50051}" \
    --data_dir "$data_dir"
}

run_tests() {
  build
  ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" \
    --timeout 600
}

cpp_sources() {
  git -C "$ROOT" ls-files -z '*.cc' '*.h'
}

ensure_clang_format() {
  command -v clang-format >/dev/null 2>&1 && return 0
  PACKAGES=(clang-format)
  setup
}

format() {
  ensure_clang_format
  (cd "$ROOT" && cpp_sources | xargs -0 clang-format -i)
  log "formatted $(cd "$ROOT" && cpp_sources | tr -cd '\0' | wc -c) files"
}

check_format() {
  ensure_clang_format
  if ! (cd "$ROOT" && cpp_sources | xargs -0 clang-format --dry-run -Werror); then
    log "some files are not formatted as .clang-format says; run tools/dev.sh format"
    return 1
  fi
  log "all $(cd "$ROOT" && cpp_sources | tr -cd '\0' | wc -c) C++ files are formatted"
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  serve) serve ;;
  test) run_tests ;;
  format) format ;;
  check-format) check_format ;;
  *)
    echo "usage: tools/dev.sh serve|test|setup|build|format|check-format" >&2
    exit 2
    ;;
esac
