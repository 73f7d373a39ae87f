#!/usr/bin/env bash
# The GPT decode table of the README: every Workloads/llm model on a PIM architecture (default the
# PIM-GPT-style GDDR6 preset), latency and energy per token for PIM, the same DRAM without PIM, the
# GPU and the CPU rooflines. Usage: bench/pim/decode-table.sh [architecture.yaml]  (after a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
arch=${1:-Architectures/pim/pim-gpt-gddr6.yaml}
echo "| model | PIM µs/token | no-PIM µs/token | GPU µs/token | CPU µs/token | PIM µJ/token | no-PIM µJ/token | GPU µJ/token | CPU µJ/token | × no-PIM | × GPU | × CPU | run s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for model in gpt2-small gpt2-medium gpt2-large gpt2-xl gpt-neo-1.3b; do
  start=$(date +%s.%N)
  json=$(.build/release/arcade simulate "$arch" "Workloads/llm/$model.yaml" --json --no-out)
  end=$(date +%s.%N)
  python3 - "$model" "$start" "$end" <<PY
import json, sys
d = json.loads('''$json''')
t, b = d["totals"], d["baselines"]
name, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
us = lambda ns: f"{ns / 1e3:,.1f}"
uj = lambda nj: f"{nj / 1e3:,.0f}"
print(f"| {name} | {us(t['latency_per_token_ns'])} | {us(b['no_pim']['latency_per_token_ns'])} | {us(b['gpu']['latency_per_token_ns'])} "
      f"| {us(b['cpu']['latency_per_token_ns'])} | {uj(t['energy_per_token_nj'])} | {uj(b['no_pim']['energy_per_token_nj'])} "
      f"| {uj(b['gpu']['energy_per_token_nj'])} | {uj(b['cpu']['energy_per_token_nj'])} | {t['speedup_vs_no_pim']:.2f} "
      f"| {t['speedup_vs_gpu']:.2f} | {t['speedup_vs_cpu']:.2f} | {end - start:.1f} |")
PY
done
