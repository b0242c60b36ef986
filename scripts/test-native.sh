#!/usr/bin/env bash
# C++ unit tests: a sanitizer build (ASan + UBSan) and a release build; ctest's summary line is
# the last thing printed, for CI.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# GoogleTest: found, built from Debian's sources, or installed with apt (scripts/ensure-gtest.sh).
bash scripts/ensure-gtest.sh
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)

run() {
  local dir=$1
  shift
  cmake -S . -B "$dir" "${generator[@]}" -DPRAXI_TESTS=ON \
    ${PRAXI_GTEST_SOURCE_DIR:+-DPRAXI_GTEST_SOURCE_DIR="$PRAXI_GTEST_SOURCE_DIR"} "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" >/dev/null
}

run build-asan -DCMAKE_BUILD_TYPE=Debug -DPRAXI_SANITIZE=ON
echo "== C++ tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs" | tail -n 4

run build-tests -DCMAKE_BUILD_TYPE=Release
echo "== C++ tests (release)"
ctest --test-dir build-tests --output-on-failure -j "$jobs"
