#!/usr/bin/env python3
"""Writes pycachesim 0.3.1 reference counts for Arcade's cache family.

Usage (normally through bench/cache/pycachesim-fixtures.sh, which makes the venv):
    pycachesim-fixtures.py [--traces DIR] [--hierarchies DIR] [--out DIR] [--cross-check]
                           [--only-unit-cases | --no-unit-cases] [TRACE_OR_HIERARCHY_NAME...]

For every trace DIR/<trace>.lackey.gz (default Workloads/traces) and every hierarchy
<hierarchy>.yaml (default Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/hierarchies), it
replays the trace's data accesses through pycachesim and writes
Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/<trace>--<hierarchy>.json; it also writes
unit-cases.json there (small call sequences, hierarchy inline, expected counts).
Names given on the command line restrict the traces and hierarchies to those names.

Hierarchy YAML: `levels: [{name, sets, ways, line_bytes, replacement: lru|fifo,
write_policy: write_back|write_through (default write_back), write_allocate (default true)}, ...]`
from the first level to the last; every other key is ignored. Each level loads from and stores
to the next one, the last to pycachesim's MainMemory (as pycachesim's README and tests do).

Replay: `I` lines are counted, not sent. ` L a,s` is a load of s bytes at a, ` S a,s` a store,
` M a,s` a load then a store of the same bytes. Calls go through CacheSimulator.loadstore
(pycachesim's batch call): consecutive accesses of one size form one call with length=size, each
access one (loads, stores) item: L -> ([a], None), S -> (None, [a]), M -> ([a], [a]); for each
item the backend runs Cache__load for each load address, then Cache__store for each store
address, so the order of the trace is kept exactly. After the trace, force_write_back(), then
stats() of every level and of MainMemory (`levels`, `memory`); the same taken just before
force_write_back() are kept too (`levels_before_write_back`, `memory_before_write_back`).

Why not CacheSimulator.load(a, s) with an int address: the backend's Cache_load/Cache_store parse
the address with PyArg format "I" (C unsigned int, masked to 32 bits, no overflow check) into a
64-bit `long` whose upper half is left uninitialised, so the cache sees
(stack garbage << 32) | (a & 0xffffffff). The iterable paths (iterload, iterstore, loadstore)
use PyLong_AsLong and see the full address. --cross-check replays each fixture twice more,
through per-access cs.load([a], length=s) / cs.store([a], length=s) (iterload/iterstore) and
through the scalar cs.load(a, s) / cs.store(a, s), and reports whether all three agree.
"""

import argparse
import gzip
import json
import os
import sys

import yaml
from cachesim import Cache, CacheSimulator, MainMemory

PYCACHESIM_VERSION = "0.3.1"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FIXTURES = os.path.join(ROOT, "Tests", "ArcadeHardwareTests", "Fixtures", "cache", "pycachesim")
REPLACEMENT = {"lru": "LRU", "fifo": "FIFO"}


def rel(path):
    return os.path.relpath(os.path.abspath(path), ROOT)


# ---------------------------------------------------------------------------------------------
# Hierarchies


def level_config(level, index, where):
    """The pycachesim Cache arguments of one Arcade level dictionary."""
    try:
        name = str(level.get("name", "L%d" % (index + 1)))
        sets, ways, line = int(level["sets"]), int(level["ways"]), int(level.get("line_bytes", 64))
    except KeyError as missing:
        raise SystemExit("%s: level %d has no %s" % (where, index + 1, missing))
    replacement = str(level.get("replacement", "lru"))
    if replacement not in REPLACEMENT:
        raise SystemExit("%s: level %s: replacement '%s' has no pycachesim counterpart here (lru or fifo)"
                         % (where, name, replacement))
    policy = str(level.get("write_policy", "write_back"))
    if policy not in ("write_back", "write_through"):
        raise SystemExit("%s: level %s: write_policy must be write_back or write_through" % (where, name))
    write_allocate = level.get("write_allocate", True)
    if not isinstance(write_allocate, bool):
        raise SystemExit("%s: level %s: write_allocate must be true or false" % (where, name))
    write_back = policy == "write_back"
    if (write_back, write_allocate) not in [(False, False), (True, True), (True, False)]:
        raise SystemExit("%s: level %s: pycachesim 0.3.1 has no write-through write-allocate cache"
                         % (where, name))
    return dict(name=name, sets=sets, ways=ways, cl_size=line, replacement_policy=REPLACEMENT[replacement],
                write_back=write_back, write_allocate=write_allocate)


