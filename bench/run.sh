#!/usr/bin/env bash
# Benchmarks of breachletter on this machine. Timings are never asserted in tests: the
# numbers here are read by people, as medians of several runs.
#
#   bash bench/run.sh [COPIES] [RUNS] [CHECK_ROWS]
#
# render: the Medusind example list repeated COPIES times (default 16, 512 letters of
#         7 pages), rendered RUNS times (default 3) by one process;
# single: one letter chosen with --only, from a cold start;
# check:  a generated list of CHECK_ROWS rows (default 1,000,000) read by `check`.
# Each line gives the median wall time, the rate and the peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-16}
runs=${2:-3}
check_rows=${3:-1000000}
bin=./build/breachletter
incident=examples/medusind-2023/incident.xml
list=examples/medusind-2023/recipients.csv

[ -x "$bin" ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target breachletter >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# make_list SRC DST MODE N: writes a list built from SRC with python's csv module (the
# example has quoted fields that span lines) and prints its number of rows.
# MODE all: every row N times, ids suffixed -0, -1...; MODE first: the first row N times
make_list() {
    python3 - "$@" <<'PY'
import csv, sys
src, dst, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(src, newline="", encoding="utf-8-sig") as f:
    header, *rows = list(csv.reader(f))
if mode == "all":
    out = ([f"{r[0]}-{c}"] + r[1:] for c in range(n) for r in rows)
else:
    out = ([f"BENCH-{i}"] + rows[0][1:] for i in range(n))
count = 0
with open(dst, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for row in out:
        w.writerow(row)
        count += 1
print(count)
PY
}
letters=$(make_list "$list" "$work/list.csv" all "$copies")

# time_runs NAME UNITS UNIT-NAME COMMAND...: RUNS timed runs, prints the median
time_runs() {
    local name=$1 units=$2 unit=$3; shift 3
    local times=() rss=0 t r
    for _ in $(seq "$runs"); do
        rm -rf "$work/out"
        /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || {
            echo "$name: breachletter failed; run it by hand: $*" >&2; exit 1; }
        read -r t r < <(tail -n 1 "$work/time")
        times+=("$t")
        [ "$r" -gt "$rss" ] && rss=$r
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    awk -v n="$name" -v m="$median" -v u="$units" -v un="$unit" -v r="$rss" -v all="${times[*]}" \
        'BEGIN { rate = (u > 1 && m > 0) ? sprintf("%8.0f %s/s", u / m, un) : sprintf("%17s", "");
                 printf "%-7s median %6.2f s  %s  peak RSS %5.1f MB  (runs: %s)\n",
                 n, m, rate, r / 1024, all }'
}

time_runs render "$letters" letters \
    "$bin" render "$incident" --recipients "$work/list.csv" -o "$work/out" -q
time_runs single 1 letters \
    "$bin" render "$incident" --recipients "$list" --only MDS-000156 -o "$work/out" -q

# one ordinary row of the example, CHECK_ROWS times with fresh ids
rows=$(make_list "$list" "$work/big.csv" first "$check_rows")
time_runs check "$rows" rows \
    "$bin" check "$incident" --recipients "$work/big.csv"
