#!/usr/bin/env bash
# Builds the Google Benchmark suite (Release, build/bench), runs it, prints the issue #9
# summary (`figure | measured | target | holds?`, ratios from medians of this run) and plots
# time per instance against N for the request path and the flat baseline.
# Usage: scripts/bench.sh [Google Benchmark flags, e.g. --benchmark_filter=QAD]
# Output: build/bench/results/{bench.txt,bench.json,query_all_data.dat,query_all_data.svg}
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dir=build/bench
out="$dir/results"
mkdir -p "$out"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKWMI_BUILD_BENCH=ON >/dev/null
cmake --build "$dir" -j 2 --target kwmi_bench
"$dir/bench/kwmi_bench" --out "$out" --benchmark_out="$out/bench.json" --benchmark_out_format=json "$@" |
  tee "$out/bench.txt"
if command -v gnuplot >/dev/null && [ -s "$out/query_all_data.dat" ]; then
  gnuplot <<GNUPLOT
set terminal svg size 800,500
set output "$out/query_all_data.svg"
set title "QUERY_ALL_DATA: CPU time per instance (64-byte instances, median)"
set xlabel "instances N"
set ylabel "ns per instance"
set logscale x
set key top left
set grid
set logscale y
set yrange [*:*]
plot "$out/query_all_data.dat" using 1:2 with linespoints title "consumer -> service -> IRP -> KMDF", \
     "$out/query_all_data.dat" using 1:4 with linespoints title "same, verifier output-buffer guard off", \
     "$out/query_all_data.dat" using 1:3 with linespoints title "flat baseline (same callbacks)"
GNUPLOT
  echo "plot: $out/query_all_data.svg"
fi
