#!/usr/bin/env bash
# What crossing TLM-2.0 costs: the whole run of one seeded trace on Arcade's DRAM, (1) Arcade alone
# — `arcade simulate` (trace read, run, report; no result file) and `arcade-tlm replay --mode alone`
# (the same fused loop through the C ABI, no SystemC) — and (2) through SystemC: `arcade-tlm replay`
# approximately timed (the initiator's BEGIN_REQ/END_REQ, the target waking at each Arcade event,
# BEGIN_RESP) and loosely timed (one b_transport per request, serialized). Each run's completions
# are checked equal (AT vs alone) before its time counts. Release build; best of --repeats runs.
#
# Usage: bench/systemc/tlm-overhead.sh [--requests N] [--pattern mixed|random|stream]
#                                      [--architecture YAML] [--repeats R] [--no-build]
#   e.g. bench/systemc/tlm-overhead.sh --requests 100000          (DDR4-2400, mixed, seed 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=100000; pattern=mixed; architecture=Architectures/dram/ddr4-2400.yaml; repeats=3; build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) requests="$2"; shift 2 ;;
        --pattern) pattern="$2"; shift 2 ;;
        --architecture) architecture="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        *) sed -n '2,11p' "$0"; exit 2 ;;
    esac
done
if [[ $build == 1 ]]; then
    swift build -c release --product arcade >/dev/null
    swift build -c release --product arcade-tlm >/dev/null
fi
bin=.build/release
work="${TMPDIR:-/tmp}/arcade-tlm-overhead"; mkdir -p "$work"
trace="$work/$pattern-$requests.trace"
"$bin/arcade" trace --pattern "$pattern" --requests "$requests" --seed 1 --format ramulator2 --out "$trace" >/dev/null
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

# Best wall time in seconds of `$@` over $repeats runs (the whole process, start to exit); a run
# that fails prints "failed (exit N)" instead, and is not timed.
best() {
    local best_seconds="" start end seconds status
    for _ in $(seq "$repeats"); do
        start=$(date +%s.%N); status=0; "$@" >/dev/null 2>&1 || status=$?; end=$(date +%s.%N)
        if [[ $status != 0 ]]; then echo "failed (exit $status)"; return; fi
        seconds=$(echo "$end - $start" | bc -l)
        if [[ -z $best_seconds ]] || (( $(echo "$seconds < $best_seconds" | bc -l) )); then best_seconds=$seconds; fi
    done
    printf '%.3f s' "$best_seconds"
}

"$bin/arcade-tlm" replay --mode alone "$architecture" "$trace" --completions "$work/alone.csv" >/dev/null
"$bin/arcade-tlm" replay --mode at "$architecture" "$trace" --completions "$work/at.csv" >/dev/null
cmp -s "$work/alone.csv" "$work/at.csv" || { echo "error: AT completions differ from Arcade alone" >&2; exit 1; }

simulate=$(best "$bin/arcade" simulate "$architecture" "$trace" --no-out)
alone=$(best "$bin/arcade-tlm" replay --mode alone "$architecture" "$trace")
at=$(best "$bin/arcade-tlm" replay --mode at "$architecture" "$trace")
lt=$(best "$bin/arcade-tlm" replay --mode lt "$architecture" "$trace")
echo "architecture=$architecture trace=$pattern requests=$requests (best of $repeats; AT completions = Arcade alone)"
printf '%-44s %10s\n' "arcade simulate (Arcade alone)" "$simulate" "arcade-tlm --mode alone (C ABI, no SystemC)" "$alone" \
    "arcade-tlm --mode at (TLM AT)" "$at" "arcade-tlm --mode lt (TLM LT, serialized)" "$lt"
printf "AT / Arcade alone: %.1fx   (%.2f us per request crossing TLM)\n" "$(echo "${at% s} / ${alone% s}" | bc -l)" \
    "$(echo "(${at% s} - ${alone% s}) * 1000000 / $requests" | bc -l)"
