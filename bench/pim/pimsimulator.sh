#!/usr/bin/env bash
# Samsung's PIMSimulator (SAITPublic/PIMSimulator, a DRAMSim2-based HBM2-PIM simulator) as a peer:
# check it out outside this repository, build it, run its own micro-benchmarks (gtest suite
# PIMBenchFixture: gemv, add, mul, relu; each test runs the kernel once with PIM disabled and once
# with PIM enabled) and write their cycle counts to one JSON file (default
# bench/pim/pimsimulator-results.json). Nothing of PIMSimulator is copied into this repository.
# What the numbers mean, with citations into PIMSimulator's source: bench/pim/README.md.
#
# Usage: bench/pim/pimsimulator.sh [--checkout DIR] [--source URL|PATH] [--ref REF]
#          [--benchmarks "gemv add mul relu"] [--repeat K] [--out FILE] [--jobs N] [--install-deps]
#   --checkout DIR  an existing PIMSimulator checkout to use as it is (its commit is recorded, and
#                   any local change is listed under "worktree_changes"), or where to make one.
#                   Default: $PIMSIM_DIR, else ${ARCADE_PEERS:-$HOME/.cache/arcade-peers}/PIMSimulator
#   --source SRC    where to clone from when DIR does not exist yet: a git URL or a local git
#                   directory. Default: $PIMSIM_SOURCE, else the search tool's mirror
#                   /work/.mirror/SAITPublic+PIMSimulator/repo when present, else
#                   https://github.com/SAITPublic/PIMSimulator
#   --ref REF       commit to check out in a new clone. Default: $PIMSIM_REF, else b464dde (upstream
#                   HEAD on 2024-02-07, the last commit as of 2025). An existing checkout is never moved.
#   --benchmarks L  which PIMBenchFixture tests to run (default all four)
#   --repeat K      run each test K times (default 1); cycles must agree, wall times are kept per run
#                   and the fastest is reported
#   --out FILE      JSON output (default bench/pim/pimsimulator-results.json)
#   --jobs N        scons -j (default 2; PIMSimulator's SConstruct asks for 32, the command line wins)
#   --install-deps  apt-get install the build prerequisites when missing (needs root and apt-get)
#   --trace-dir DIR also run each test once more with PIMSimulator's own command trace switched on
#                   (SHOW_SIM_OUTPUT=true in a copy of its system ini, run from a scratch directory;
#                   the checkout is not touched) and keep channel 0's lines as DIR/<name>_ch0.log:
#                   every ACT/PRE/RD/WR/REF and PIM instruction with its cycle. Cycles must match the
#                   timed runs. GEMV's trace is ~21,600 lines (1.3 MB); the run takes ~1.5x longer.
# Environment: NICE (default 10) is the niceness of the build and of the runs.
#
# Build prerequisites (Debian 12): scons (4.4.0), libgtest-dev (1.12.1; static libgtest.a), g++
# (12.2), python3 (scons needs it anyway; it also runs this script's parser). PIMSimulator's
# lib/npy.h misses `#include <iterator>`, which GCC 12 rejects; bench/pim/site_scons/site_init.py
# adds `-include iterator` to its compile flags through `scons --site-dir`, so the checkout stays at
# the upstream commit with no local patch.
#
# A mirror without large blobs: the search tool's mirror lacks data/gemv/gemv_weight_4096x1024.npy
# (8 MiB, used only by the functional test PIMKernelFixture.gemv, not by the benchmarks, which run
# on dummy data). A clone from such a mirror checks out every other file and lists the absent ones
# under "missing_files" in the JSON.
#
# Fails (exit status non-zero, saying why) when a benchmark's output lacks a number, when a run
# crashes, or when repeated runs disagree. PIMSimulator's own pass/fail of each test (it expects a
# speed-up above 2.0) is recorded, not enforced: its ADD test fails upstream (1.986).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"

checkout="${PIMSIM_DIR:-${ARCADE_PEERS:-$HOME/.cache/arcade-peers}/PIMSimulator}"
if [[ -n "${PIMSIM_SOURCE:-}" ]]; then
    source_url="$PIMSIM_SOURCE"
