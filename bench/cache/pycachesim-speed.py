#!/usr/bin/env python3
"""Times pycachesim 0.3.1 replaying a lackey trace through a cache hierarchy.

Usage: pycachesim-speed.py TRACE.lackey.gz HIERARCHY.yaml [--api loadstore|iterable|scalar|all]
                           [--repeat N]
Run it with the venv that bench/cache/pycachesim-fixtures.sh makes, e.g.
    ~/.cache/arcade-peers/pycachesim-venv/bin/python bench/cache/pycachesim-speed.py \\
        Workloads/traces/sort.lackey.gz \\
        Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/hierarchies/l3-lru.yaml

The trace is parsed into Python lists first (not timed), the hierarchy is built fresh for each
run (not timed), and only the replay calls are timed with time.perf_counter (force_write_back()
and stats() are not). An access is one load or one store (an M line is a load and a store: 2).
APIs:
  loadstore  CacheSimulator.loadstore (the batch call), one call per run of equal-size accesses
             with items ([a], None) / (None, [a]) / ([a], [a]); the fastest, and the fixtures' API
  iterable   cs.load([a], length=s) / cs.store([a], length=s) per access (iterload/iterstore)
  scalar     cs.load(a, length=s) / cs.store(a, length=s) per access (the README's call; the
             backend keeps only the address's low 32 bits, see pycachesim-fixtures.py)
Prints one JSON line per API: {"trace", "hierarchy", "accesses", "seconds", "accesses_per_second",
"api"}, seconds being the fastest of --repeat runs (default 3).
"""

import argparse
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ next to the script
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import yaml  # noqa: E402

fixtures = __import__("pycachesim-fixtures")  # the hierarchy builder and trace reader


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("trace")
    p.add_argument("hierarchy")
    p.add_argument("--api", default="loadstore", choices=["loadstore", "iterable", "scalar", "all"])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--passes", type=int, default=1,
                   help="replay the trace this many times back to back on one hierarchy (warm after the first), "
                        "as `arcade bench cache --passes`")
    args = p.parse_args()

    with open(args.hierarchy) as f:
        configs = fixtures.hierarchy_levels(yaml.safe_load(f), args.hierarchy)
    counts, accesses = fixtures.read_trace(args.trace)
    n = counts["loads"] + counts["stores"] + 2 * counts["modifies"]
    batches = fixtures.loadstore_batches(accesses)
    replays = {
        "loadstore": (fixtures.replay_loadstore, batches),
        "iterable": (fixtures.replay_iterable, accesses),
        "scalar": (fixtures.replay_scalar, accesses),
    }
    for api in (["loadstore", "iterable", "scalar"] if args.api == "all" else [args.api]):
        replay, data = replays[api]
        best = None
        for _ in range(max(1, args.repeat)):
            cs, _, _ = fixtures.build(configs)
            start = time.perf_counter()
            for _ in range(max(1, args.passes)):
                replay(cs, data)
            seconds = time.perf_counter() - start
            best = seconds if best is None else min(best, seconds)
        print(json.dumps({"trace": fixtures.rel(args.trace), "hierarchy": fixtures.rel(args.hierarchy),
                          "accesses": n * max(1, args.passes), "seconds": round(best, 6),
                          "accesses_per_second": round(n * max(1, args.passes) / best), "api": api}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
