#!/usr/bin/env bash
# Runs a command with what the HiGHS build needs (cmake and libclang), installing them first
# when missing: with apt-get when root, otherwise with pip into .tools/ in this checkout.
# Usage: scripts/with-highs-deps.sh cargo test --release
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/py"

have_libclang() {
  local f
  for f in "${LIBCLANG_PATH:-/nonexistent}"/libclang*.so* /usr/lib/llvm-*/lib/libclang*.so* \
           /usr/lib/x86_64-linux-gnu/libclang*.so* /usr/lib64/libclang*.so*; do
    [ -e "$f" ] && return 0
  done
  return 1
}

use_local_tools() {
  if [ -d "$tools" ]; then
    export PATH="$tools/bin:$PATH"
    export PYTHONPATH="$tools${PYTHONPATH:+:$PYTHONPATH}"
    if [ -d "$tools/clang/native" ]; then
      export LIBCLANG_PATH="$tools/clang/native"
    fi
  fi
}

use_local_tools
if ! command -v cmake >/dev/null 2>&1 || ! have_libclang; then
  echo "kansrijk: cmake or libclang missing; installing them for the HiGHS build" >&2
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq cmake libclang-dev >&2
  else
    python3 -m pip install --quiet --disable-pip-version-check --target "$tools" cmake libclang >&2
    use_local_tools
  fi
  command -v cmake >/dev/null 2>&1 || { echo "kansrijk: could not install cmake" >&2; exit 1; }
  have_libclang || { echo "kansrijk: could not install libclang" >&2; exit 1; }
fi

exec "$@"
