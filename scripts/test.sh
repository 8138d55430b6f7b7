#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
dir=build
[ "${SERVESIM_SANITIZE:-OFF}" = "ON" ] && dir=build-asan
cd "$dir" && ctest --output-on-failure -j "$(nproc)"