def hierarchy_levels(doc, where):
    levels = doc.get("levels") if isinstance(doc, dict) else None
    if not isinstance(levels, list) or not levels:
        raise SystemExit("%s: needs a non-empty 'levels' list" % where)
    return [level_config(level, i, where) for i, level in enumerate(levels)]


def build(configs):
    """(CacheSimulator, [Cache first..last], MainMemory) for level configs, first level first."""
    mem = MainMemory()
    caches = []
    below = None
    for conf in reversed(configs):
        cache = Cache(conf["name"], conf["sets"], conf["ways"], conf["cl_size"], conf["replacement_policy"],
                      write_back=conf["write_back"], write_allocate=conf["write_allocate"],
                      load_from=below, store_to=below)
        if below is None:
            mem.load_to(cache)
            mem.store_from(cache)
        caches.insert(0, cache)
        below = cache
    return CacheSimulator(caches[0], mem), caches, mem


def collect(cs):
    """Every level's stats() (all keys it gives, name first) and MainMemory's, as (levels, memory)."""
    stats = [dict(s) for s in cs.stats()]
    return stats[:-1], stats[-1]


# ---------------------------------------------------------------------------------------------
# Traces


def read_trace(path):
    """(counts, accesses): accesses is a list of (kind, addr, size) with kind 'L', 'S' or 'M'."""
    counts = {"instructions": 0, "loads": 0, "stores": 0, "modifies": 0}
    accesses = []
    key = {"L": "loads", "S": "stores", "M": "modifies"}
    with gzip.open(path, "rt") as f:
        for number, line in enumerate(f, 1):
            if line.startswith("I"):
                counts["instructions"] += 1
                continue
            kind = line[1:2]
            if line[:1] != " " or kind not in key:
                raise SystemExit("%s:%d: not a lackey line: %r" % (path, number, line))
            addr, size = line[3:].split(",")
            counts[key[kind]] += 1
            accesses.append((kind, int(addr, 16), int(size)))
    return counts, accesses


def loadstore_batches(accesses):
    """[(length, [(loads, stores), ...]), ...]: runs of equal-size accesses for loadstore()."""
    batches = []
    items = None
    length = None
    for kind, addr, size in accesses:
        if size != length:
            items = []
            length = size
            batches.append((size, items))
        if kind == "L":
            items.append(([addr], None))
        elif kind == "S":
            items.append((None, [addr]))
        else:
            items.append(([addr], [addr]))
    return batches


def replay_loadstore(cs, batches):
    for length, items in batches:
        cs.loadstore(items, length=length)


def replay_iterable(cs, accesses):
    for kind, addr, size in accesses:
        if kind != "S":
            cs.load([addr], length=size)
        if kind != "L":
            cs.store([addr], length=size)


def replay_scalar(cs, accesses):
    for kind, addr, size in accesses:
        if kind != "S":
            cs.load(addr, length=size)
        if kind != "L":
            cs.store(addr, length=size)


def run_trace(configs, replay, data):
    """(levels, memory) stats before force_write_back() and after it."""
    cs, _, _ = build(configs)
    replay(cs, data)
    before = collect(cs)
    cs.force_write_back()
    return before, collect(cs)


# ---------------------------------------------------------------------------------------------
# Unit cases: small call sequences with the hierarchy inline.


def lvl(name, sets, ways, line=64, replacement="lru", write_policy="write_back", write_allocate=True,
        latency=4):
    return {"name": name, "sets": sets, "ways": ways, "line_bytes": line, "replacement": replacement,
            "write_policy": write_policy, "write_allocate": write_allocate, "hit_latency_cycles": latency}


def ld(addr, length=1):
    return {"op": "load", "addr": addr, "length": length}


