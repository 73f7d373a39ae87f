#!/usr/bin/env bash
# Records valgrind lackey memory traces of five real programs for Arcade's cache family.
#
# Usage: bench/cache/record-traces.sh [--out DIR] [--scale small|large] [--max-lines N]
#                                     [--with-loader] [NAME...]
#   --out DIR       where <name>.lackey.gz go (default: Workloads/traces for --scale small,
#                   results/traces for --scale large; relative paths are taken from the repo root)
#   --scale small   the shipped sizes (default); large = bigger inputs for on-demand study
#   --max-lines N   keep only the first N trace lines (0 = no limit). Default: 250000 for small,
#                   0 for large; bfs-study is never capped unless --max-lines is given. A
#                   truncated trace is still the exact access stream of a real program, just not
#                   all of it (it ends mid-run instead of at exit).
#   --with-loader   keep the dynamic loader's accesses (see "Where a trace starts" below; no
#                   effect on bfs-study)
#   NAME...         any of sort gzip matmul bfs bfs-study (default: all five, in that order)
#
# Programs (sizes for small / large):
#   sort    coreutils `sort --parallel=1 -S 1M in.txt` of 150 / 5000 generated lines
#   gzip    `gzip -n -c in.txt` of a generated ~3.5 KB / ~25 KB text file (words from a fixed list)
#   matmul  bench/cache/programs/matmul.c, n = 26 / 96 (naive triple loop on doubles)
#   bfs     bench/cache/programs/bfs.c, 700 vertices + 2800 random edges / 20000 + 80000
#   bfs-study  bench/cache/programs/bfs-study.c, 8192 vertices + 49152 random edges, 3 searches /
#           65536 + 393216, 3 searches: BFS from 3 roots of one int64 CSR graph, for cache
#           capacity studies (a data working set of 640 KiB / 5 MiB); data-only, see below
# At the small sizes only gzip reaches the 250,000-line cap: its start-up alone is about 200,000
# lines, 131,000 of them a 64 KiB `rep stosb` memset (an I and an S line per byte), so the
# shipped gzip trace ends early in deflate; the other three run to exit below the cap.
# The C programs are built with `gcc -O1 -static` (falling back to a dynamic build if static
# linking fails); sort and gzip are the system's dynamically linked binaries.
# The text inputs come from awk with a 32-bit LCG (s = (s*69069+1) mod 2^32, exact in a double;
# only values below 2^31 are printed with %d, since mawk clamps larger ones), so they are the
# same bytes with mawk or gawk.
#
# Recording: each program runs as
#     cd WORK && env -i valgrind --tool=lackey --trace-mem=yes --log-file=WORK/NAME.log PROG ARGS
# with stdin from /dev/null and stdout to /dev/null, every path in ARGS relative to WORK, and an
# empty environment (env -i), because argv and the environment are copied onto the initial stack
# and their lengths shift every stack address. The log's `==PID==` lines (valgrind's banner and
# summary) are removed, so a trace file holds only lackey's lines:
#     `I  addr,size` (instruction fetch), ` L addr,size`, ` S addr,size`, ` M addr,size`
# (load, store, modify = load then store of the same bytes), addresses in hex, sizes in decimal.
# valgrind executes `rep stos`/`rep movs` one iteration at a time, so a memset through `rep stosb`
# shows as one 1-byte store per byte (gzip's 64 KB hash-table clear is one such run).
#
# Where a trace starts: the first executed instruction at the program's ELF entry point
# (`_start`). For the static matmul and bfs that is the very first line lackey writes. For the
# dynamically linked sort and gzip, ld.so's relocation work comes first (about 150,000 lines,
# more than half of a small trace) and is dropped unless --with-loader is given. valgrind maps a
# PIE executable at base 0x108000, so the entry is that plus readelf's entry point; the script
# fails if no instruction at that address appears in the log.
#
# bfs-study is cut differently and keeps only data lines: the program calls two empty marker
# functions, trace_begin() before its BFS phase and trace_end() after it, and its trace holds the
# ` L`/` S`/` M` lines of the instructions after trace_begin returns and before the call to
# trace_end (their addresses from nm; `I` lines, the graph construction, start-up and exit are
# dropped). The script fails if either marker does not appear in the log.
#
# Determinism: on one machine, re-running writes the same bytes (gzip -9 -n stores no name or
# time). What can differ on another machine: the binaries themselves (gcc/glibc for matmul and
# bfs, the coreutils and gzip builds for sort and gzip), the valgrind version (its address-space
# layout decides the stack, heap and mmap addresses), and the CPU: glibc picks memcpy/strlen/...
# variants (SSE2/AVX2/EVEX) from CPUID as valgrind reports it, which changes instructions,
# access sizes and counts. The shipped traces were recorded with valgrind 3.19.0 on x86-64.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
scale=small
out=""
max_lines=""
with_loader=0
names=()

