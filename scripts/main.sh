#!/usr/bin/env bash
# The main job: install what is missing, build, and run servesim on its embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
exec ./build/servesim "$@"
