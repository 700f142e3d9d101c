#!/usr/bin/env bash
# Render speed of accessible letters: the Medusind letter (a PDF per letter, one job) in regular
# print and in large print (--large-print, 18 pt), and, when an untagged build is given, the
# cost of tagging (the structure tree, the links, /Lang): the same letters made by a build from
# before tagging.
#
#   bash bench/access.sh [ROWS] [RUNS]        (default 1000 rows, median of 3 runs)
#   UNTAGGED_BIN=/path/to/old/breachletter bash bench/access.sh
#   BIN=build-b/breachletter bash bench/access.sh     (another build than build/)
#
# The list is examples/medusind-2023/recipients.csv repeated to ROWS rows, ids made unique.
# Prints the median wall time, letters and pages per second (pages from the manifest) of each,
# and the ratios large/regular and tagged/untagged. Timings are for people; no test reads them.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000}
runs=${2:-3}
bin=${BIN:-./build/breachletter}
[ -x "$bin" ] || { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build -j"$(nproc)" --target breachletter >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
cp "$bin" "$work/breachletter"
python3 - examples/medusind-2023/recipients.csv "$work/list.csv" "$rows" <<'PY'
import csv, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.reader(open(src, newline="", encoding="utf-8-sig")))
w = csv.writer(open(out, "w", newline="", encoding="utf-8"))
w.writerow(rows[0])
for i in range(n):
    r = list(rows[1 + i % (len(rows) - 1)])
    r[0] = "%s-%d" % (r[0], i // (len(rows) - 1))
    w.writerow(r)
PY
inc=examples/medusind-2023/incident.xml

# measure NAME BIN ARGS...: the median wall time of RUNS renders, and the pages made
measure() {
    local name=$1 b=$2 times=() t0 t1 pages
    shift 2
    for _ in $(seq "$runs"); do
        rm -rf "$work/out"
        t0=$(date +%s.%N)
        "$b" render "$inc" --recipients "$work/list.csv" -o "$work/out" --jobs 1 -q --data-dir . "$@"
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc)")
    done
    pages=$(awk -F, 'NR > 1 { p += $7 } END { print p }' "$work/out/manifest.csv")
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '| %-22s | %8.2f | %8.1f | %8.1f | %6.1f |\n' "$name" "$median" \
        "$(echo "$rows / $median" | bc -l)" "$(echo "$pages / $median" | bc -l)" \
        "$(echo "$pages / $rows" | bc -l)"
    eval "median_${name//[^a-z]/_}=$median"
}

echo "$rows Medusind letters, a PDF each, --jobs 1, median of $runs runs ($(nproc) cores, $(git rev-parse --short HEAD))"
echo
echo "| letters                | median s | letters/s | pages/s | pages/letter |"
echo "| ---------------------- | -------- | --------- | ------- | ------------ |"
measure regular "$work/breachletter"
measure large "$work/breachletter" --large-print
if [ -n "${UNTAGGED_BIN:-}" ]; then
    cp "$UNTAGGED_BIN" "$work/untagged"
    measure untagged "$work/untagged"
fi
echo
printf 'large print / regular: %.2f times the time\n' "$(echo "$median_large / $median_regular" | bc -l)"
if [ -n "${UNTAGGED_BIN:-}" ]; then
    printf 'tagged / untagged: %.2f times the time\n' "$(echo "$median_regular / $median_untagged" | bc -l)"
fi