def st(addr, length=1):
    return {"op": "store", "addr": addr, "length": length}


SANDY = [lvl("L1", 64, 8), lvl("L2", 512, 8, latency=12), lvl("L3", 20480, 16, latency=40)]
SMALL3 = [lvl("L1", 32, 8), lvl("L2", 128, 8, latency=12), lvl("L3", 512, 16, latency=40)]

UNIT_CASES = [
    {
        "name": "readme-example",
        "about": "pycachesim README's example on its Sandy Bridge-like hierarchy: a 1-byte load miss, an "
                 "8-byte store miss (write-allocate: a 64-byte load of the line in L1), an 8-byte load hit, "
                 "write-back. README: L1 HIT 1 (8 B), MISS 2 (65 B), LOAD 3 (73 B), STORE 1 (8 B).",
        "levels": SANDY,
        "ops": [ld(2342), st(512, 8), ld(512, 8), {"op": "force_write_back"}],
    },
    {
        "name": "line-crossing-loads",
        "about": "Loads that cross a line and loads longer than a line, one level of 4 sets x 2 ways: LOAD_count "
                 "is one per call and LOAD_byte the call's length, but HIT/MISS count each line touched and add "
                 "min(line size, call length) bytes per line (not the bytes inside that line).",
        "levels": [lvl("L1", 4, 2)],
        "ops": [ld(60, 8), {"op": "snapshot"}, ld(62, 4), ld(120, 16), {"op": "snapshot"}, ld(0, 200),
                {"op": "snapshot"}, ld(1000, 130), ld(63, 2)],
    },
    {
        "name": "write-allocate-stores",
        "about": "Stores into a write-back write-allocate L1 over an L2: a store miss loads the whole line into L1 "
                 "(L1 LOAD +1 with 64 bytes, MISS +1 with 64 bytes) and marks it dirty; a store hit counts no HIT; a "
                 "store crossing a line allocates both lines; write-back sends each dirty line to L2 as a 64-byte "
                 "store.",
        "levels": [lvl("L1", 4, 2), lvl("L2", 16, 4, latency=12)],
        "ops": [st(100, 4), {"op": "snapshot"}, st(104, 4), {"op": "snapshot"}, st(60, 8), ld(96, 8),
                {"op": "snapshot"}, {"op": "force_write_back"}],
    },
    {
        "name": "write-through-no-allocate",
        "about": "Write-through non-write-allocate L1 over a write-back L2: every store, hit or miss, goes on to L2 "
                 "per line touched (L1 EVICT +1 and L2 STORE +1 per line, bytes = the part of the store in that "
                 "line); a store miss does not allocate; a store hit does not dirty the line (L1 has nothing to "
                 "write back).",
        "levels": [lvl("L1", 4, 2, write_policy="write_through", write_allocate=False), lvl("L2", 16, 4, latency=12)],
        "ops": [st(100, 4), {"op": "snapshot"}, ld(100, 4), st(100, 4), {"op": "snapshot"}, st(60, 8),
                {"op": "snapshot"}, {"op": "force_write_back"}],
    },
    {
        "name": "write-back-no-allocate",
        "about": "Write-back non-write-allocate L1: a store miss puts the line in L1 dirty without loading it (no "
                 "LOAD, no MISS anywhere); its later eviction, and write-back, store the whole line to L2, where "
                 "write-allocate loads it from memory.",
        "levels": [lvl("L1", 1, 2, write_allocate=False), lvl("L2", 16, 4, latency=12)],
        "ops": [st(0, 8), st(64, 8), {"op": "snapshot"}, ld(128, 8), {"op": "snapshot"}, ld(0, 8),
                {"op": "force_write_back"}],
    },
    {
        "name": "fifo-vs-lru-lru",
        "about": "One set of 2 ways, LRU: A B A C A -> the third access to A hits (C replaced B).",
        "levels": [lvl("L1", 1, 2, replacement="lru")],
        "ops": [ld(0), ld(64), ld(0), ld(128), ld(0)],
    },
    {
        "name": "fifo-vs-lru-fifo",
        "about": "One set of 2 ways, FIFO: A B A C A -> the third access to A misses (C replaced A, the oldest "
                 "insertion; hits do not reorder).",
        "levels": [lvl("L1", 1, 2, replacement="fifo")],
        "ops": [ld(0), ld(64), ld(0), ld(128), ld(0)],
    },
    {
        "name": "store-hit-keeps-lru-order",
        "about": "One set of 2 ways, LRU, write-back over an L2: load A, load B, store A (a hit: marks A dirty but "
                 "does not move it to most-recently-used), load C: C replaces A, a dirty eviction (L1 EVICT +1, L2 "
                 "STORE +1). A load hit would have made B the victim.",
        "levels": [lvl("L1", 1, 2), lvl("L2", 16, 4, latency=12)],
        "ops": [ld(0, 8), ld(64, 8), st(0, 8), ld(128, 8), {"op": "snapshot"}, {"op": "force_write_back"}],
    },
    {
        "name": "dirty-evictions",
        "about": "Dirty and clean evictions, 2 sets x 2 ways write-back write-allocate over a small L2 and L3: only "
                 "dirty victims count in EVICT (clean ones vanish uncounted); a dirty line that L2 no longer holds "
                 "is write-allocated again in L2 (L2 LOAD and MISS) when L1 evicts it.",
        "levels": [lvl("L1", 2, 2), lvl("L2", 2, 2, latency=12), lvl("L3", 8, 4, latency=40)],
        "ops": [st(0, 8), st(128, 8), ld(256, 8), {"op": "snapshot"}, ld(384, 8), ld(512, 8), ld(640, 8),
                {"op": "snapshot"}, st(64, 8), ld(192, 8), ld(320, 8), {"op": "force_write_back"}],
    },
    {
        "name": "force-write-back-cascade",
        "about": "force_write_back on a non-inclusive 3-level hierarchy: L1 (2 sets x 2 ways) holds 4 dirty lines, "
                 "L2 (1 set x 2 ways) only 2 of them; force_write_back flushes L1 first (set 0 then set 1, each set "
                 "from most- to least-recently inserted), so L2 write-allocates the lines it lacks from L3, evicting "
                 "dirty lines to L3 on the way, then L2 and L3 flush in turn.",
        "levels": [lvl("L1", 2, 2), lvl("L2", 1, 2, latency=12), lvl("L3", 4, 4, latency=40)],
        "ops": [st(0, 8), st(64, 8), st(128, 8), st(192, 8), {"op": "snapshot"}, {"op": "force_write_back"}],
    },
    {
        "name": "large-store-one-call",
        "about": "tests/test.py test_large_continious_store_write_allocate scaled down: one store(0, 2 MiB) call into "
                 "a 16 KiB / 64 KiB / 512 KiB hierarchy: L1 STORE_count 1 (2 MiB of bytes), one write-allocate load "
                 "per line in every level, then every line written back down to memory.",
        "levels": SMALL3,
        "ops": [st(0, 2 * 1024 * 1024), {"op": "snapshot"}, {"op": "force_write_back"}],
    },
    {
        "name": "large-store-bytewise",
        "about": "tests/test.py test_large_store_write_allocate scaled down: store(range(0, 1 MiB)), one 1-byte store "
                 "per address, into the same hierarchy: L1 STORE_count 1 Mi, L1 LOAD_count one per line.",
        "levels": SMALL3,
        "ops": [{"op": "store_each", "start": 0, "stop": 1024 * 1024, "step": 1, "length": 1},
                {"op": "force_write_back"}],
    },
    {
        "name": "sandy-large-fill",
        "about": "tests/test.py test_large_fill: load(range(0, 32 KiB)) on the Sandy Bridge EP hierarchy, "
                 "reset_stats, the same loads again: all 32 Ki loads hit L1.",
        "levels": SANDY,
        "ops": [{"op": "load_each", "start": 0, "stop": 32 * 1024, "step": 1, "length": 1}, {"op": "reset_stats"},
                {"op": "load_each", "start": 0, "stop": 32 * 1024, "step": 1, "length": 1}],
    },
    {
        "name": "test-fill",
        "about": "tests/test.py test_fill (8-byte lines): load(range(0, 512)), load(range(448, 576)); the test expects "
                 "L1 to hold bytes 512..575, L2 448..575, L3 320..575 ('contents' lists the line addresses).",
        "levels": [lvl("L1", 2, 4, line=8), lvl("L2", 4, 4, line=8, latency=12), lvl("L3", 4, 8, line=8, latency=40)],
        "ops": [{"op": "load_each", "start": 0, "stop": 512, "step": 1, "length": 1},
                {"op": "load_each", "start": 448, "stop": 576, "step": 1, "length": 1}],
    },
    {
        "name": "modify-as-loadstore",
        "about": "Lackey's M (modify) lines as pycachesim's loadstore([([a], [a])], length): a load then a store "
                 "of the same bytes, here with one line-crossing modify, on 2 levels.",
        "levels": [lvl("L1", 2, 2), lvl("L2", 4, 2, latency=12)],
        "ops": [{"op": "modify", "addr": 8, "length": 8}, {"op": "modify", "addr": 60, "length": 8},
                {"op": "modify", "addr": 256, "length": 4}, {"op": "snapshot"}, {"op": "force_write_back"}],
    },
]


