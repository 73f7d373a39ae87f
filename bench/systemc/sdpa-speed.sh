#!/usr/bin/env bash
# Arcade's dataflow chip against its SystemC reference (Sources/arcade-systemc-dataflow: clocked
# SC_THREADs over sc_fifo) on the same SDPA graphs, in one run: both release builds, the same cycles
# checked, each side's own run time (Arcade: the chip run; SystemC: sc_start), best of REPEAT.
#   bash bench/systemc/sdpa-speed.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${1:-3}
swift build -c release >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf "%-10s %6s %12s %10s %12s %12s %8s\n" graph N cycles agrees "arcade (s)" "systemc (s)" speed-up
for graph in sdpa-reordered sdpa-naive; do
  for n in 256 512 1024; do
    printf "sequence_length: %d\nhead_dim: 16\nheads: 1\nseed: 1\n" "$n" > "$work/w.yaml"
    best_a=1e9; best_s=1e9; cycles=0; agrees=0
    for _ in $(seq "$repeat"); do
      read -r c a ra rs < <(.build/release/arcade simulate "Architectures/dataflow/$graph.yaml" "$work/w.yaml" --reference systemc \
          --json --no-out | python3 -c "import json,sys; t=json.load(sys.stdin)['totals']; print(t['cycles'], t['reference_agrees'], t['chip_seconds'], t['reference_seconds'])")
      cycles=$c; agrees=$a
      best_a=$(python3 -c "print(min($best_a, $ra))"); best_s=$(python3 -c "print(min($best_s, $rs))")
    done
    python3 -c "print('%-10s %6d %12d %10s %12.4f %12.4f %7.1fx' % ('$graph'.replace('sdpa-',''), $n, $cycles, 'yes' if $agrees else 'NO', $best_a, $best_s, $best_s / $best_a))"
  done
done
