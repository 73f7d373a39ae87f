#!/usr/bin/env bash
# Arcade's DRAM model against its SystemC reference (Sources/arcade-systemc-dram: one clocked
# SC_THREAD per channel controller, stepping every cycle) on the same seeded traces, in one run:
# both release builds, the same cycles and every request's completion checked (reference_agrees),
# each side's own run time (Arcade: the DRAM event loop, chip_seconds; SystemC: sc_start,
# reference_seconds), best of REPEAT.
#   bash bench/systemc/dram-speed.sh [REPEAT] [ARCHITECTURE]
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${1:-3}
architecture=${2:-Architectures/dram/ddr4-2400.yaml}
swift build -c release --product arcade >/dev/null
swift build -c release --product arcade-systemc-dram >/dev/null
arcade=.build/release/arcade
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "$architecture, best of $repeat"
printf "%-7s %9s %10s %7s %10s %11s %9s %14s %14s\n" pattern requests cycles agrees "arcade (s)" "systemc (s)" speed-up \
  "arcade cyc/s" "systemc cyc/s"
for requests in 100000 1000000; do
  for pattern in stream random mixed; do
    trace="$work/$pattern-$requests.trace"
    "$arcade" trace --pattern "$pattern" --requests "$requests" --seed 1 --format ramulator2 --out "$trace" >/dev/null
    best_a=1e9; best_s=1e9; cycles=0; agrees=0
    for _ in $(seq "$repeat"); do
      read -r c a ra rs < <("$arcade" simulate "$architecture" "$trace" --reference systemc --json --no-out | python3 -c \
          "import json,sys; t=json.load(sys.stdin)['totals']; print(t['cycles'], t['reference_agrees'], t['chip_seconds'], t['reference_seconds'])")
      cycles=$c; agrees=$a
      best_a=$(python3 -c "print(min($best_a, $ra))"); best_s=$(python3 -c "print(min($best_s, $rs))")
    done
    python3 -c "print('%-7s %9d %10d %7s %10.4f %11.4f %8.1fx %14.3g %14.3g' % ('$pattern', $requests, $cycles, 'yes' if $agrees else 'NO',
        $best_a, $best_s, $best_s / $best_a, $cycles / $best_a, $cycles / $best_s))"
  done
done
