#!/usr/bin/env bash
# Configures and builds servesim (Release, warnings as errors) into ./build.
# Set SERVESIM_SANITIZE=ON for an ASan+UBSan build in ./build-asan instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dir=build
flags=(-DCMAKE_BUILD_TYPE=Release)
if [ "${SERVESIM_SANITIZE:-OFF}" = "ON" ]; then
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSERVESIM_SANITIZE=ON)
fi
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
