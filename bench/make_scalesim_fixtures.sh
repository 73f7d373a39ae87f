#!/usr/bin/env bash
# Regenerates SCALE-Sim 3.0.0 reference reports for Arcade's systolic-array fixtures.
#
# Usage: bench/make_scalesim_fixtures.sh VENV [CASE...]
#   VENV  a Python venv with `pip install scalesim==3.0.0 "numpy<2.4"` (numpy 2.4 crashes SCALE-Sim)
#   CASE  fixture folder names under Tests/ArcadeHardwareTests/Fixtures/scalesim (default: all)
#
# Each fixture folder holds our own inputs, `topology.csv` (SCALE-Sim conv or GEMM format, detected
# from the header) and `arch.cfg`; this script writes SCALE-Sim's COMPUTE_REPORT.csv,
# BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv next to them. Traces are not written:
# `python -m scalesim.scale -s N` is ignored by scale.py (it always passes save_disk_space=False),
# so we call the same `scalesim(...).run_scale()` entry point with save_disk_space=True instead.
# Runs one SCALE-Sim at a time.
set -euo pipefail

venv=${1:?usage: $0 VENV [CASE...]}
shift
python="$venv/bin/python"
root="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$root/Tests/ArcadeHardwareTests/Fixtures/scalesim"
"$python" -c 'import importlib.metadata as m; v = m.version("scalesim"); assert v == "3.0.0", v'

if [ $# -eq 0 ]; then
    set -- $(cd "$fixtures" && ls -d */ | tr -d /)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# SCALE-Sim insists on an existing layout file even with custom layouts off; a header suffices.
cat > "$work/layout.csv" <<'LAYOUT'
Layer name, IFMAP Height Intraline Factor, IFMAP Width Intraline Factor, Filter Height Intraline Factor, Filter Width Intraline Factor, Channel Intraline Factor, Num Filter Intraline Factor, IFMAP Height Intraline Order, IFMAP Width Intraline Order, Channel Intraline Order, IFMAP Height Interline Order, IFMAP Width Interline Order, Channel Interline Order, Num Filter Intraline Order, Channel Intraline Order, Filter Height Intraline Order, Filter Width Intraline Order, Num Filter Interline Order, Channel Interline Order, Filter Height Interline Order, Filter Width Interline Order,
LAYOUT

for case in "$@"; do
    dir="$fixtures/$case"
    if head -1 "$dir/topology.csv" | grep -qi 'ifmap'; then gemm=False; else gemm=True; fi
    out="$work/$case"
    start=$(date +%s.%N)
    (cd "$work" && "$python" - "$dir/arch.cfg" "$dir/topology.csv" "$work/layout.csv" "$out" "$gemm" <<'PY' > "$work/$case.log" 2>&1)
import sys
from scalesim.scale_sim import scalesim
cfg, topo, layout, out, gemm = sys.argv[1:]
s = scalesim(save_disk_space=True, verbose=False, config=cfg, topology=topo, layout=layout,
             input_type_gemm=(gemm == "True"))
s.run_scale(top_path=out)
PY
    report_dir="$(dirname "$(find "$out" -name COMPUTE_REPORT.csv | head -1)")"
    for f in COMPUTE_REPORT.csv BANDWIDTH_REPORT.csv DETAILED_ACCESS_REPORT.csv; do
        cp "$report_dir/$f" "$dir/$f"
    done
    printf '%-28s %6.1f s\n' "$case" "$(echo "$(date +%s.%N) - $start" | bc)"
done
