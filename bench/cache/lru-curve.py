#!/usr/bin/env python3
"""Quick working-set and LRU miss-rate check of a lackey trace (Python standard library only).

Usage: bench/cache/lru-curve.py TRACE.lackey[.gz] [SIZE_KIB...]   (default 32 64 ... 2048)

Prints the trace's lines by kind, its data access sizes, the number of accesses that cross a 64 B
line, the distinct 64 B lines its data accesses touch (the working set), and the miss rate of a
fully associative LRU cache of each size with 64 B lines. Data accesses only (I lines are counted,
not simulated); an access is one reference to each 64 B line it touches (two if it crosses a line
boundary), an M (load then store of the same bytes) one reference per line like an L or S, and no
write or allocation policy is modelled: a reference misses when it is the line's first, or when at
least C distinct other lines were referenced since its last use (C = the cache's lines). The rate
is misses / references. Computed from reuse (stack) distances in one pass, with a Fenwick tree.
"""
import gzip
import sys
from collections import Counter

LINE = 64


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    path = sys.argv[1]
    sizes = [int(a) for a in sys.argv[2:]] or [32, 64, 128, 256, 512, 1024, 2048]
    kinds, access_sizes, refs, crossing = Counter(), Counter(), [], 0
    with (gzip.open if path.endswith(".gz") else open)(path, "rt") as f:
        for text in f:
            if text.startswith("=="):
                continue
            kind = text[:2]
            kinds[kind] += 1
            if kind == "I ":
                continue
            address, size = text[3:].split(",")
            address, size = int(address, 16), int(size)
            access_sizes[size] += 1
            first, last = address // LINE, (address + size - 1) // LINE
            refs.append(first)
            if last != first:
                crossing += 1
                refs.extend(range(first + 1, last + 1))
    n = len(refs)
    tree = [0] * (n + 1)  # tree over time: 1 at the time of each line's latest reference

    def add(i, d):
        i += 1
        while i <= n:
            tree[i] += d
            i += i & -i

    def prefix(i):  # sum over times [0, i)
        s = 0
        while i > 0:
            s += tree[i]
            i -= i & -i
        return s

    latest, distances = {}, Counter()
    for t, x in enumerate(refs):
        p = latest.get(x)
        if p is not None:
            distances[prefix(t) - prefix(p + 1)] += 1
            add(p, -1)
        add(t, 1)
        latest[x] = t
    cold = len(latest)
    print("trace: %s" % path)
    print("lines: %d (I %d, L %d, S %d, M %d)" % (sum(kinds.values()), kinds["I "], kinds[" L"], kinds[" S"], kinds[" M"]))
    print("data access sizes: %s" % ", ".join("%d B: %d" % (s, c) for s, c in sorted(access_sizes.items())))
    print("line-crossing data accesses (64 B): %d; line references: %d" % (crossing, n))
    print("distinct 64 B lines: %d = %.1f KiB" % (cold, cold * LINE / 1024))
    print("| fully associative LRU, 64 B lines | misses | miss rate |")
    print("|---|---|---|")
    for kib in sizes:
        capacity = kib * 1024 // LINE
        misses = cold + sum(c for d, c in distances.items() if d >= capacity)
        print("| %d KiB | %d | %.2f %% |" % (kib, misses, 100.0 * misses / n if n else 0.0))


if __name__ == "__main__":
    main()
