#!/usr/bin/env bash
# SCALE-Sim 3.0.0 vs Arcade on one topology: per-layer cycles side by side, wall times, speed-up.
#
# Usage: SCALESIM_PY=/path/to/venv/bin/python bench/scalesim_vs_arcade.sh [TOPOLOGY.csv] [ARCH.cfg]
#   defaults: Workloads/conv/resnet18.csv and bench/configs/scalesim_32x32_os.cfg
#   ARCADE    the arcade binary (default .build/release/arcade; built with `swift build -c release`)
#   KEEP      a directory: SCALE-Sim's reports are kept there, and if they already exist the
#             SCALE-Sim run is skipped (its wall time is then the one recorded on the first run)
# SCALE-Sim runs without traces (see make_scalesim_fixtures.sh); ResNet-18 takes it minutes.
# Exit status 1 if any layer's cycles, stall cycles or SRAM/DRAM access counts differ.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
topology="$(realpath "${1:-$root/Workloads/conv/resnet18.csv}")"
config="$(realpath "${2:-$root/bench/configs/scalesim_32x32_os.cfg}")"
python="${SCALESIM_PY:?set SCALESIM_PY to a python with scalesim==3.0.0}"
arcade="${ARCADE:-$root/.build/release/arcade}"
[ -x "$arcade" ] || (cd "$root" && swift build -c release --product arcade)

if [ -n "${KEEP:-}" ]; then
    work="$(mkdir -p "$KEEP" && realpath "$KEEP")"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
if head -1 "$topology" | grep -qi ifmap; then gemm=False; else gemm=True; fi
# SCALE-Sim insists on an existing layout file even with custom layouts off; a header suffices.
cat > "$work/layout.csv" <<'LAYOUT'
Layer name, IFMAP Height Intraline Factor, IFMAP Width Intraline Factor, Filter Height Intraline Factor, Filter Width Intraline Factor, Channel Intraline Factor, Num Filter Intraline Factor, IFMAP Height Intraline Order, IFMAP Width Intraline Order, Channel Intraline Order, IFMAP Height Interline Order, IFMAP Width Interline Order, Channel Interline Order, Num Filter Intraline Order, Channel Intraline Order, Filter Height Intraline Order, Filter Width Intraline Order, Num Filter Interline Order, Channel Interline Order, Filter Height Interline Order, Filter Width Interline Order,
LAYOUT

echo "SCALE-Sim: $topology on $(basename "$config") ..." >&2
if [ -f "$work/scalesim.seconds" ]; then
    echo "(reusing SCALE-Sim reports in $work)" >&2
    t1=$(date +%s.%N)
    t0=$(echo "$t1 - $(cat "$work/scalesim.seconds")" | bc)
else
t0=$(date +%s.%N)
(cd "$work" && "$python" - "$config" "$topology" "$work/layout.csv" "$work/out" "$gemm" <<'PY' > "$work/scalesim.log" 2>&1)
import sys
from scalesim.scale_sim import scalesim
cfg, topo, layout, out, gemm = sys.argv[1:]
scalesim(save_disk_space=True, verbose=False, config=cfg, topology=topo, layout=layout,
         input_type_gemm=(gemm == "True")).run_scale(top_path=out)
PY
t1=$(date +%s.%N)
echo "$t1 - $t0" | bc > "$work/scalesim.seconds"
fi
"$arcade" simulate "$config" "$topology" --compat scalesim --json > "$work/arcade.json"
t2=$(date +%s.%N)

report="$(find "$work/out" -name COMPUTE_REPORT.csv | head -1)"
detail="$(dirname "$report")/DETAILED_ACCESS_REPORT.csv"
"$python" - "$report" "$detail" "$work/arcade.json" "$t0" "$t1" "$t2" <<'PY'
import csv, json, sys
report, detail, arcade_json, t0, t1, t2 = sys.argv[1:]
rows = [r for r in csv.reader(open(report))][1:]
access = [r for r in csv.reader(open(detail))][1:]
layers = json.load(open(arcade_json))["layers"]
# DETAILED_ACCESS_REPORT.csv columns of the six access counts, and Arcade's JSON names for them.
fields = [(3, "sram_reads_ifmap"), (6, "sram_reads_filter"), (9, "sram_writes_ofmap"),
          (12, "dram_reads_ifmap"), (15, "dram_reads_filter"), (18, "dram_writes_ofmap")]
print(f"{'#':>3} {'layer':<28} {'SCALE-Sim':>12} {'Arcade':>12}  match (cycles, stalls, 6 access counts)")
mismatches = 0
if len(rows) != len(layers):
    print(f"layer count differs: SCALE-Sim {len(rows)}, Arcade {len(layers)}")
    mismatches += 1
for i, (row, layer) in enumerate(zip(rows, layers)):
    ours, theirs = int(layer["cycles"]), int(float(row[2]))
    ok = ours == theirs and int(layer["stall_cycles"]) == int(float(row[3]))
    bad = [name for col, name in fields if int(float(access[i][col])) != int(layer[name])]
    ok = ok and not bad
    mismatches += not ok
    print(f"{i:>3} {layer['name']:<28} {theirs:>12} {ours:>12}  {'yes' if ok else 'NO ' + ' '.join(bad)}")
scalesim_s, arcade_s = float(t1) - float(t0), float(t2) - float(t1)
print(f"wall time: SCALE-Sim {scalesim_s:.2f} s, Arcade {arcade_s:.3f} s (process incl.), "
      f"speed-up {scalesim_s / max(arcade_s, 1e-9):.0f}x")
print(f"{len(rows) - mismatches if mismatches <= len(rows) else 0}/{len(rows)} layers match")
sys.exit(1 if mismatches else 0)
PY
