#!/usr/bin/env bash
# Benchmarks of breachletter on this machine. Timings are never asserted in tests: the
# numbers here are read by people, as medians of several runs.
#
#   bash bench/run.sh [--sizes 1k,100k] [--runs 3] [--big-runs 1] [--jobs 1,2] [--book N]
#                     [--modes books,letters] [--naive 100] [--check-rows 1000000] [--quick]
#                     [--no-build]
#
# render: the 32 rows of the Medusind example repeated with unique ids to each size (1k,
#         100k, 1m or a plain number of rows), rendered as print books (--book) and as a PDF
#         per letter, with each --jobs count; RUNS runs (BIG_RUNS for 100k rows and more);
# naive:  the first NAIVE of those letters made by a shell loop, one process per letter
#         (`render --only ID`);
# single: one letter chosen with --only, from a cold start;
# check:  a generated list of CHECK_ROWS rows read by `check`.
# Each line gives the median wall time, the rates, the peak memory of the run (the resident
# sets of all its processes summed, sampled every 10 ms, and the largest single process from
# /usr/bin/time) and the disk used per letter. The table goes to stdout and, with the command
# line and the machine, to bench/results.md. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# usage [STATUS]: the usage lines above, on stdout for --help, else on stderr
usage() {
    if [ "${1:-2}" = 0 ]; then sed -n '5,7p' "$0" | sed 's/^#//'; else sed -n '5,7p' "$0" | sed 's/^#//' >&2; fi
    exit "${1:-2}"
}

command_line="bash bench/run.sh${*:+ $*}"
sizes=1k,100k
runs=3
big_runs=1
big=100000
jobs_list=1,2
book=""
modes=books,letters
naive=100
check_rows=1000000
interval=0.1
build=yes
while [ $# -gt 0 ]; do
    case $1 in
        --sizes) sizes=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --big-runs) big_runs=${2:?}; shift 2 ;;
        --jobs) jobs_list=${2:?}; shift 2 ;;
        --book) book=${2:?}; shift 2 ;;
        --modes) modes=${2:?}; shift 2 ;;
        --naive) naive=${2:?}; shift 2 ;;
        --check-rows) check_rows=${2:?}; shift 2 ;;
        --quick) sizes=1k; runs=1; naive=20; check_rows=100000; shift ;;
        --no-build) build=no; shift ;;
        -h | --help) usage 0 ;;
        *) echo "bench/run.sh: unknown argument '$1'" >&2; usage ;;
    esac
