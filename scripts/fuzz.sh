#!/usr/bin/env bash
# Builds the libFuzzer targets (native/fuzz, clang + ASan + UBSan) and runs each for a bounded time.
# Fails on any finding (crash, sanitizer report, invariant violation, leak, timeout, OOM); the crashing
# input is left under build-fuzz/findings/<target>/ -- copy it to native/fuzz/regressions/<target>/ so
# ctest replays it from then on (docs/reliability.md).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s each, all targets)
#   FUZZ_JOBS=2 FUZZ_BUILD_DIR=build-fuzz scripts/fuzz.sh 30
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(vw_text_parser vw_model_load changeset_yaml columbus)
build=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-2}

cxx=${FUZZ_CXX:-}
if [ -z "$cxx" ]; then
  for c in clang++ clang++-14 clang++-15 clang++-16; do
    command -v "$c" >/dev/null 2>&1 && { cxx=$c; break; }
  done
fi
[ -n "$cxx" ] || { echo "scripts/fuzz.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
echo "== fuzz: building with $cxx in $build"
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPRAXI_FUZZ=ON -DPRAXI_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
summary=()
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  findings="$build/findings/$t"
  mkdir -p "$work" "$findings"
  dict=()
  [ -f "native/fuzz/$t.dict" ] && dict=(-dict="native/fuzz/$t.dict")
  log="$build/$t.log"
  echo "== fuzz: $t for ${seconds}s"
  # New inputs go to the scratch corpus; the committed seeds and regressions are read only.
  set +e
  "$build/native/fuzz/fuzz_$t" "$work" native/fuzz/corpus/"$t" native/fuzz/regressions/"$t" \
    "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o "cov: [0-9]*" "$log" | tail -n 1 | tr -dc 0-9 || true)
  summary+=("$t runs=${runs:-?} cov=${cov:-?} exit=$rc")
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "!! fuzz: $t FAILED (exit $rc); log: $log; inputs in $findings/" >&2
    grep -E 'ERROR|SUMMARY|invariant|unexpected|runtime error' "$log" | head -n 20 >&2 || true
  fi
done
echo "== fuzz summary (${seconds}s each)"
printf '%s\n' "${summary[@]}"
[ "$status" -eq 0 ] || exit "$status"
# Last: the committed corpus and every regression input replayed once (ctest's summary ends the log).
echo "== fuzz: replaying native/fuzz/corpus and native/fuzz/regressions"
ctest --test-dir "$build/native/fuzz" --output-on-failure -j "$jobs"
