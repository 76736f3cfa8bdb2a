#!/usr/bin/env bash
# Regenerates the generated part of the committed seed corpora (run after scripts/fuzz.sh
# has built build/fuzz, or pass another fuzz build directory):
#  - fuzz/mof/corpus/bmf/seed_*.bmf: the valid hand-made MOF seeds compiled by `kwmi mofcomp`;
#  - fuzz/requests/corpus, fuzz/provider/corpus: a fixed-seed libFuzzer run of each target,
#    merged down to the inputs that add coverage (deterministic for a given build).
# Usage: fuzz/make_corpus.sh [BUILD_DIR]   (default build/fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/fuzz}

for mof in methods_events variable_arrays; do
  "$dir/tools/kwmi/kwmi" mofcomp "fuzz/mof/corpus/parser/$mof.mof" -B "fuzz/mof/corpus/bmf/seed_$mof.bmf"
done

for target in "requests|fuzz/requests/kwmi_fuzz_wmi_requests" "provider|fuzz/provider/kwmi_fuzz_malicious_provider"; do
  IFS='|' read -r name exe <<<"$target"
  scratch=$(mktemp -d)
  "$dir/$exe" -seed=1 -runs=4000 -max_len=256 "$scratch" >/dev/null 2>&1
  rm -f "fuzz/$name/corpus/"*
  "$dir/$exe" -merge=1 "fuzz/$name/corpus" "$scratch" >/dev/null 2>&1
  rm -rf "$scratch"
  echo "fuzz/$name/corpus: $(ls "fuzz/$name/corpus" | wc -l) seeds"
done