done
for n in "$runs" "$big_runs" "$naive" "$check_rows" ${book:+"$book"}; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench/run.sh: '$n' is not a positive number" >&2; usage; }
done
[[ $jobs_list =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || usage
[[ $modes =~ ^(books|letters)(,(books|letters))*$ ]] || usage

# size LABEL: prints the rows a size stands for (1k = 1000, 1m = 1000000, 64 = 64)
size() {
    case ${1,,} in
        *k) echo $(( ${1%?} * 1000 )) ;;
        *m) echo $(( ${1%?} * 1000000 )) ;;
        *) echo "$1" ;;
    esac
}
labels=()
for s in ${sizes//,/ }; do
    [[ ${s,,} =~ ^[1-9][0-9]*[km]?$ ]] || { echo "bench/run.sh: bad size '$s'" >&2; usage; }
    labels+=("${s,,}")
done
# smallest first: the disk space a big per-letter run needs is estimated from a small one
mapfile -t labels < <(for s in "${labels[@]}"; do echo "$(size "$s") $s"; done | sort -n -u -k1,1 | cut -d' ' -f2)

bin=./build/breachletter
incident=examples/medusind-2023/incident.xml
list=examples/medusind-2023/recipients.csv
sampler=bench/sample.py

# the letters hold personal data: an owner-only directory, removed however the script ends
# (a timed run goes on in the background, so that an interrupt stops it at once: the sampler
# passes the TERM on to the run, whose letters in progress are removed)
work=$(mktemp -d)
running=""
finish() {
    if [ -n "$running" ]; then
        kill -TERM "$running" 2>/dev/null || true
        wait "$running" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
chmod 700 "$work"

build_failed() {
    tail -n 20 "$work/build.log" >&2
    echo "bench/run.sh: the build failed (--no-build uses build/breachletter as it is)" >&2
    exit 1
}
if [ "$build" = yes ]; then
    if [ ! -x "$bin" ]; then
        cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work/build.log" 2>&1 || build_failed
    fi
    cmake --build build -j"$(nproc)" --target breachletter >>"$work/build.log" 2>&1 || build_failed
fi
[ -x "$bin" ] || { echo "bench/run.sh: no $bin" >&2; exit 1; }

# every run uses this copy: a rebuild of build/ during a long benchmark changes nothing here
# (templates and fonts still come from the source tree, named in the build's
# breachletter-data-dir, copied beside it); the results name the commit it was built from
cp "$bin" "$work/breachletter"
cp "$(dirname "$bin")/breachletter-data-dir" "$work/"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain -- generator templates fonts CMakeLists.txt 2>/dev/null)" ] ||
    commit="$commit with uncommitted changes to the sources"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' build/CMakeCache.txt 2>/dev/null)
bin=$work/breachletter
rows_tsv=$work/rows.tsv
notes=()

# make_list SRC DST MODE N: writes a list of N rows built from SRC with python's csv module
# (the example has quoted fields that span lines), streamed, and prints its number of rows.
# MODE all: the rows of SRC over and over, ids suffixed -0, -1... per pass;
# MODE first: the first row N times with ids BENCH-0, BENCH-1...
make_list() {
    python3 - "$@" <<'PY'
import csv, itertools, sys
src, dst, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(src, newline="", encoding="utf-8-sig") as f:
    header, *rows = list(csv.reader(f))
if mode == "all":
    out = ([f"{r[0]}-{c}"] + r[1:] for c in itertools.count() for r in rows)
else:
    out = ([f"BENCH-{i}"] + rows[0][1:] for i in itertools.count())
count = 0
with open(dst, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for row in itertools.islice(out, n):
        w.writerow(row)
        count += 1
print(count)
PY
}

# output_stats DIR: prints the letters made (manifest rows with status ok) and their pages
output_stats() {
    python3 - "$1/manifest.csv" <<'PY'
import csv, sys
letters = pages = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["status"] == "ok":
            letters += 1
            pages += int(row["pages"])
print(letters, pages)
PY
}

# disk_bytes DIR: bytes of disk the directory takes (du: allocated blocks, not file lengths)
disk_bytes() { echo $(( $(du -sk "$1" | cut -f1) * 1024 )); }

# timed NRUNS COMMAND...: NRUNS runs of COMMAND, each after removing $work/out. Sets median
# (seconds), times (all of them), rss_sum, pss_sum (the largest sampled sums of the run's
# processes, kB), rss_max (the largest single process, from /usr/bin/time, kB) and procs (the
# most processes running at once, as sampled).
timed() {
    local nruns=$1; shift
    local i t rs ps n m p
    times=() rss_sum=0 pss_sum=0 rss_max=0 procs=0
    for i in $(seq "$nruns"); do
        rm -rf "$work/out"
        python3 "$sampler" "$interval" "$work/sample" -- \
            /usr/bin/time -f "%M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" &
        running=$!
        wait "$running" || {
            tail -n 5 "$work/stderr" >&2
            echo "bench/run.sh: the command failed; run it by hand: ${*//$work\/breachletter/build/breachletter}" >&2
            exit 1; }
        running=""
        read -r t rs ps n p <"$work/sample"
        m=$(tail -n 1 "$work/time")
        times+=("$t")
        [ "$rs" -gt "$rss_sum" ] && rss_sum=$rs
        [ "$ps" -gt "$pss_sum" ] && pss_sum=$ps
        [ "$m" -gt "$rss_max" ] && rss_max=$m
        [ "$p" -gt "$procs" ] && procs=$p
        echo "$(date +%T)   run $i/$nruns: $t s" >&2
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
}

# row WHAT ROWS MODE JOBS RUNS MEDIAN UNITS UNIT PAGES PROCS RSS_SUM PSS_SUM RSS_MAX BYTES:
# one line of the table (raw numbers; the table is formatted at the end)
row() { local IFS=$'\t'; echo "$*" >>"$rows_tsv"; }

# render_args MODE: the options of a render in that mode
render_args() {
    if [ "$1" = books ]; then echo "--book${book:+=$book}"; fi
}

declare -A per_letter   # MODE -> bytes of disk per letter, from the last run in that mode

# room MODE N LABEL: whether the disk has twice the room N letters in MODE are estimated to
# need; without an estimate yet, a run of 1000 letters makes one for sizes over 10,000
room() {
    local mode=$1 n=$2 label=$3 need avail
    if [ -z "${per_letter[$mode]:-}" ]; then
        [ "$n" -le 10000 ] && return 0
        echo "estimating the disk space of $mode from 1000 letters" >&2
        make_list "$list" "$work/calibrate.csv" all 1000 >/dev/null
        rm -rf "$work/out"
        # shellcheck disable=SC2046 # render_args prints zero or one word
        "$bin" render "$incident" --recipients "$work/calibrate.csv" -o "$work/out" -q \
            $(render_args "$mode")
        per_letter[$mode]=$(( $(disk_bytes "$work/out") / 1000 ))
        rm -rf "$work/out" "$work/calibrate.csv"
    fi
    need=$(( per_letter[$mode] * n * 2 ))
    avail=$(( $(df -Pk "$work" | awk 'NR == 2 { print $4 }') * 1024 ))
    [ "$avail" -ge "$need" ] && return 0
    notes+=("$label $mode skipped: twice the estimated output ($n letters × $(human "${per_letter[$mode]}")) is $(human "$need"), $(human "$avail") free in $(dirname "$work")")
    echo "${notes[-1]}" >&2
    return 1
}

# human BYTES: 1.5 GB, 70 KB...
human() {
    awk -v b="$1" 'BEGIN { split("B KB MB GB TB", u); i = 1
                           while (b >= 1024 && i < 5) { b /= 1024; i++ }
                           printf(b < 10 && i > 1 ? "%.1f %s" : "%.0f %s", b, u[i]) }'
}

for label in "${labels[@]}"; do
    n=$(size "$label")
    nruns=$runs
    [ "$n" -ge "$big" ] && nruns=$big_runs
    echo "$(date +%T) generating a list of $n rows" >&2
    make_list "$list" "$work/list.csv" all "$n" >/dev/null
    for mode in ${modes//,/ }; do
        if ! room "$mode" "$n" "$label"; then
            for jobs in ${jobs_list//,/ }; do row render "$label" "$mode" "$jobs" 0; done
            continue
        fi
        for jobs in ${jobs_list//,/ }; do
            echo "$(date +%T) render $label $mode --jobs $jobs" >&2
            # shellcheck disable=SC2046 # render_args prints zero or one word
            timed "$nruns" "$bin" render "$incident" --recipients "$work/list.csv" -o "$work/out" \
                -q --jobs "$jobs" $(render_args "$mode")
            read -r letters pages < <(output_stats "$work/out")
            bytes=$(disk_bytes "$work/out")
            [ "$letters" -gt 0 ] || { echo "bench/run.sh: no letter was made" >&2; exit 1; }
            per_letter[$mode]=$(( bytes / letters ))
            row render "$label" "$mode" "$jobs" "$nruns" "$median" "$letters" letters "$pages" \
                "$procs" "$rss_sum" "$pss_sum" "$rss_max" "$bytes"
            [ "$letters" -eq "$n" ] ||
                notes+=("$label $mode --jobs $jobs: $letters letters from $n rows")
        done
        if [ "$mode" = books ]; then
            books=$(( (n + ${book:-2000} - 1) / ${book:-2000} ))
            for jobs in ${jobs_list//,/ }; do
                if [ "$books" -lt "$jobs" ]; then
                    notes+=("$label books --jobs $jobs: $n letters make $books book(s) of ${book:-2000}, so only $books worker(s) run")
                fi
            done
        fi
    done
    rm -rf "$work/out" "$work/list.csv"
done

echo "$(date +%T) naive loop: $naive letters, one process each" >&2
make_list "$list" "$work/naive.csv" all "$naive" >/dev/null
python3 - "$work/naive.csv" >"$work/naive.ids" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in list(csv.reader(f))[1:]:
        print(row[0])
PY
# shellcheck disable=SC2016 # the loop's variables are its own
timed "$runs" bash -c 'while read -r id; do
        "$1" render "$2" --recipients "$3" --only "$id" -o "$4" -q || exit
    done <"$5"' naive "$bin" "$incident" "$work/naive.csv" "$work/out" "$work/naive.ids"
pages=""   # the loop's manifest holds its last letter only: the pages are counted in the PDFs
if command -v pdfinfo >/dev/null; then
    pages=0
    for pdf in "$work"/out/*.pdf; do
        pages=$(( pages + $(pdfinfo "$pdf" | awk '$1 == "Pages:" { print $2 }') ))
    done
fi
row naive "$naive" letters 1 "$runs" "$median" "$naive" letters "$pages" "$procs" "$rss_sum" "$pss_sum" \
    "$rss_max" "$(disk_bytes "$work/out")"

echo "$(date +%T) single letter" >&2
timed "$runs" "$bin" render "$incident" --recipients "$list" --only MDS-000156 -o "$work/out" -q
read -r letters pages < <(output_stats "$work/out")
row single 1 letters 1 "$runs" "$median" 1 letters "$pages" "$procs" "$rss_sum" "$pss_sum" "$rss_max" \
    "$(disk_bytes "$work/out")"

# one ordinary row of the example, CHECK_ROWS times with fresh ids
echo "$(date +%T) check: $check_rows rows" >&2
rows=$(make_list "$list" "$work/big.csv" first "$check_rows")
timed "$runs" "$bin" check "$incident" --recipients "$work/big.csv"
row check "$rows" - - "$runs" "$median" "$rows" rows "" "$procs" "$rss_sum" "$pss_sum" "$rss_max" ""

# the table: aligned markdown, rates from the median time
table=$(python3 - "$rows_tsv" <<'PY'
import sys

def size(n):
    n = int(n)
    for unit, name in ((1000000, "M"), (1000, "k")):
        if n >= unit and n % unit == 0:
            return f"{n // unit}{name}"
    return f"{n:,}"

def rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"

head = ["what", "rows", "jobs", "runs", "median", "rate", "pages/s", "vs 1 job", "procs",
        "RSS sum", "PSS sum", "RSS max", "bytes/letter"]
names = {"naive": "naive loop", "single": "single --only"}
lines, one_job = [], {}
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    what, rows, mode, jobs, runs = f[:5]
    rows = size(rows) if rows.isdigit() else rows
    name = f"render {mode}" if what == "render" else names.get(what, what)
    if runs == "0":
        lines.append([name, rows, jobs, "0", "skipped"] + [""] * 8)
        continue
    med, units, unit, pages, procs, rss, pss, rmax, bytes_ = f[5:]
    med, units = float(med), int(units)
    speed = units / med
    if what == "render" and jobs == "1":
        one_job[rows, mode] = speed
    base = one_job.get((rows, mode)) if what == "render" else None
    lines.append([
        name, rows, jobs, runs,
        f"{med * 1000:.0f} ms" if med < 1 else f"{med:.2f} s",
        f"{rate(speed)} {unit}/s",
        rate(int(pages) / med) if pages else "",
        f"{speed / base:.2f}x" if base else "",
        procs if procs != "0" else "-",
        f"{int(rss) / 1024:.1f} MB" if int(rss) else "-",
        f"{int(pss) / 1024:.1f} MB" if int(pss) else "-",
        f"{int(rmax) / 1024:.1f} MB",
        f"{int(bytes_) // units:,}" if bytes_ else "",
    ])
width = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]
right = set(range(1, len(head)))
def fmt(r):
    return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w)
                             for i, (c, w) in enumerate(zip(r, width))) + " |"
print(fmt(head))
print("|" + "|".join(("-" * (w + 1) + ":") if i in right else "-" * (w + 2)
                     for i, w in enumerate(width)) + "|")
for r in lines:
    print(fmt(r))
PY
)

echo "$table"
for note in "${notes[@]}"; do echo "- $note"; done

model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
    echo "# breachletter benchmark results"
    echo
    echo "- command: \`$command_line\`"
    echo "- date: $(date '+%Y-%m-%d %H:%M %Z')"
    echo "- machine: $(uname -m), ${model:-unknown CPU}, nproc $(nproc)"
    echo "- source: commit $commit; build type ${build_type:-unknown}"
    echo
    echo "$table"
    if [ ${#notes[@]} -gt 0 ]; then
        echo
        for note in "${notes[@]}"; do echo "- $note"; done
    fi
    echo
    cat <<'EOF'
median: of the runs counted in "runs". rate, pages/s: letters (rows for check) and pages of
letters per second of the median wall time; pages are the manifest's pages column (for the
naive loop, pdfinfo's count), without the blank pages of duplex books. vs 1 job: rate over the
rate of the same size and mode with --jobs 1. procs: the most processes of the run found at
once (parent and workers). RSS sum: the largest sum of VmRSS over the run's processes, read
every 10 ms (the processes are found every 100 ms); PSS sum: the same for Pss (shared pages
divided among the processes sharing them), every 100 ms. RSS max: the largest single process
(/usr/bin/time %M). Memory figures are the largest over the runs. bytes/letter: disk used by
the output directory (du) over the letters. See bench/README.md.
EOF
} >bench/results.md
echo "(written to bench/results.md)" >&2
