#!/usr/bin/env bash
# Arcade's cache family against pycachesim 0.3.1 (its core is C) on the same traces and the same
# LRU L1/L2/L3 hierarchy, in one run, and prints the ratio.
#
# Usage: bench/cache/speed-vs-pycachesim.sh [HIERARCHY.yaml] [TRACE ...]
#
# Both replay each trace's data accesses 20 times back to back from memory (warm after the first
# pass), parsing excluded (an M line is a load and a store: 2 accesses): pycachesim through its
# fastest call (CacheSimulator.loadstore, batched; bench/cache/pycachesim-speed.py --passes 20),
# Arcade's functional model (the same counts) and its whole timed chip (`arcade bench cache
# --passes 20`); best of 3 each. Needs the pycachesim venv of pycachesim-fixtures.sh (made on first
# use) and a release build (made if missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
hierarchy=${1:-Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/hierarchies/l3-lru.yaml}
shift || true
traces=("$@")
[ ${#traces[@]} -gt 0 ] || traces=(Workloads/traces/sort.lackey.gz Workloads/traces/gzip.lackey.gz
                                   Workloads/traces/matmul.lackey.gz Workloads/traces/bfs.lackey.gz)
venv=${PYCACHESIM_VENV:-${ARCADE_PEERS:-$HOME/.cache/arcade-peers}/pycachesim-venv}
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("pycachesim") == "0.3.1"' 2>/dev/null; then
    bash bench/cache/pycachesim-fixtures.sh --help >/dev/null    # makes the venv
fi
[ -x .build/release/arcade ] || swift build -c release >/dev/null
list=$(IFS=,; echo "${traces[*]}")
arcade=$(.build/release/arcade bench cache --architecture "$hierarchy" --traces "$list" --passes 20 --repeats 3 --json)
peer=$(for t in "${traces[@]}"; do "$venv/bin/python" bench/cache/pycachesim-speed.py "$t" "$hierarchy" --api loadstore --repeat 3 --passes 20; done)
python3 - "$arcade" "$peer" <<'PY'
import json, sys
arcade = json.loads(sys.argv[1])
peer = {json.loads(l)["trace"].split("/")[-1]: json.loads(l) for l in sys.argv[2].splitlines() if l.strip()}
def get(trace, mode): return next(r for r in arcade if r["trace"] == trace and r["mode"] == mode)
print("%-18s %10s %12s %15s %13s %11s %9s" % ("trace", "accesses", "pycachesim", "arcade functional", "arcade timed",
      "functional", "timed"))
print("%-18s %10s %12s %15s %13s %11s %9s" % ("", "", "(M acc/s)", "(M acc/s)", "(M acc/s)", "÷ peer", "÷ peer"))
for trace in dict.fromkeys(r["trace"] for r in arcade):
    p = peer[trace]["accesses_per_second"]; f = get(trace, "functional")["accessesPerSecond"]
    t = get(trace, "timed")["accessesPerSecond"]
    assert get(trace, "functional")["accesses"] == peer[trace]["accesses"], "different access counts"
    print("%-18s %10d %12.2f %17.1f %13.1f %10.1f× %8.1f×" % (trace, peer[trace]["accesses"], p / 1e6, f / 1e6, t / 1e6,
                                                          f / p, t / p))
PY
