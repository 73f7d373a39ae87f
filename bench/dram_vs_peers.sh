#!/usr/bin/env bash
# Arcade's DRAM model vs DRAMsim3, Ramulator 2.0 and Ramulator 2.1 on the same traces and settings,
# side by side: memory cycles, bandwidth, row-hit rate, wall seconds and simulated requests per CPU-second.
#
# Method (../shared/notes/peers.md): 64-byte requests, all available at cycle 0, the frontend
# offering one request per memory cycle (HBM2: 8 per cycle); traces stream (addr = i·64), random
# (uniform 64-B-aligned reads over 1 GiB, seeded) and mixed (2 reads : 1 write), made by
# `arcade trace`. DDR4: one channel, one rank, 8Gb x8, read/write queues of 32, open page, FR-FCFS,
# RoBaRaCoCh (DRAMsim3: rochrababgco, the same bit order with one channel and rank), each peer with
# its own timing preset (../shared/notes/dram-timing-params.md). HBM2: one 8-channel stack.
# A run's memory cycles end when the last request has been accepted by the controller (Ramulator
# 2's own end criterion; the DRAMsim3 driver uses the same and also reports the drain; Arcade's
# `last_accept_cycle`, while its report's `cycles` run until the last request has completed).
#
# Peers are the user's own builds, outside this repository (recipes in ../shared/notes/peers.md):
#   RAMULATOR2_BIN  the `ramulator2` executable of Ramulator 2.0 (CMU-SAFARI/ramulator2 @5e58d25)
#   RAMULATOR21_BIN Arcade's Ramulator 2.1 driver, bench/dram/ramulator21_driver.cpp compiled against the
#                   user's Ramulator 2.1 (CMU-SAFARI/ramulator2 @c5b1c3a, v2.1.0+): build line at its top.
#                   Its configurations are exported (untimed) by the Python package of the checkout it
#                   was built against (`RAMULATOR21_BIN --root`). Presets DDR4_8Gb_x8 + DDR4_2400R /
#                   DDR4_3200AA on GenericDDR; HBM2_8Gb + HBM2_2000Mbps on 8 HBM12 controllers with
#                   CacheLineInterleave(interleave_bits=1), i.e. channels interleaved per 64-B line. Its
#                   HBM2 transaction is 32 B (64-bit pseudo-channel x prefetch 4), so each request there
#                   moves 32 B, and its bandwidth is computed with 32 B.
#   DRAMSIM3_BIN    Arcade's DRAMsim3 driver, bench/dram/dramsim3_driver.cpp compiled against the
#                   user's DRAMsim3 (umd-memsys/DRAMsim3 @2981759): build line at its top
#   ARCADE_BIN      arcade executable (default .build/release/arcade)
# A peer whose binary is missing is skipped, saying so. Arcade's rows read "arcade: not available"
# while its DRAM model (Architectures/dram/<config>-peers.yaml) is missing or fails.
#
# Usage: bench/dram_vs_peers.sh [--requests N] [--seed S] [--configs "ddr4-2400 ddr4-3200 hbm2"]
#          [--traces "stream random mixed"] [--hbm2-traces "stream"] [--repeat K] [--work DIR] [--fixtures DIR]
#          [--json FILE]
#   --repeat K      run every simulator K times per trace, in interleaved rounds (each peer, Arcade,
#                   then again), and keep each one's fastest run; this machine's CPU time varies by
#                   up to ±40% over minutes (other tenants), alike for all simulators, so use 3 or more
#                   for speed claims. Default 1. Results must not differ.
#   --fixtures DIR  also write each peer run as DIR/<peer>_<config>_<trace>_<N>.json (test fixtures)
set -euo pipefail

cd "$(dirname "$0")/.."
requests=1000000
seed=1
configs="ddr4-2400 ddr4-3200 hbm2"
traces="stream random mixed"
hbm2_traces="stream"
repeat=1
work="${TMPDIR:-/tmp}/arcade-dram-vs-peers"
fixtures=""
json_out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) requests="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --configs) configs="$2"; shift 2 ;;
        --traces) traces="$2"; shift 2 ;;
        --hbm2-traces) hbm2_traces="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --fixtures) fixtures="$2"; shift 2 ;;
        --json) json_out="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

arcade="${ARCADE_BIN:-.build/release/arcade}"
if [[ ! -x "$arcade" ]]; then
    echo "error: $arcade not found; build it (swift build -c release) or set ARCADE_BIN" >&2
    exit 2
