"""The bridge's own cost per step: `arcade serve` round trips on a point already in the evaluation
cache (so no simulation is timed), median of 5 runs of N requests each.

    .build-venv/bin/python bench/python/bridge_overhead.py [N]
"""
import statistics
import sys
import time

import numpy as np

import arcade_gym

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
with arcade_gym.ArcadeEnv(arcade_gym.shipped_spaces()["systolic-tiny"]) as env:
    action = np.array([0, 0, 0, 1])
    env.reset(seed=0)
    env.step(action)                                    # simulate once; the rest are cache hits
    point = [[0, 0, 0, 1]]
    results = {}
    for name, call in [("evaluate (1 point)", lambda: env.evaluate(point)),
                       ("reset + step (one 1-step episode)", lambda: (env.reset(), env.step(action)))]:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(n):
                call()
            runs.append((time.perf_counter() - start) / n * 1e6)
        results[name] = statistics.median(runs)
    print(f"arcade binary: {arcade_gym.arcade_binary()}, {n} requests × 5 runs")
    for name, micros in results.items():
        print(f"  {name:36s} {micros:7.1f} µs per call (median)")
