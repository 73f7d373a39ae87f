#!/usr/bin/env bash
# Installs what Arcade needs on a Debian/Ubuntu machine that has the Swift toolchain:
# HDF5 (results), SystemC and Boost (the C++ reference side), pkg-config, h5dump and zlib (gzip'd traces).
# With --tests it also installs slurm-wlm and munge (a private Slurm cluster tests sweeps), chromium
# and a font (the HTML reports are checked in a real headless browser), and makes
# a Python venv (.build-venv/) with h5py and pandas (result files read back in Python), gymnasium,
# Optuna, nevergrad and pytest, and Arcade's own Python package (python/, arcade_gym) installed into
# it. Safe to run again: it installs only what is missing (and reinstalls arcade_gym, which is quick).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libhdf5-dev hdf5-tools libsystemc-dev libboost-dev pkg-config zlib1g-dev)
# The tests also bring up a private single-node Slurm cluster to test sweeps as job arrays.
if [ "${1:-}" = "--tests" ]; then packages+=(slurm-wlm munge chromium fonts-liberation); fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (6.1 or newer) is not on PATH; install it from swift.org first." >&2
  exit 1
fi

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get is not available. Install these (or your system's equivalents) and rerun:" >&2
    echo "  ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: missing packages need root: run as root, or: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--tests" ]; then
  venv=.build-venv
  if ! "$venv/bin/python" -c "import h5py, pandas, gymnasium, optuna, cmaes, nevergrad, pytest" >/dev/null 2>&1; then
    echo "setup: making $venv with h5py, pandas, gymnasium, optuna, cmaes, nevergrad and pytest (the Python tests)"
    { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install -q h5py pandas gymnasium optuna cmaes nevergrad pytest
  fi
  "$venv/bin/pip" install -q ./python
fi
echo "setup: ok"