fi
mkdir -p "$work"

export ARCADE="$arcade" WORK="$work" REQUESTS="$requests" SEED="$seed" CONFIGS="$configs" TRACES="$traces" \
       HBM2_TRACES="$hbm2_traces" REPEAT="$repeat" FIXTURES="$fixtures" JSON_OUT="$json_out" \
       DRAMSIM3_BIN="${DRAMSIM3_BIN:-}" RAMULATOR2_BIN="${RAMULATOR2_BIN:-}" RAMULATOR21_BIN="${RAMULATOR21_BIN:-}"
exec python3 - <<'PYTHON'
import json, os, re, resource, subprocess, sys, time

ARCADE, WORK = os.environ["ARCADE"], os.environ["WORK"]
N, SEED, REPEAT = int(os.environ["REQUESTS"]), int(os.environ["SEED"]), max(1, int(os.environ["REPEAT"]))
FIXTURES, JSON_OUT = os.environ["FIXTURES"], os.environ["JSON_OUT"]
REQUEST_BYTES = 64

# Our settings per configuration: nominal clock (bandwidth = bytes / (cycles · tCK)), requests offered
# per memory cycle, the peers' presets / our DRAMsim3 settings file (bench/dram/, written by us).
CONFIGS = {
    "ddr4-2400": dict(tck_ns=0.833, per_cycle=1, dramsim3_ini="bench/dram/dramsim3-ddr4-2400.ini",
                      ramulator2=dict(impl="DDR4", org="DDR4_8Gb_x8", timing="DDR4_2400R", channel=1, rank=1),
                      ramulator21=dict(dram="DDR4", org="DDR4_8Gb_x8", timing="DDR4_2400R", rank=1,
                                       controller="GenericDDR", channels=1)),
    "ddr4-3200": dict(tck_ns=0.625, per_cycle=1, dramsim3_ini="bench/dram/dramsim3-ddr4-3200.ini",
                      ramulator2=dict(impl="DDR4", org="DDR4_8Gb_x8", timing="DDR4_3200AA", channel=1, rank=1),
                      ramulator21=dict(dram="DDR4", org="DDR4_8Gb_x8", timing="DDR4_3200AA", rank=1,
                                       controller="GenericDDR", channels=1)),
    "hbm2": dict(tck_ns=1.0, per_cycle=8, dramsim3_ini="bench/dram/dramsim3-hbm2.ini",
                 ramulator2=dict(impl="HBM2", org="HBM2_8Gb", timing="HBM2_2Gbps", channel=8, pseudochannel=2),
                 ramulator21=dict(dram="HBM2", org="HBM2_8Gb", timing="HBM2_2000Mbps", controller="HBM12", channels=8,
                                  interleave_bits=1)),
}
PEER_COMMITS = {"dramsim3": "2981759", "ramulator2": "5e58d25", "ramulator21": "c5b1c3a"}


def timed(argv, **kwargs):
    """Runs argv; returns (completed process, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, wall, cpu


def make_trace(pattern, fmt):
    path = os.path.join(WORK, f"{pattern}-{N}-s{SEED}.{fmt}.trace")
    if not os.path.exists(path):
        proc = subprocess.run([ARCADE, "trace", "--pattern", pattern, "--requests", str(N), "--seed", str(SEED),
                               "--format", fmt, "--out", path + ".tmp"], capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"error: arcade trace failed: {proc.stderr.strip()}")
        os.replace(path + ".tmp", path)
    return path


def run_dramsim3(config, pattern):
    binary = os.environ["DRAMSIM3_BIN"]
    settings = CONFIGS[config]
    out_dir = os.path.join(WORK, f"dramsim3-{config}-{pattern}-{N}")
    os.makedirs(out_dir, exist_ok=True)
    proc, wall, cpu = timed([binary, settings["dramsim3_ini"], make_trace(pattern, "dramsim3"), out_dir,
                             str(settings["per_cycle"])])
    if proc.returncode != 0:
        return dict(error=(proc.stderr or proc.stdout).strip()[-300:])
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    with open(os.path.join(out_dir, "dramsim3.json")) as handle:
        channels = json.load(handle).values()
    total = lambda key: sum(int(channel.get(key, 0)) for channel in channels)
    hits = total("num_read_row_hits") + total("num_write_row_hits")
    # reads/writes = requests served (a write is served when buffered, as DRAMsim3 calls back);
    # the RD/WR commands issued differ by the writes still buffered and reads served from the buffer.
    return dict(cycles=summary["cycles"], cycles_to_drain=summary["cycles_to_drain"],
                reads=summary["reads_done"], writes=summary["writes_done"],
                read_commands=total("num_read_cmds"), write_commands=total("num_write_cmds"),
                row_hits=hits, row_misses=None, row_conflicts=None,  # DRAMsim3 does not tell them apart
                activates=total("num_act_cmds"), refreshes=total("num_ref_cmds") + total("num_refb_cmds"),
                wall_seconds=wall, cpu_seconds=cpu)


def ramulator2_yaml(config, trace):
    settings = CONFIGS[config]
    dram = settings["ramulator2"]
    org = "\n".join(f"      {key}: {dram[key]}" for key in ("channel", "rank", "pseudochannel") if key in dram)
    # Frontend clock_ratio is a relative frequency: per_cycle frontend ticks (one request each) per memory tick.
    return f"""Frontend:
  impl: LoadStoreTrace
  path: {trace}
  clock_ratio: {settings["per_cycle"]}