while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=${2:?--out needs a directory}; shift 2 ;;
        --out=*) out=${1#--out=}; shift ;;
        --scale) scale=${2:?--scale needs small or large}; shift 2 ;;
        --scale=*) scale=${1#--scale=}; shift ;;
        --max-lines) max_lines=${2:?--max-lines needs a number}; shift 2 ;;
        --max-lines=*) max_lines=${1#--max-lines=}; shift ;;
        --with-loader) with_loader=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        sort|gzip|matmul|bfs|bfs-study) names+=("$1"); shift ;;
        *) echo "record-traces.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

case "$scale" in
    small)
        sort_lines=150; gzip_lines=100; matmul_n=26; bfs_vertices=700; bfs_edges=2800
        study_args=(8192 49152 3)
        : "${out:=Workloads/traces}"; default_max_lines=250000 ;;
    large)
        sort_lines=5000; gzip_lines=700; matmul_n=96; bfs_vertices=20000; bfs_edges=80000
        study_args=(65536 393216 3)
        : "${out:=results/traces}"; default_max_lines=0 ;;
    *) echo "record-traces.sh: --scale must be small or large" >&2; exit 2 ;;
esac
case "$max_lines" in '') ;; *[!0-9]*) echo "record-traces.sh: --max-lines must be a number" >&2; exit 2 ;; esac
[ ${#names[@]} -gt 0 ] || names=(sort gzip matmul bfs bfs-study)
case "$out" in /*) ;; *) out="$root/$out" ;; esac

for tool in valgrind gcc readelf nm awk gzip; do
    command -v "$tool" >/dev/null || { echo "record-traces.sh: needs $tool" >&2; exit 1; }
done
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Inputs.
awk -v n="$sort_lines" 'BEGIN {
    s = 2024
    for (i = 0; i < n; i++) {
        s = (s * 69069 + 1) % 4294967296; a = s % 1000000000
        s = (s * 69069 + 1) % 4294967296; b = s % 1000
        printf "%09d %03d item-%d\n", a, b, i
    }
}' > "$work/sort-in.txt"
awk -v n="$gzip_lines" 'BEGIN {
    split("alpha beta gamma delta cache line set way tag miss hit evict dirty write back " \
          "load store memory fifo lru", w, " ")
    s = 777
    for (i = 0; i < n; i++) {
        line = i ":"
        for (j = 0; j < 6; j++) { s = (s * 69069 + 1) % 4294967296; line = line " " w[int(s / 65536) % 20 + 1] }
        print line
    }
}' > "$work/gzip-in.txt"
touch -d @0 "$work/sort-in.txt" "$work/gzip-in.txt"

build() { # build NAME: compile bench/cache/programs/NAME.c into $work/NAME
    if ! gcc -O1 -static -o "$work/$1" "$root/bench/cache/programs/$1.c" 2>"$work/$1.cc.log"; then
        echo "record-traces.sh: static link of $1 failed, building it dynamically" >&2
        gcc -O1 -o "$work/$1" "$root/bench/cache/programs/$1.c"
    fi
}

entry_address() { # entry_address ELF: the entry point's address as valgrind runs it, as lackey prints it
    local type entry base=0
    type=$(readelf -h "$1" | awk '/^ *Type:/ {print $2}')
    entry=$(readelf -h "$1" | awk '/Entry point address:/ {print $4}')
    [ "$type" = DYN ] && base=$((0x108000))
    printf '%08x' $((entry + base))
}

symbol_address() { # symbol_address ELF SYMBOL: a function's address as valgrind runs it, as lackey prints it
    local type addr base=0
    type=$(readelf -h "$1" | awk '/^ *Type:/ {print $2}')
    addr=$(nm "$1" | awk -v s="$2" '$3 == s && ($2 == "T" || $2 == "t") {print $1; exit}')
    [ -n "$addr" ] || { echo "record-traces.sh: no function $2 in $1" >&2; exit 1; }
    [ "$type" = DYN ] && base=$((0x108000))
    printf '%08x' $((0x$addr + base))
}

record() { # record [--between-markers] NAME PROGRAM ARGS...
    local markers=0
    [ "$1" = --between-markers ] && { markers=1; shift; }
    local name=$1 prog=$2; shift 2
    local log="$work/$name.log" trace="$work/$name.trace" start cap
    (cd "$work" && env -i valgrind --tool=lackey --trace-mem=yes --log-file="$log" \
        "$prog" "$@" </dev/null >/dev/null)
    cap=${max_lines:-$default_max_lines}
    if [ "$markers" = 1 ]; then
        # Data lines only, of the instructions after trace_begin() returns (trace_begin is a bare
        # `ret`: skip to the next instruction) up to, not including, the `call trace_end`: each
        # instruction's data lines are held until the next I line and dropped if that is trace_end.
        local exe=$prog begin end
        case "$exe" in /*) ;; *) exe="$work/$exe" ;; esac
        begin=$(symbol_address "$exe" trace_begin); end=$(symbol_address "$exe" trace_end)
        [ -n "${max_lines}" ] || cap=0
        rm -f "$work/$name.start"
        awk -v b="$begin" -v e="$end" -v startfile="$work/$name.start" '
            state == 0 { if (index($0, "I  " b ",") == 1) state = 1; next }
            state == 1 { if (substr($0, 1, 1) == "I") { state = 2; print NR > startfile; close(startfile) }; next }
            /^==[0-9]*==/ { next }
            substr($0, 1, 1) == "I" {
                if (index($0, "I  " e ",") == 1) { found = 1; exit }
                for (i = 0; i < held; i++) print line[i]
                held = 0; next
            }
            { line[held++] = $0 }
            END { if (!found) exit 3 }' "$log" \
            | { if [ "$cap" -gt 0 ]; then head -n "$cap"; else cat; fi; } > "$trace" || true
        [ -s "$work/$name.start" ] && grep -q "^I  $end," "$log" \
            || { echo "record-traces.sh: the trace_begin ($begin) / trace_end ($end) markers of $prog are not both in the lackey log" >&2; exit 1; }
        start=$(cat "$work/$name.start")
    elif [ "$with_loader" = 1 ]; then
        start=1
    else
        local exe=$prog
        case "$exe" in /*) ;; *) exe="$work/$exe" ;; esac
        local addr; addr=$(entry_address "$exe")
        start=$(grep -n -m1 "^I  $addr," "$log" | cut -d: -f1 || true)
        [ -n "$start" ] || { echo "record-traces.sh: no instruction at the entry point $addr of $prog in the lackey log" >&2; exit 1; }
    fi
    if [ "$markers" = 0 ]; then
        # From the entry point on, without valgrind's ==PID== lines, at most cap lines.
        tail -n "+$start" "$log" | grep -v '^==[0-9]*==' \
            | { if [ "$cap" -gt 0 ]; then head -n "$cap"; else cat; fi; } > "$trace" || true
    fi
    if grep -qvE '^(I  | [LSM] )[0-9a-f]+,[0-9]+$' "$trace"; then
        echo "record-traces.sh: unexpected line in the $name trace:" >&2
        grep -vE '^(I  | [LSM] )[0-9a-f]+,[0-9]+$' "$trace" | head -3 >&2
        exit 1
    fi
    gzip -9 -n -c "$trace" > "$out/$name.lackey.gz"
    awk -v name="$name" -v bytes="$(wc -c < "$out/$name.lackey.gz")" -v skipped=$((start - 1)) '
        { c[substr($0, 1, 2)]++ }
        END { printf "| %s | %d | %d | %d | %d | %d | %d | %d |\n", name, NR, c["I "], c[" L"], c[" S"], c[" M"], bytes, skipped }' "$trace"
}

echo "| trace | lines | I | L | S | M | gzip bytes | log lines before entry or marker (incl. banner) |"
echo "|---|---|---|---|---|---|---|---|"
for name in "${names[@]}"; do
    case "$name" in
        sort) record sort /usr/bin/sort --parallel=1 -S 1M sort-in.txt ;;
        gzip) record gzip /usr/bin/gzip -n -c gzip-in.txt ;;
        matmul) build matmul; record matmul ./matmul "$matmul_n" ;;
        bfs) build bfs; record bfs ./bfs "$bfs_vertices" "$bfs_edges" ;;
        bfs-study) build bfs-study; record --between-markers bfs-study ./bfs-study "${study_args[@]}" ;;
    esac
done
