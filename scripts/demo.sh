#!/usr/bin/env bash
# The kwmi demo: installs the dependencies, builds the `kwmi` tool and the acmewmi sample
# driver (build/demo, Release, Ninja), then hosts the driver and runs scripts/demo.kwmi:
# classes, decoded queries, a set, method calls, an event, the timer-driven dynamic instance
# on a manual clock, the verifier and a PnP remove with its leak report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build=build/demo
jobs=$(nproc)
[ "$jobs" -gt 2 ] || jobs=2
echo "== Building kwmi and the acmewmi sample driver in $build =="
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKWMI_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target kwmi_cli acmewmi -j "$jobs"
driver="$build/samples/acmewmi/libacmewmi.so"
echo
echo "== kwmi host $driver --manual-clock --script scripts/demo.kwmi =="
# The driver's KdPrint output ([kd] lines) goes to stderr, interleaved with the transcript.
exec "$build/tools/kwmi/kwmi" host "$driver" --manual-clock --script scripts/demo.kwmi