MemorySystem:
  impl: GenericDRAM
  clock_ratio: 1
  DRAM:
    impl: {dram["impl"]}
    org:
      preset: {dram["org"]}
{org}
    timing:
      preset: {dram["timing"]}
  Controller:
    impl: Generic
    Scheduler:
      impl: FRFCFS
    RefreshManager:
      impl: AllBank
    RowPolicy:
      impl: OpenRowPolicy
    plugins:
  AddrMapper:
    impl: RoBaRaCoCh
"""


def run_ramulator2(config, pattern):
    binary = os.environ["RAMULATOR2_BIN"]
    config_path = os.path.join(WORK, f"ramulator2-{config}-{pattern}-{N}.yaml")
    with open(config_path, "w") as handle:
        handle.write(ramulator2_yaml(config, make_trace(pattern, "ramulator2")))
    proc, wall, cpu = timed([binary, "-f", config_path], cwd=WORK)
    if proc.returncode != 0:
        return dict(error=(proc.stderr or proc.stdout).strip()[-300:])
    text = proc.stdout

    def stat(name):  # summed over channels: `row_hits_0: 12`, `row_hits_1: …`
        values = re.findall(rf"^\s*{name}(?:_\d+)?:\s*(-?\d+)\s*$", text, re.M)
        return sum(int(value) for value in values) if values else None

    return dict(cycles=stat("memory_system_cycles"), reads=stat("total_num_read_requests"),
                writes=stat("total_num_write_requests"), row_hits=stat("row_hits"), row_misses=stat("row_misses"),
                row_conflicts=stat("row_conflicts"), refreshes=None, wall_seconds=wall, cpu_seconds=cpu)


RAMULATOR21_CONFIGS = {}  # config -> exported YAML path (or error text), once per run of this script


def ramulator21_config(config):
    """Ramulator 2.1 resolves its presets in Python: writes our configuration as a 2.1 Python script and
    exports it to the fully resolved YAML its C++ side reads, with the package of the driver's checkout."""
    if config in RAMULATOR21_CONFIGS:
        return RAMULATOR21_CONFIGS[config]
    binary = os.environ["RAMULATOR21_BIN"]
    settings = CONFIGS[config]
    dram = settings["ramulator21"]
    root = subprocess.run([binary, "--root"], capture_output=True, text=True).stdout.splitlines()
    package = os.path.join(root[0], "python") if root and root[0] else ""
    if not os.path.isdir(os.path.join(package, "ramulator")):
        RAMULATOR21_CONFIGS[config] = dict(error=f"no Ramulator 2.1 Python package at '{package}' ({binary} --root)")
        return RAMULATOR21_CONFIGS[config]
    if len(root) > 1 and root[1]:
        PEER_COMMITS["ramulator21"] = root[1]
    rank = f", rank={dram['rank']}" if "rank" in dram else ""
    # LoadStoreTrace's clock_ratio is a relative frequency: per_cycle frontend ticks (one request offered
    # each) per memory tick; the driver replaces the trace path.
    script = f"""import ramulator
frontend = ramulator.frontend.LoadStoreTrace(clock_ratio={settings["per_cycle"]}, path="TRACE")
dram = ramulator.dram.{dram["dram"]}(org_preset="{dram["org"]}", timing_preset="{dram["timing"]}"{rank})
controller = ramulator.controller.{dram["controller"]}(
    dram=dram,
    scheduler=ramulator.scheduler.FRFCFS(),
    refresh_manager=ramulator.refresh_manager.AllBank(),
    row_policy=ramulator.row_policy.Open(),
    addr_mapper=ramulator.addr_mapper.RoBaRaCoCh(),
)
memory = ramulator.memory_system.GenericDRAM(
    clock_ratio=1,
    controllers=[controller] * {dram["channels"]},
    channel_mapper=ramulator.channel_mapper.CacheLineInterleave(interleave_bits={dram.get("interleave_bits", 0)}),
)
simulation = ramulator.Simulation(frontend, memory)
"""
    script_path = os.path.join(WORK, f"ramulator21-{config}.py")
    yaml_path = os.path.join(WORK, f"ramulator21-{config}.yaml")
    with open(script_path, "w") as handle:
        handle.write(script)
    environment = dict(os.environ, PYTHONPATH=package)
    proc = subprocess.run([sys.executable, "-m", "ramulator", "export", script_path, "-o", yaml_path],
                          capture_output=True, text=True, env=environment, cwd=WORK)
    if proc.returncode != 0:
        RAMULATOR21_CONFIGS[config] = dict(error="config export failed: " + (proc.stderr or proc.stdout).strip()[-250:])
    else:
        RAMULATOR21_CONFIGS[config] = yaml_path
    return RAMULATOR21_CONFIGS[config]


