#!/usr/bin/env bash
# Regenerates the pycachesim 0.3.1 fixtures under Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim
# (one JSON per shipped trace x hierarchy, and unit-cases.json).
#
# Usage: bench/cache/pycachesim-fixtures.sh [ARGS...]
#   ARGS go to bench/cache/pycachesim-fixtures.py (e.g. --cross-check, --only-unit-cases, names).
# The venv lives outside the repo: ${PYCACHESIM_VENV:-${ARCADE_PEERS:-$HOME/.cache/arcade-peers}/pycachesim-venv}.
# It is created on first use with `pip install pycachesim==0.3.1 PyYAML` (pycachesim builds a C
# extension, so a C compiler and the Python headers are needed once).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
venv=${PYCACHESIM_VENV:-${ARCADE_PEERS:-$HOME/.cache/arcade-peers}/pycachesim-venv}
python="$venv/bin/python"

if ! "$python" -c 'import importlib.metadata as m, yaml; assert m.version("pycachesim") == "0.3.1"' 2>/dev/null; then
    echo "pycachesim-fixtures.sh: setting up $venv" >&2
    mkdir -p "$(dirname "$venv")"
    [ -x "$python" ] || python3 -m venv "$venv"
    "$python" -m pip install --quiet "pycachesim==0.3.1" PyYAML
fi

exec "$python" "$root/bench/cache/pycachesim-fixtures.py" "$@"
