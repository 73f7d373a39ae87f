#!/usr/bin/env bash
# Do two arcade builds give bit-identical DRAM results? For speed work on the DRAM controller: runs
# both binaries over every Architectures/dram preset plus controller variants (FCFS, closed page,
# two channels × two ranks, small/unequal queues, per-bank refresh on DDR5 and HBM3) × seeded
# stream/random/mixed traces (and a mixed trace over 8 MiB, so rows repeat), and compares each
# `--json` report byte for byte. Prints the runs that differ; exit 1 if any.
#
# Usage: bench/dram_same_results.sh BASE_ARCADE NEW_ARCADE [--requests N] [--work DIR]
#   e.g. bench/dram_same_results.sh /tmp/arcade-before .build/release/arcade     (60 runs of 200k requests)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 2 ]] || { sed -n '2,9p' "$0"; exit 2; }
base="$1"; new="$2"; shift 2
requests=200000
work="${TMPDIR:-/tmp}/arcade-dram-same"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) requests="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for binary in "$base" "$new"; do [[ -x "$binary" ]] || { echo "error: $binary is not executable" >&2; exit 2; }; done
mkdir -p "$work/cfg" "$work/trace" "$work/base" "$work/new"
for pattern in stream random mixed; do
    "$new" trace --pattern $pattern --requests "$requests" --seed 7 --format ramulator2 --out "$work/trace/$pattern.trace"
done
"$new" trace --pattern mixed --requests "$requests" --seed 9 --span-bytes 8388608 --format ramulator2 \
    --out "$work/trace/mixed-small.trace"
for preset in Architectures/dram/*.yaml; do
    sed "s#\.\./#$PWD/Architectures/#g" "$preset" > "$work/cfg/$(basename "$preset")"
done
peers="$work/cfg/ddr4-2400-peers.yaml"
sed 's/scheduler: frfcfs/scheduler: fcfs/' "$peers" > "$work/cfg/v-fcfs.yaml"
sed 's/row_policy: open/row_policy: closed/' "$peers" > "$work/cfg/v-closed.yaml"
sed 's/ranks: 1/ranks: 2/; s/channels: 1/channels: 2/' "$work/cfg/ddr4-3200-peers.yaml" > "$work/cfg/v-2rank.yaml"
sed 's/read_queue: 32/read_queue: 8/; s/write_queue: 32/write_queue: 64/' "$peers" > "$work/cfg/v-queues.yaml"
sed 's/refresh: all-bank/refresh: per-bank/' "$work/cfg/ddr5-4800.yaml" > "$work/cfg/v-ddr5-per-bank.yaml"
sed 's/refresh: all-bank/refresh: per-bank/' "$work/cfg/hbm3.yaml" > "$work/cfg/v-hbm3-per-bank.yaml"
runs=0; differ=0
for config in "$work"/cfg/*.yaml; do
    for trace in "$work"/trace/*.trace; do
        name="$(basename "$config" .yaml)-$(basename "$trace" .trace)"
        "$base" simulate "$config" "$trace" --json --no-out > "$work/base/$name.json"
        "$new" simulate "$config" "$trace" --json --no-out > "$work/new/$name.json"
        runs=$((runs + 1))
        if ! cmp -s "$work/base/$name.json" "$work/new/$name.json"; then echo "differs: $name"; differ=$((differ + 1)); fi
    done
done
echo "$runs runs, $differ differ"
[[ $differ -eq 0 ]]