def run_ramulator21(config, pattern):
    binary = os.environ["RAMULATOR21_BIN"]
    yaml_path = ramulator21_config(config)
    if isinstance(yaml_path, dict):
        return yaml_path
    stats_path = os.path.join(WORK, f"ramulator21-{config}-{pattern}-{N}.stats.yaml")
    proc, wall, cpu = timed([binary, yaml_path, make_trace(pattern, "ramulator2"), stats_path], cwd=WORK)
    if proc.returncode != 0:
        return dict(error=(proc.stderr or proc.stdout).strip()[-300:])
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    # 2.1's HBM2 transaction is 32 B: the bandwidth counts the bytes it actually moved per request.
    return dict(cycles=summary["cycles"], reads=summary["reads"], writes=summary["writes"],
                row_hits=summary["row_hits"], row_misses=summary["row_misses"], row_conflicts=summary["row_conflicts"],
                refreshes=None, bytes_per_request=summary["bytes_per_request"],
                bandwidth_gbps=N * summary["bytes_per_request"] / (summary["cycles"] * CONFIGS[config]["tck_ns"]),
                wall_seconds=wall, cpu_seconds=cpu)


def run_arcade(config, pattern):
    architecture = f"Architectures/dram/{config}-peers.yaml"
    if not os.path.exists(architecture):
        return dict(error=f"{architecture} missing")
    proc, wall, cpu = timed([ARCADE, "simulate", architecture, make_trace(pattern, "ramulator2"), "--json", "--no-out"])
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        return dict(error=lines[-1] if lines else f"exit {proc.returncode}")
    try:
        totals = json.loads(proc.stdout)["totals"]
    except (ValueError, KeyError) as error:
        return dict(error=f"unreadable --json output ({error})")
    # Like for like: the peers' end criterion (last request accepted), and the bandwidth from it as for
    # the peers; Arcade's own `cycles` run on until the last request has completed.
    return dict(cycles=totals.get("last_accept_cycle", totals["cycles"]), cycles_to_completion=totals["cycles"],
                reads=totals["reads"], writes=totals["writes"],
                row_hits=totals["row_hits"], row_misses=totals["row_misses"], row_conflicts=totals["row_conflicts"],
                refreshes=totals.get("refreshes"),
                wall_seconds=wall, cpu_seconds=cpu)


SIMULATORS = [("dramsim3", "DRAMSIM3_BIN", run_dramsim3), ("ramulator2", "RAMULATOR2_BIN", run_ramulator2),
              ("ramulator21", "RAMULATOR21_BIN", run_ramulator21)]
for name, variable, _ in SIMULATORS:
    binary = os.environ[variable]
    if not binary or not os.access(binary, os.X_OK):
        print(f"{name}: skipped ({variable} {'not set' if not binary else binary + ' not executable'})")

