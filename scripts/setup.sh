#!/usr/bin/env bash
# Installs servesim's build dependencies from Debian packages when any is missing.
# Idempotent and quiet when everything is present. Needs root (or sudo) only to install.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost-graph-dev libboost-program-options-dev
  nlohmann-json3-dev libfmt-dev libhdf5-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-h5py python3-matplotlib
  openmpi-bin libopenmpi-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
