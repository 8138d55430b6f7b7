#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer (./build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
SERVESIM_SANITIZE=ON bash scripts/test.sh