def run_ops(cs, ops, api):
    """Applies a unit case's ops; api is 'iterable' or 'scalar'. Returns the snapshots taken."""
    snapshots = []
    wrap = (lambda a: [a]) if api == "iterable" else (lambda a: a)
    for index, op in enumerate(ops):
        kind = op["op"]
        if kind == "load":
            cs.load(wrap(op["addr"]), length=op["length"])
        elif kind == "store":
            cs.store(wrap(op["addr"]), length=op["length"])
        elif kind == "modify":
            cs.loadstore([([op["addr"]], [op["addr"]])], length=op["length"])
        elif kind in ("load_each", "store_each"):
            addrs = range(op["start"], op["stop"], op["step"])
            if api == "iterable":
                (cs.load if kind == "load_each" else cs.store)(addrs, length=op["length"])
            else:
                for a in addrs:
                    (cs.load if kind == "load_each" else cs.store)(a, length=op["length"])
        elif kind == "force_write_back":
            cs.force_write_back()
        elif kind == "reset_stats":
            cs.reset_stats()
        elif kind == "snapshot":
            levels, memory = collect(cs)
            snapshots.append({"after_op": index, "levels": levels, "memory": memory})
        else:
            raise SystemExit("unknown op %r" % kind)
    return snapshots


def contents(caches):
    """Per level, the sorted line addresses it holds (from pycachesim's `cached` byte set)."""
    out = {}
    for c in caches:
        line = c.backend.cl_size
        out[c.name] = sorted({a - a % line for a in c.backend.cached})
    return out


