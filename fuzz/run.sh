#!/usr/bin/env bash
# Builds Arcade's libFuzzer targets and fuzzes each for a set time.
#
#   fuzz/run.sh [-t SECONDS] [-j PARALLEL] [--no-build] [--asan] [TARGET ...]
#
#   -t SECONDS   per target (default 600, or $FUZZ_TIME)
#   -j PARALLEL  targets at once (default 1, or $FUZZ_JOBS)
#   --no-build   use the binaries already built
#   --asan       also build with -sanitize=address (see FINDINGS.md: whether it links here)
#   TARGET       names under fuzz/Sources (default: every target in fuzz/Package.swift)
#
# Each target runs in fork mode with crashes, timeouts and OOMs ignored, so one known crash does
# not end the run: it runs its full time and collects every distinct finding. Seeds: fuzz/corpus/<target>/
# (read only); the growing corpus: fuzz/.build/work/<target>/; logs: fuzz/.build/logs/<target>.log;
# raw findings: fuzz/.build/artifacts/<target>/. Afterwards each finding is minimised and one per
# distinct crash (message + first Arcade frame) is copied to fuzz/findings/<target>/ — reproducers
# that still crash, so the replay test does not read them. Once fixed, move one to
# fuzz/corpus/<target>/ (the replay test then guards it).
set -u
cd "$(dirname "$0")"
FUZZ=$PWD

seconds=${FUZZ_TIME:-600}
jobs=${FUZZ_JOBS:-1}
build=1
sanitize=fuzzer
targets=()
while [ $# -gt 0 ]; do
    case $1 in
        -t) seconds=$2; shift 2 ;;
        -j) jobs=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --asan) sanitize=fuzzer,address; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=($(sed -n '/^let fuzzTargets = \[/,/^\]/p' Package.swift | grep -o '"[a-z0-9-]*"' | tr -d '"'))
fi

scratch=.build/fuzz
asan_flags=()
if [ "$sanitize" != fuzzer ]; then
    scratch=.build/asan
    # LeakSanitizer reports Foundation's file reading (String(contentsOfFile:)) as a leak on every input.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
    asan_flags=(-detect_leaks=0)
fi
bin=$scratch/release
if [ $build = 1 ]; then
    # -parse-as-library: the targets have no top-level code; each defines <module>_main, the
    # symbol SwiftPM aliases `main` to, and calls libFuzzer's LLVMFuzzerRunDriver.
    swift build -c release --scratch-path "$scratch" \
        -Xswiftc -sanitize=$sanitize -Xswiftc -parse-as-library || exit 1
fi

# Longest input per target: architectures, CSVs, traces and spaces are short text files; the
# sweep files are HDF5 (the smallest shipped one is ~9.5 kB); expressions get room to nest deep.
max_len() {
    case $1 in
        sweep-file) echo 32768 ;;
        constraint-expression) echo 65536 ;;
        *) echo 4096 ;;
    esac
}

# The targets' scratch trees (Fuzz.scratch) where each input is written: on tmpfs when there is
# one (writing and reading the input on ext4 took 1.5 ms per input, on tmpfs 20 µs).
# One folder per run (another run.sh may be fuzzing beside this one), removed at the end.
base=$FUZZ/.build/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
mkdir -p .build/logs "$base"
tmp=$(mktemp -d "$base/arcade-fuzz-run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp

fuzz_one() {
    local t=$1
    local work=.build/work/$t artifacts=.build/artifacts/$t
    mkdir -p "$work" "$artifacts" corpus/$t
    echo "== $t: ${seconds}s, max_len $(max_len $t) → .build/logs/$t.log"
    local start=$(date +%s)
    "$bin/$t" "$work" corpus/$t \
        -max_total_time="$seconds" -max_len="$(max_len $t)" -timeout=10 -rss_limit_mb=2048 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 "${asan_flags[@]}" \
        -artifact_prefix="$artifacts/" -print_final_stats=1 > .build/logs/$t.log 2>&1
    local end=$(date +%s)
    summarize "$t" $((end - start))
    collect "$t"
}

# One line per target: wall time, executions, exec/s, coverage, findings (from fork mode's last status line).
summarize() {
    local t=$1 elapsed=$2 last
    last=$(grep -E '^#[0-9]+: cov:' .build/logs/$t.log | tail -1)
    local execs=$(echo "$last" | sed -E 's/^#([0-9]+):.*/\1/')
    local cov=$(echo "$last" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+')
    local ft=$(echo "$last" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+')
    local corp=$(echo "$last" | grep -oE 'corp: [0-9]+' | grep -oE '[0-9]+')
    local fails=$(echo "$last" | grep -oE 'oom/timeout/crash: [0-9/]+' | cut -d' ' -f2)
    local rate=0
    [ -n "$execs" ] && [ "$elapsed" -gt 0 ] && rate=$((execs / elapsed))
    printf '%-24s time %4ss  execs %10s  exec/s %6s  cov %5s  ft %6s  corp %5s  oom/timeout/crash %s\n' \
        "$t" "$elapsed" "${execs:-?}" "$rate" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${fails:-?}" | tee -a .build/logs/summary.txt
}

# The signature of a finding: the runtime's message and the first frame in Arcade's code.
signature() {
    local t=$1 file=$2 out
    out=$(timeout 30 "$bin/$t" -timeout=10 -rss_limit_mb=2048 "$file" 2>&1)
    local message=$(echo "$out" | grep -m1 -E 'Fatal error|runtime failure|ERROR: libFuzzer|==ERROR|Precondition|Assertion|failed to allocate' \
        | sed -E 's/0x[0-9a-f]+//g; s/[0-9]{4,}/N/g; s/ +/ /g')
    local frame=$(echo "$out" | grep -E '^ *#[0-9]+ ' | grep -m1 -E 'Arcade|arcade' | sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ in //; s/ \/.*//')
    echo "${message:-no crash on rerun} @ ${frame:-?}"
}

# Keeps one finding per signature in findings/<target>/, minimised (crashes; a timeout or OOM is
# copied as found). Signatures come from the raw file, so only new ones pay for minimising.
collect() {
    local t=$1 artifacts=.build/artifacts/$t f kind sig
    local seen=.build/artifacts/$t.signatures
    : > "$seen"
    for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*; do
        [ -f "$f" ] || continue
        kind=$(basename "$f" | cut -d- -f1)
        sig="$kind: $(signature "$t" "$f")"
        grep -qxF "$sig" "$seen" && continue
        echo "$sig" >> "$seen"
        local small=$artifacts/min-$(basename "$f")
        if [ $kind = crash ] && [ ! -f "$small" ]; then
            timeout 120 "$bin/$t" -minimize_crash=1 -max_total_time=60 -timeout=10 -rss_limit_mb=2048 \
                -exact_artifact_path="$small" "$f" > /dev/null 2>&1
        fi
        [ -f "$small" ] || cp "$f" "$small"
        mkdir -p findings/$t
        cp "$small" findings/$t/$(basename "$f")
        echo "   finding $t: $sig → findings/$t/$(basename "$f")" | tee -a .build/logs/summary.txt
    done
}

running=0
for t in "${targets[@]}"; do
    fuzz_one "$t" &
    running=$((running + 1))
    if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
