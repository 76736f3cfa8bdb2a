#!/usr/bin/env bash
# Builds kwmi and runs every test: a plain build, then ASan+UBSan, then the fuzzers for a
# bounded time (scripts/fuzz.sh, clang), then the concurrency suites under TSan.
# Usage: scripts/test.sh [plain|asan|fuzz|tsan ...]   (default: all four)
# KWMI_FUZZ_SECONDS sets the time per fuzz target (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
configs=("$@"); [ ${#configs[@]} -eq 0 ] && configs=(plain asan fuzz tsan)
jobs=$(nproc)
for cfg in "${configs[@]}"; do
  if [ "$cfg" = fuzz ]; then
    echo "=== kwmi tests: fuzz ==="
    scripts/fuzz.sh "${KWMI_FUZZ_SECONDS:-30}"
    continue
  fi
  # No debug info: it doubles compile time and the suites print what failed.
  case "$cfg" in
    plain) sanitize="";        opt="-O1" ;;
    asan)  sanitize="address"; opt="-O1" ;;
    tsan)  sanitize="thread";  opt="-O1" ;;
    *) echo "unknown configuration: $cfg" >&2; exit 2 ;;
  esac
  dir="build/$cfg"
  echo "=== kwmi tests: $cfg ==="
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None -DKWMI_SANITIZE="$sanitize" \
        -DCMAKE_C_FLAGS="$opt" -DCMAKE_CXX_FLAGS="$opt" >/dev/null
  if [ "$cfg" = tsan ]; then
    # TSan runs the suites that exercise threads (CTest label `concurrency`): the
    # *_concurrency_tests executables, plus the tool and the drivers its CLI checks run.
    mapfile -t targets < <(ninja -C "$dir" -t targets all |
      sed -n 's/^\(kwmi_[a-z_]*_concurrency_tests\|kwmi_cli\|acmewmi\|kwmitest_bus\): .*/\1/p' | sort -u)
    cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
    label=(-L concurrency)
  else
    cmake --build "$dir" -j "$jobs"
    label=()
  fi
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" "${label[@]}"
done