elif [[ -d /work/.mirror/SAITPublic+PIMSimulator/repo ]]; then
    source_url=/work/.mirror/SAITPublic+PIMSimulator/repo
else
    source_url=https://github.com/SAITPublic/PIMSimulator
fi
ref="${PIMSIM_REF:-b464dde014a5b137a510e53e95cfa9c706e77fee}"
benchmarks="gemv add mul relu"
repeat=1
out="$here/pimsimulator-results.json"
jobs=2
install_deps=0
trace_dir=""
nice_level="${NICE:-10}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --checkout) checkout="$2"; shift 2 ;;
        --source) source_url="$2"; shift 2 ;;
        --ref) ref="$2"; shift 2 ;;
        --benchmarks) benchmarks="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --install-deps) install_deps=1; shift ;;
        --trace-dir) trace_dir="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "pimsimulator.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "pimsimulator.sh: --repeat needs a positive integer" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "pimsimulator.sh: --jobs needs a positive integer" >&2; exit 2; }
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
if [[ -n "$trace_dir" ]]; then mkdir -p "$trace_dir"; trace_dir="$(cd "$trace_dir" && pwd)"; fi
say() { echo "pimsimulator.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

# ---- prerequisites ----------------------------------------------------------------------------
missing_pkgs=()
command -v python3 >/dev/null || missing_pkgs+=(python3)
command -v git >/dev/null || missing_pkgs+=(git)
command -v g++ >/dev/null || missing_pkgs+=(g++)
command -v scons >/dev/null || missing_pkgs+=(scons)
if command -v g++ >/dev/null; then
    gtest_probe="$(mktemp -d)"
    printf '#include <gtest/gtest.h>\nint main(int c, char** v){ testing::InitGoogleTest(&c, v); return 0; }\n' \
        > "$gtest_probe/probe.cpp"
    g++ -std=c++14 "$gtest_probe/probe.cpp" -o "$gtest_probe/probe" -lgtest -lpthread >/dev/null 2>&1 \
        || missing_pkgs+=(libgtest-dev)
    rm -rf "$gtest_probe"
fi
if (( ${#missing_pkgs[@]} )); then
    if (( install_deps )) && command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
        say "installing ${missing_pkgs[*]} with apt-get"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing_pkgs[@]}" >/dev/null
    else
        die "missing build prerequisites: ${missing_pkgs[*]}. On Debian/Ubuntu:
    apt-get update && apt-get install -y --no-install-recommends ${missing_pkgs[*]}
(or rerun with --install-deps as root). Elsewhere install SCons, GoogleTest (headers and libgtest) and a C++14 compiler."
    fi
fi

# ---- checkout ---------------------------------------------------------------------------------
if [[ -e "$checkout" && ! -f "$checkout/Sconstruct" ]]; then
    die "$checkout exists but is not a PIMSimulator checkout (no Sconstruct)"
fi
if [[ ! -e "$checkout" ]]; then
    say "cloning $source_url into $checkout (commit $ref)"
    mkdir -p "$(dirname "$checkout")"
    tmp_clone="$checkout.partial.$$"
    rm -rf "$tmp_clone"
    git clone -q --no-checkout "$source_url" "$tmp_clone"
    commit="$(git -C "$tmp_clone" rev-parse -q --verify "$ref^{commit}")" || die "no commit $ref in $source_url"
    git -C "$tmp_clone" update-ref --no-deref HEAD "$commit"   # detached at $ref
    git -C "$tmp_clone" read-tree HEAD
    # A mirror may lack some large blobs (git checkout then stops, or warns and leaves a partial
    # tree): check out every file whose blob is there and name the others.
    absent=()
    while read -r path; do
        absent+=(":(exclude,literal)$path")
        say "source lacks the blob of $path: leaving it out"
    done < <(git -C "$tmp_clone" ls-tree -r HEAD | awk -F'\t' '{split($1, m, " "); print m[3] "\t" $2}' \
               | while IFS=$'\t' read -r obj path; do
                     git -C "$tmp_clone" cat-file -e "$obj" 2>/dev/null || printf '%s\n' "$path"
                 done)
    git -C "$tmp_clone" restore --source=HEAD --worktree -- . "${absent[@]}"
    mv "$tmp_clone" "$checkout"
fi
[[ -f "$checkout/src/tests/PIMBenchTestCases.h" ]] || die "$checkout has no src/tests/PIMBenchTestCases.h"

# ---- build (scons decides what is out of date; a no-op takes under a second) ------------------
say "building $checkout (nice -n $nice_level scons -j$jobs)"
build_log="$(mktemp)"
if ! (cd "$checkout" && nice -n "$nice_level" scons -j"$jobs" --site-dir="$here/site_scons") >"$build_log" 2>&1; then
    tail -30 "$build_log" >&2
    rm -f "$build_log"
    die "PIMSimulator build failed (full log: rerun scons in $checkout)"
fi
rm -f "$build_log"
[[ -x "$checkout/sim" ]] || die "build finished but $checkout/sim is missing"

# ---- run and parse ----------------------------------------------------------------------------
python3 - "$checkout" "$out" "$repeat" "$nice_level" "$jobs" "$source_url" "$here" "$trace_dir" $benchmarks <<'PY'
import datetime, hashlib, json, os, re, shutil, subprocess, sys, tempfile, time

checkout, out_path, repeat, nice_level, jobs, source_url, here, trace_dir = sys.argv[1:9]
wanted = sys.argv[9:]
repeat = int(repeat)


def fail(msg):
    sys.stderr.write("pimsimulator.sh: error: %s\n" % msg)
    sys.exit(1)


def git(*args, strip=True):
    out = subprocess.run(["git", "-C", checkout] + list(args), check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return out.strip() if strip else out


def read(rel):
    with open(os.path.join(checkout, rel), encoding="utf-8", errors="replace") as f:
        return f.read()


def one(pattern, text, what, flags=re.M):
    found = re.findall(pattern, text, flags)
    if len(found) != 1:
        fail("expected exactly one %s (/%s/), found %d" % (what, pattern, len(found)))
    return found[0]


def int_expr(expr, what):
    # Products of integer literals, as PIMBenchTestCases.cpp writes sizes ("2 * 1024 * 1024").
    if not re.fullmatch(r"\s*\d+(\s*\*\s*\d+)*\s*", expr):
        fail("cannot read %s from %r" % (what, expr))
    v = 1
    for t in expr.split("*"):
        v *= int(t)
    return v


def ini(rel):
    vals = {}
    for line in read(rel).splitlines():
        line = line.split(";", 1)[0].strip()
        if "=" in line:
            k, v = line.split("=", 1)
            vals[k.strip()] = v.strip()
    return vals


def sha256(rel):
    with open(os.path.join(checkout, rel), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# -- what the source says the benchmarks are
header = read("src/tests/PIMBenchTestCases.h")
cases = read("src/tests/PIMBenchTestCases.cpp")
inis = re.findall(r'make_shared<MultiChannelMemorySystem>\(\s*"([^"]+)",\s*"([^"]+)"', header)
if len(inis) != 2 or inis[0] != inis[1]:
    fail("PIMBenchTestCases.h: expected both memory systems (without and with PIM) built from the "
         "same two ini files, found %r" % (inis,))
device_ini, system_ini = inis[0]
megs = {int_expr(m, "memory size") for m in re.findall(r'"example_app",\s*([\d\s*]+)\)', header)}
if len(megs) != 1:
    fail("PIMBenchTestCases.h: cannot read one memory size of the benchmark systems (%r)" % (megs,))
megs = megs.pop()
pim_chans = one(r"make_shared<PIMKernel>\(pim_mem_,\s*(\d+),\s*(\d+)\)", header, "PIMKernel channels/ranks")
dev, sysc = ini(device_ini), ini(system_ini)
precision = sysc.get("PIM_PRECISION") or fail("%s has no PIM_PRECISION" % system_ini)
elem_bytes = {"FP16": 2, "INT8": 1, "FP32": 4}.get(precision) or fail("unknown PIM_PRECISION " + precision)

tests = {}
for m in re.finditer(r"TEST_F\(PIMBenchFixture,\s*(\w+)\)\s*\{(.*?)\n\}", cases, re.S):
    name, body = m.group(1), m.group(2)
    s = re.search(r"setPIMBenchTestCase\(KernelType::(\w+),\s*([^,]+),\s*([^,;)]+)(?:,\s*([^);]+))?\)", body)
    e = re.search(r"expectPIMBench\(([\d.]+)\)", body)
    if not s or not e:
        fail("cannot read the setup of PIMBenchFixture.%s in src/tests/PIMBenchTestCases.cpp" % name)
    tests[name] = dict(kernel=s.group(1), out=int_expr(s.group(2), name + " out"),
                       inp=int_expr(s.group(3), name + " in"),
                       batch=int_expr(s.group(4), name + " batch") if s.group(4) else 1,
                       expect=float(e.group(1)))
for w in wanted:
    if w not in tests:
        fail("no PIMBenchFixture.%s in src/tests/PIMBenchTestCases.cpp (has: %s)" % (w, " ".join(tests)))

listed = subprocess.run(["./sim", "--gtest_list_tests"], cwd=checkout, check=True,
                        stdout=subprocess.PIPE, text=True).stdout
bench_listed = re.search(r"^PIMBenchFixture\.\n((?:  \w+\n?)+)", listed, re.M)
bench_listed = set(bench_listed.group(1).split()) if bench_listed else set()
for w in wanted:
    if w not in bench_listed:
        fail("./sim --gtest_list_tests does not list PIMBenchFixture.%s" % w)


# -- one run: ./sim --gtest_filter=PIMBenchFixture.<name>, every output line time-stamped
HDR = re.compile(r"^\s*(GEMV|ADD|MUL|RELU) \(PIM (enabled|disabled)\)\s*$")
CYC = re.compile(r"^> Cycle : (\d+)\s*$")


ANSI = re.compile(r"\x1b\[[0-9;]*m")
CH0 = re.compile(r" ch0 ")


def run(name, trace_file=None):
    sim = os.path.join(os.path.abspath(checkout), "sim")
    cmd = ["nice", "-n", nice_level, sim, "--gtest_filter=PIMBenchFixture." + name]
    cwd, scratch = checkout, None
    if trace_file:
        # Same device ini, system ini with its own printing on; everything else as upstream.
        scratch = cwd = tempfile.mkdtemp(prefix="pimsim-trace-")
        os.symlink(os.path.join(os.path.abspath(checkout), os.path.dirname(device_ini)),
                   os.path.join(scratch, os.path.dirname(device_ini)))
        text_ini = read(system_ini)
        if not re.search(r"^SHOW_SIM_OUTPUT=false", text_ini, re.M):
            fail("%s: no SHOW_SIM_OUTPUT=false line to switch on" % system_ini)
        with open(os.path.join(scratch, system_ini), "w") as f:
            f.write(re.sub(r"^SHOW_SIM_OUTPUT=false", "SHOW_SIM_OUTPUT=true", text_ini, flags=re.M))
        tf = open(trace_file, "w")
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, bufsize=1, errors="replace")
    lines = []
    for l in p.stdout:
        l = l.rstrip("\n")
        if trace_file:
            l = ANSI.sub("", l)
            if HDR.match(l) or CYC.match(l) or CH0.search(l):
                tf.write(l + "\n")
            if not (HDR.match(l) or CYC.match(l) or l.startswith(("[", ">", "  ", "src/", "Value", "Expected", "Actual", "Note"))
                    or re.match(r"^[\d.]+$", l)):
                continue
        lines.append((time.monotonic() - t0, l))
    if trace_file:
        tf.close()
        shutil.rmtree(scratch)
    _, wstatus, ru = os.wait4(p.pid, 0)  # this child's own CPU time and peak RSS
    total = time.monotonic() - t0
    rc = p.returncode = os.waitstatus_to_exitcode(wstatus)
    text = "\n".join(l for _, l in lines)
    if rc not in (0, 1):
        sys.stderr.write(text[-3000:] + "\n")
        fail("%s exited with status %d" % (" ".join(cmd), rc))
    # the phases, in the order the fixture prints them: header, dims, cycle, for PIM off then on
    phases, cur = {}, None
    for t, l in lines:
        h = HDR.match(l)
        if h:
            mode = "pim" if h.group(2) == "enabled" else "no_pim"
            if mode in phases:
                fail("PIMBenchFixture.%s printed two '%s' headers" % (name, h.group(0).strip()))
            cur = phases[mode] = {"kernel": h.group(1), "t_start": t, "lines": []}
            continue
        c = CYC.match(l)
        if c:
            if cur is None or "cycles" in cur:
                fail("PIMBenchFixture.%s: a '> Cycle :' line outside a PIM enabled/disabled section" % name)
            cur["cycles"], cur["t_end"] = int(c.group(1)), t
            cur = None
            continue
        if cur is not None:
            cur["lines"].append(l)
    for mode, label in (("no_pim", "disabled"), ("pim", "enabled")):
        if mode not in phases or "cycles" not in phases[mode]:
            sys.stderr.write(text[-3000:] + "\n")
            fail("PIMBenchFixture.%s: no cycle count for 'PIM %s' in its output" % (name, label))
        if phases[mode]["cycles"] <= 0:
            fail("PIMBenchFixture.%s: PIM %s cycle count %d" % (name, label, phases[mode]["cycles"]))
    if phases["no_pim"]["t_start"] > phases["pim"]["t_start"]:
        fail("PIMBenchFixture.%s: PIM enabled ran before PIM disabled (the fixture changed)" % name)
    g = one(r"^\[\s+(OK|FAILED)\s+\] PIMBenchFixture\.%s \((\d+) ms\)$" % re.escape(name), text,
            "gtest result line for PIMBenchFixture.%s" % name)
    if (g[0] == "OK") != (rc == 0):
        fail("PIMBenchFixture.%s: gtest says %s but the exit status is %d" % (name, g[0], rc))
    sp = one(r"^> Speed-up : (\S+)$", text, "'> Speed-up :' line of PIMBenchFixture.%s" % name)
    dims = "\n".join(phases["no_pim"]["lines"])
    return dict(no_pim=phases["no_pim"], pim=phases["pim"], gtest_status=g[0], gtest_ms=int(g[1]),
                speedup_printed=float(sp), dims_text=dims, exit_status=rc,
                wall_s=dict(process=total, setup=phases["no_pim"]["t_start"],
                            no_pim=phases["no_pim"]["t_end"] - phases["no_pim"]["t_start"],
                            pim=phases["pim"]["t_end"] - phases["pim"]["t_start"],
                            teardown=total - phases["pim"]["t_end"]),
                cpu_s=ru.ru_utime + ru.ru_stime, maxrss_mib=ru.ru_maxrss / 1024.0)


def shape(name, spec, dims):
    if spec["kernel"] == "GEMV":
        w = re.search(r"Weight data dimension : (\d+)x(\d+)", dims)
        i = re.search(r"Input data dimension : (\d+)", dims)
        o = re.search(r"Output data dimension : (\d+)", dims)
        if not (w and i and o):
            fail("PIMBenchFixture.%s: no weight/input/output dimensions in its output" % name)
        printed = dict(out=int(w.group(1)), inp=int(w.group(2)))
        if int(i.group(1)) != printed["inp"] or int(o.group(1)) != printed["out"]:
            fail("PIMBenchFixture.%s: printed dimensions disagree: %s" % (name, dims))
        res = {"weight": [printed["out"], printed["inp"]], "input": [printed["inp"]],
               "output": [printed["out"]], "batch": spec["batch"]}
    else:
        d = re.search(r"Input/output data dimension : (\d+)", dims)
        if not d:
            fail("PIMBenchFixture.%s: no input/output dimension in its output" % name)
        printed = dict(out=int(d.group(1)), inp=int(d.group(1)))
        res = {"elements": printed["out"], "batch": spec["batch"],
               "operands": 2 if spec["kernel"] in ("ADD", "MUL") else 1}
    if (printed["out"], printed["inp"]) != (spec["out"], spec["inp"]):
        fail("PIMBenchFixture.%s: source says %dx%d, output says %dx%d"
             % (name, spec["out"], spec["inp"], printed["out"], printed["inp"]))
    return res


results = []
for name in wanted:
    spec = tests[name]
    runs = []
    for k in range(repeat):
        sys.stderr.write("pimsimulator.sh: running PIMBenchFixture.%s (%d/%d)\n" % (name, k + 1, repeat))
        runs.append(run(name))
    first = runs[0]
    for r in runs[1:]:
        if (r["no_pim"]["cycles"], r["pim"]["cycles"]) != (first["no_pim"]["cycles"], first["pim"]["cycles"]):
            fail("PIMBenchFixture.%s: repeated runs disagree on cycles" % name)
    if first["no_pim"]["kernel"] != spec["kernel"]:
        fail("PIMBenchFixture.%s: output names kernel %s, source %s" % (name, first["no_pim"]["kernel"], spec["kernel"]))
    cyc_off, cyc_on = first["no_pim"]["cycles"], first["pim"]["cycles"]
    speedup = cyc_off / cyc_on
    if abs(speedup - first["speedup_printed"]) > 1e-4 * speedup:
        fail("PIMBenchFixture.%s: printed speed-up %g is not %d/%d" % (name, first["speedup_printed"], cyc_off, cyc_on))
    best = min(runs, key=lambda r: r["wall_s"]["process"])
    entry = {
        "name": name,
        "test": "PIMBenchFixture." + name,
        "command": "./sim --gtest_filter=PIMBenchFixture." + name,
        "kernel": spec["kernel"],
        "shape": shape(name, spec, first["dims_text"]),
        "dtype": precision,
        "bytes_per_element": elem_bytes,
        "ini": {"device": device_ini, "system": system_ini},
        "cycles_pim": cyc_on,
        "cycles_no_pim": cyc_off,
        "speedup": round(speedup, 6),
        "speedup_printed": first["speedup_printed"],
        "upstream_check": {"expects_speedup_above": spec["expect"], "gtest": first["gtest_status"]},
        "wall_s": {k: round(v, 4) for k, v in best["wall_s"].items()},
        "cpu_s": round(best["cpu_s"], 3),
        "gtest_ms": best["gtest_ms"],
        "max_rss_mib": round(max(r["maxrss_mib"] for r in runs), 1),
    }
    if repeat > 1:
        entry["wall_s_runs"] = [{k: round(v, 4) for k, v in r["wall_s"].items()} for r in runs]
    if trace_dir:
        tpath = os.path.join(trace_dir, name + "_ch0.log")
        sys.stderr.write("pimsimulator.sh: tracing PIMBenchFixture.%s into %s\n" % (name, tpath))
        t = run(name, tpath)
        if (t["no_pim"]["cycles"], t["pim"]["cycles"]) != (cyc_off, cyc_on):
            fail("PIMBenchFixture.%s: the traced run gives other cycles (%d, %d)"
                 % (name, t["no_pim"]["cycles"], t["pim"]["cycles"]))
        entry["trace"] = tpath
    results.append(entry)

# -- provenance
status = git("status", "--porcelain", "--untracked-files=no", strip=False)
absent = [l[3:] for l in status.splitlines() if l.startswith(" D")]
changed = [l for l in status.splitlines() if l and not l.startswith(" D")]
def version(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout.splitlines()[0].strip()
    except Exception:
        return None
def dpkg(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True).stdout.strip() or None
    except Exception:
        return None
cpu = None
try:
    cpu = re.search(r"^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read(), re.M).group(1)
except Exception:
    pass
timing_keys = ["NUM_BANK_GROUPS", "NUM_BANKS", "NUM_COLS", "NUM_ROWS", "NUM_PIM_BLOCKS", "DEVICE_WIDTH",
               "BL", "RL", "WL", "tCCDS", "tCCDL", "tCCDR", "tRCDRD", "tRCDWR", "tRAS", "tRRDS", "tRRDL",
               "tRC", "tRP", "tRTPS", "tRTPL", "tWR", "tWTRS", "tWTRL", "XAW", "tXAW", "tRTRS", "tREFI",
               "tREFISB", "tRFC", "tRFCSB", "tXP", "tCKE", "tCMD", "AL", "tCK"]
system_keys = ["NUM_CHANS", "JEDEC_DATA_BUS_BITS", "TRANS_QUEUE_DEPTH", "CMD_QUEUE_DEPTH", "ROW_BUFFER_POLICY",
               "ADDRESS_MAPPING_SCHEME", "SCHEDULING_POLICY", "QUEUING_STRUCTURE", "PIM_PRECISION"]
def num(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v
try:
    origin = git("remote", "get-url", "origin")
except subprocess.CalledProcessError:
    origin = None
doc = {
    "peer": "PIMSimulator",
    "upstream": "https://github.com/SAITPublic/PIMSimulator",
    "commit": git("rev-parse", "HEAD"),
    "commit_date": git("log", "-1", "--format=%cI"),
    "checkout": os.path.abspath(checkout),
    "origin": origin,
    "missing_files": absent,
    "worktree_changes": changed,
    "generated_at": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
    "generated_by": "bench/pim/pimsimulator.sh",
    "build": {
        "command": "nice -n %s scons -j%s --site-dir=<arcade>/bench/pim/site_scons" % (nice_level, jobs),
        "extra_cxxflags": os.environ.get("PIMSIM_EXTRA_CXXFLAGS", "-include iterator"),
        "upstream_cxxflags": "-g -O2 -std=c++14 -Wall -Wno-reorder -Wno-sign-compare",
        "compiler": version(["g++", "--version"]),
        "scons": dpkg("scons"),
        "libgtest-dev": dpkg("libgtest-dev"),
    },
    "machine": {"cpu": cpu, "cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg()[0],
                "nice": int(nice_level)},
    "config": {
        "device_ini": device_ini, "device_ini_sha256": sha256(device_ini),
        "system_ini": system_ini, "system_ini_sha256": sha256(system_ini),
        "device": {k: num(dev[k]) for k in timing_keys if k in dev},
        "system": {k: num(sysc[k]) for k in system_keys if k in sysc},
        "megs_of_memory": megs,
        "pim_kernel_channels": int(pim_chans[0]), "pim_kernel_ranks": int(pim_chans[1]),
    },
    "cycle": ("one DRAM command-clock cycle: one MultiChannelMemorySystem::update() of the "
              "benchmark loop at a 1:1 clock ratio (setCPUClockSpeed is never called), tCK = %s ns "
              "in %s" % (dev.get("tCK"), device_ini)),
    "benchmarks": results,
}
tmp = out_path + ".tmp"
with open(tmp, "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
os.replace(tmp, out_path)
w = max(len(r["name"]) for r in results)
print("%-*s %-28s %12s %12s %8s %9s" % (w, "bench", "shape", "no-PIM cyc", "PIM cyc", "speedup", "wall s"))
for r in results:
    s = r["shape"]
    shp = ("%dx%d %s" % (s["weight"][0], s["weight"][1], r["dtype"]) if "weight" in s
           else "%d %s" % (s["elements"], r["dtype"]))
    print("%-*s %-28s %12d %12d %8.3f %9.2f" % (w, r["name"], shp, r["cycles_no_pim"], r["cycles_pim"],
                                                r["speedup"], r["wall_s"]["process"]))
print("wrote %s (PIMSimulator %s)" % (out_path, doc["commit"][:7]))
PY
