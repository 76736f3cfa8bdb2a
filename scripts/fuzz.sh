#!/usr/bin/env bash
# CI fuzz stage: builds every libFuzzer target with clang (libFuzzer + ASan + UBSan) in
# build/fuzz and runs each for a bounded time, two at a time. Fails on any crash, sanitizer
# report, invariant violation or hang; the input is saved in build/fuzz/artifacts/ and the
# command that replays it is printed.
# Usage: scripts/fuzz.sh [SECONDS]   (per target, default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
# A fixed seed keeps CI runs comparable; KWMI_FUZZ_SEED=0 lets libFuzzer pick one.
seed=${KWMI_FUZZ_SEED:-1}
dir=build/fuzz
jobs=$(nproc)
start=$(date +%s)

# name | executable (relative to $dir) | committed seed corpus
targets=(
  "wmi_requests|fuzz/requests/kwmi_fuzz_wmi_requests|fuzz/requests/corpus"
  "malicious_provider|fuzz/provider/kwmi_fuzz_malicious_provider|fuzz/provider/corpus"
  "mof_parser|fuzz/mof/kwmi_fuzz_mof_parser|fuzz/mof/corpus/parser"
  "bmf_reader|fuzz/mof/kwmi_fuzz_bmf_reader|fuzz/mof/corpus/bmf"
)

echo "=== kwmi fuzz: build ($dir) ==="
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DKWMI_SANITIZE=address -DKWMI_BUILD_FUZZERS=ON -DKWMI_BUILD_TESTS=OFF \
      -DCMAKE_C_FLAGS="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" >/dev/null
names=()
for t in "${targets[@]}"; do IFS='|' read -r _ exe _ <<<"$t"; names+=("$(basename "$exe")"); done
cmake --build "$dir" -j "$jobs" --target "${names[@]}"
built=$(date +%s)
echo "build: $((built - start)) s"

mkdir -p "$dir/artifacts" "$dir/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Runs one target; its own corpus grows in $dir/corpus/<name>, the committed seeds are read-only.
run_one() {
  local name=$1 exe=$2 seeds=$3
  mkdir -p "$dir/corpus/$name"
  "$dir/$exe" -seed="$seed" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$dir/artifacts/$name-" "$dir/corpus/$name" "$seeds" \
      >"$dir/logs/$name.log" 2>&1
}

failed=0
pids=(); running=()
report() {
  local name=$1 exe=$2 status=$3 log="$dir/logs/$1.log"
  local rate
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    echo "fuzz $name: ok, ${rate:-?} execs/s (log $log)"
  else
    failed=1
    local artifact
    artifact=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -1)
    echo "fuzz $name: FAILED (exit $status, log $log)"
    grep -E "ERROR: AddressSanitizer|runtime error|invariant violated|STOP:|ERROR: libFuzzer" "$log" | head -5 || true
    [ -n "$artifact" ] && echo "  reproduce: $dir/$exe $artifact"
  fi
}
# Two at a time: each libFuzzer process uses one core.
for t in "${targets[@]}"; do
  IFS='|' read -r name exe seeds <<<"$t"
  run_one "$name" "$exe" "$seeds" &
  pids+=($!); running+=("$t")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    status=0; wait "${pids[0]}" || status=$?
    IFS='|' read -r n e _ <<<"${running[0]}"; report "$n" "$e" "$status"
    pids=("${pids[@]:1}"); running=("${running[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  status=0; wait "${pids[$i]}" || status=$?
  IFS='|' read -r n e _ <<<"${running[$i]}"; report "$n" "$e" "$status"
done
end=$(date +%s)
echo "fuzz stage: build $((built - start)) s, fuzzing $((end - built)) s, total $((end - start)) s"
exit $failed
