#!/usr/bin/env bash
# Builds kwmi and runs every test: a plain build, then ASan+UBSan, then the TSan suites.
# Usage: scripts/test.sh [plain|asan|tsan ...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
configs=("$@"); [ ${#configs[@]} -eq 0 ] && configs=(plain asan tsan)
jobs=$(nproc)
for cfg in "${configs[@]}"; do
  case "$cfg" in
    plain) sanitize=""; filter="" ;;
    asan)  sanitize="address"; filter="" ;;
    tsan)  sanitize="thread"; filter="-L concurrency" ;;
    *) echo "unknown configuration: $cfg" >&2; exit 2 ;;
  esac
  dir="build/$cfg"
  echo "=== kwmi tests: $cfg ==="
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKWMI_SANITIZE="$sanitize" >/dev/null
  cmake --build "$dir" -j "$jobs"
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" $filter
done
