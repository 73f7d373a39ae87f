#!/usr/bin/env bash
# Regenerates the FPGA figures the README shows (bench/fpga/plots/*.svg) and prints the tables
# behind them, from a release build. About 30 s on 2 cores (the exhaustive compare is 2,400 points).
#   bash bench/fpga/make-plots.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release >/dev/null
arcade=.build/release/arcade
plots=bench/fpga/plots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Window vs dense attention over 1k–16k tokens (Workloads/spaces/fpga-attention-scaling.yaml).
$arcade sweep Workloads/spaces/fpga-attention-scaling.yaml --out "$work/scaling.h5" --plot "$work/scaling.svg" >/dev/null
cp "$work/scaling.svg" $plots/scaling.svg

# The resources of the shipped designs, per SLR.
$arcade simulate Architectures/fpga/swat-u280.yaml Workloads/fpga/longformer-attention-4k.yaml --no-out \
    --plot $plots/swat-u280-slrs.svg >/dev/null
$arcade simulate Architectures/fpga/ubimoe-u280.yaml Workloads/fpga/m3vit.yaml --no-out --plot $plots/ubimoe-u280-slrs.svg >/dev/null

# The SWAT design space: every point (latency against energy) and which agents find the best feasible design.
$arcade sweep Workloads/spaces/fpga-swat-u280.yaml --out "$work/swat.h5" --plot "$work/swat.svg" >/dev/null
cp "$work/swat.svg" $plots/swat-space.svg
$arcade compare Workloads/spaces/fpga-swat-u280.yaml --agents random,ga,ga-bisect,sa,aco,bo,tpe --budget 100 --seeds 10 \
    --exhaustive --no-out --plot "$work/compare.svg"
cp "$work/compare-regret.svg" $plots/compare-regret.svg
ls -l $plots