results = []
for config in os.environ["CONFIGS"].split():
    patterns = os.environ["HBM2_TRACES" if config == "hbm2" else "TRACES"].split()
    for pattern in patterns:
        runners = [(name, runner) for name, variable, runner in SIMULATORS
                   if os.environ[variable] and os.access(os.environ[variable], os.X_OK)]
        runners.append(("arcade", run_arcade))
        row_set = {}
        for _ in range(REPEAT):  # not `round`, which the fixtures below call
            for name, runner in runners:
                result = runner(config, pattern)
                best = row_set.get(name)
                if best is None or "error" in result or "error" in best:
                    row_set[name] = result if best is None or "error" in result else best
                elif result["cycles"] != best["cycles"]:
                    row_set[name] = dict(error=f"cycles differ between repeats: {best['cycles']} vs {result['cycles']}")
                elif result["cpu_seconds"] < best["cpu_seconds"]:
                    row_set[name] = result
        for simulator, result in row_set.items():
            if "error" not in result:
                result.setdefault("bandwidth_gbps", N * REQUEST_BYTES / (result["cycles"] * CONFIGS[config]["tck_ns"]))
            results.append(dict(trace=pattern, config=config, simulator=simulator, requests=N, seed=SEED,
                                requests_per_cycle=CONFIGS[config]["per_cycle"], **result))
            if FIXTURES and simulator != "arcade" and "error" not in result:
                os.makedirs(FIXTURES, exist_ok=True)
                fixture = {key: result.get(key) for key in ("cycles", "reads", "writes", "row_hits", "row_misses",
                                                            "row_conflicts", "activates", "refreshes", "read_commands",
                                                            "write_commands", "cycles_to_drain", "bytes_per_request")}
                fixture["bandwidth_gbps"] = round(result["bandwidth_gbps"], 3)
                fixture = dict(peer=simulator, peer_commit=PEER_COMMITS[simulator], config=config, trace=pattern,
                               requests=N, seed=SEED, requests_per_cycle=CONFIGS[config]["per_cycle"],
                               tck_ns=CONFIGS[config]["tck_ns"],
                               cycles_end="last request accepted by the controller", **fixture)
                path = os.path.join(FIXTURES, f"{simulator}_{config}_{pattern}_{N}.json")
                with open(path, "w") as handle:
                    json.dump({key: value for key, value in fixture.items() if value is not None}, handle, indent=1)
                    handle.write("\n")
        print(f"  done {config} {pattern}", file=sys.stderr, flush=True)

header = ("trace", "config", "simulator", "cycles", "GB/s", "row hit %", "wall s", "kreq/CPU-s",
          "cycle err vs dramsim3", "vs ramulator2", "vs ramulator21", "speed × dramsim3", "× ramulator2", "× ramulator21")
print(" | ".join(header))
print("|".join("---" for _ in header))
for result in results:
    key = (result["trace"], result["config"])
    if "error" in result:
        label = "arcade: not available" if result["simulator"] == "arcade" else f"{result['simulator']}: failed"
        print(f"{result['trace']} | {result['config']} | {label} ({result['error']}) |" + " |" * 10)
        continue
    hit = 100.0 * result["row_hits"] / N if result.get("row_hits") is not None else float("nan")
    speed = N / result["cpu_seconds"] if result["cpu_seconds"] > 0 else float("inf")
    comparisons = []
    if result["simulator"] == "arcade":
        peers = {r["simulator"]: r for r in results if (r["trace"], r["config"]) == key and "error" not in r}
        for peer in ("dramsim3", "ramulator2", "ramulator21"):
            other = peers.get(peer)
            comparisons.append(f"{100.0 * (result['cycles'] - other['cycles']) / other['cycles']:+.2f}%" if other else "–")
        for peer in ("dramsim3", "ramulator2", "ramulator21"):
            other = peers.get(peer)
            comparisons.append(f"{other['cpu_seconds'] / result['cpu_seconds']:.1f}×" if other and result["cpu_seconds"] > 0 else "–")
    else:
        comparisons = ["", "", "", "", "", ""]
    print(" | ".join([result["trace"], result["config"], result["simulator"], f"{result['cycles']:,}",
                      f"{result['bandwidth_gbps']:.1f}", f"{hit:.1f}", f"{result['wall_seconds']:.2f}",
                      f"{speed / 1000:.0f}"] + comparisons))
if JSON_OUT:
    with open(JSON_OUT, "w") as handle:
        json.dump(results, handle, indent=1)
PYTHON