def unit_cases(cross_check):
    cases = []
    for case in UNIT_CASES:
        configs = hierarchy_levels({"levels": case["levels"]}, case["name"])
        cs, caches, _ = build(configs)
        snapshots = run_ops(cs, case["ops"], "iterable")
        levels, memory = collect(cs)
        result = dict(case)
        result["levels"] = case["levels"]
        if snapshots:
            result["snapshots"] = snapshots
        result["expected"] = {"levels": levels, "memory": memory}
        if sum(c.sets * c.ways for c in caches) <= 512:
            result["contents"] = contents(caches)
        if cross_check:
            cs2, _, _ = build(configs)
            snapshots2 = run_ops(cs2, case["ops"], "scalar")
            same = snapshots2 == snapshots and collect(cs2) == (levels, memory)
            print("unit case %-28s scalar API agrees: %s" % (case["name"], same), file=sys.stderr)
        cases.append(result)
    return cases


# ---------------------------------------------------------------------------------------------


def dump(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--traces", default=os.path.join(ROOT, "Workloads", "traces"))
    p.add_argument("--hierarchies", default=os.path.join(FIXTURES, "hierarchies"))
    p.add_argument("--out", default=FIXTURES)
    p.add_argument("--cross-check", action="store_true",
                   help="also replay through the per-access iterable and scalar calls and compare")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--only-unit-cases", action="store_true")
    g.add_argument("--no-unit-cases", action="store_true")
    p.add_argument("names", nargs="*", help="restrict to these trace and hierarchy names")
    args = p.parse_args()

    import importlib.metadata
    version = importlib.metadata.version("pycachesim")
    if version != PYCACHESIM_VERSION:
        raise SystemExit("pycachesim %s is installed; these fixtures are for %s" % (version, PYCACHESIM_VERSION))
    os.makedirs(args.out, exist_ok=True)

    if not args.no_unit_cases:
        dump(os.path.join(args.out, "unit-cases.json"),
             {"pycachesim": PYCACHESIM_VERSION,
              "about": "Small call sequences replayed through pycachesim, hierarchy inline (levels as in the "
                       "architecture YAML, first level first; each loads from and stores to the next, the last to "
                       "MainMemory). ops: load/store {addr, length} = cs.load([addr], length) / cs.store([addr], "
                       "length); modify = cs.loadstore([([addr], [addr])], length); load_each/store_each {start, "
                       "stop, step, length} = one call per address in range(start, stop, step); force_write_back; "
                       "reset_stats (zeroes every level's counters, keeps contents); snapshot = the stats at that "
                       "point (after_op = number of ops before it). expected = stats after all ops. memory = "
                       "MainMemory.stats(), derived: LOAD = HIT = last level's MISS, STORE = last level's EVICT. "
                       "contents = line addresses each level holds at the end (small hierarchies only).",
              "cases": unit_cases(args.cross_check)})
        print("wrote %s" % rel(os.path.join(args.out, "unit-cases.json")), file=sys.stderr)
    if args.only_unit_cases:
        return

    # The capacity study's bfs-study trace (600k accesses, a 640 KiB working set) is left out: the
    # fixtures cover the four small programs on small hierarchies (name it to include it).
    traces = sorted(f[:-len(".lackey.gz")] for f in os.listdir(args.traces)
                    if f.endswith(".lackey.gz") and (not f.startswith("bfs-study") or "bfs-study" in args.names))
    hierarchies = sorted(f[:-len(".yaml")] for f in os.listdir(args.hierarchies) if f.endswith(".yaml"))
    if args.names:
        unknown = set(args.names) - set(traces) - set(hierarchies)
        if unknown:
            raise SystemExit("unknown trace or hierarchy: %s" % ", ".join(sorted(unknown)))
        traces = [t for t in traces if t in args.names] or traces
        hierarchies = [h for h in hierarchies if h in args.names] or hierarchies
    configs = {}
    for h in hierarchies:
        path = os.path.join(args.hierarchies, h + ".yaml")
        with open(path) as f:
            configs[h] = hierarchy_levels(yaml.safe_load(f), rel(path))

    for t in traces:
        trace_path = os.path.join(args.traces, t + ".lackey.gz")
        counts, accesses = read_trace(trace_path)
        batches = loadstore_batches(accesses)
        for h in hierarchies:
            result = run_trace(configs[h], replay_loadstore, batches)
            (levels_before, memory_before), (levels, memory) = result
            if args.cross_check:
                same_iter = run_trace(configs[h], replay_iterable, accesses) == result
                same_scalar = run_trace(configs[h], replay_scalar, accesses) == result
                print("%s--%s: iterable per-access agrees: %s, scalar per-access agrees: %s"
                      % (t, h, same_iter, same_scalar), file=sys.stderr)
            fixture = {
                "trace": rel(trace_path),
                "hierarchy": rel(os.path.join(args.hierarchies, h + ".yaml")),
                "pycachesim": PYCACHESIM_VERSION,
                "api": "CacheSimulator.loadstore, one call per run of equal-size accesses; then force_write_back()",
                "lines": counts,
                "levels": levels,
                "memory": memory,
                "levels_before_write_back": levels_before,
                "memory_before_write_back": memory_before,
            }
            out = os.path.join(args.out, "%s--%s.json" % (t, h))
            dump(out, fixture)
            print("wrote %s" % rel(out), file=sys.stderr)


if __name__ == "__main__":
    main()
