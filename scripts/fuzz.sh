#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in ./build-fuzz and runs each for RUNS
# executions (default 1,000,000), seeded with the shipped scenarios, sweeps and rows and the
# bad-input cases. Crashing inputs are written to build-fuzz/crashes/<target>/ (keep them in
# tests/inputs/bad/ as regression cases once fixed). Usage: bash scripts/fuzz.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000000}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSERVESIM_FUZZ=ON -DSERVESIM_BUILD_TESTS=OFF -DSERVESIM_BUILD_BENCH=OFF -DSERVESIM_WERROR=OFF \
  >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_scenario fuzz_sweep fuzz_validate_rows
corpus() {  # target -> seed files
  case "$1" in
    fuzz_scenario)
      find scenarios tests/inputs/bad -maxdepth 1 -type f -name '*.json' ! -name 'sweep.*' \
        ! -name 'validate.*' ! -name 'default_sweep.json' ;;
    fuzz_sweep)
      find scenarios/default_sweep.json scenarios/sweeps tests/inputs/bad -maxdepth 1 -type f \
        \( -name 'default_sweep.json' -o -path 'scenarios/sweeps/*.json' -o -name 'sweep.*.json' \) ;;
    fuzz_validate_rows)
      find tests/inputs/validate tests/inputs/bad -maxdepth 1 -type f \
        \( -path 'tests/inputs/validate/*.json' -o -name 'validate.*.json' \) ;;
  esac
}
for t in fuzz_scenario fuzz_sweep fuzz_validate_rows; do
  dir="build-fuzz/corpus/$t"
  mkdir -p "$dir" "build-fuzz/crashes/$t"
  for f in $(corpus "$t"); do cp "$f" "$dir/"; done
  echo "fuzz: $t, $runs executions" >&2
  "build-fuzz/tests/fuzz/$t" -runs="$runs" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="build-fuzz/crashes/$t/" "$dir" 2>&1 | tail -3
done
