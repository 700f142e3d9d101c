#!/usr/bin/env bash
# Render speed of the Medusind letters in English, Spanish and Chinese: the example's list
# (adults and minors of every state it has) repeated to ROWS rows, all in one language, made as
# a PDF per letter and into print books, with one job. A translated letter is the same template
# compiled once more with the catalog's text (templates/us-notice/po/LANG.po), so the work per
# letter should be the same; this measures it.
#
#   bash bench/languages.sh [ROWS] [RUNS]     (default 1000 rows, median of 3 runs)
#
# Prints, for each language and mode: the median wall time, letters and pages per second (from
# the manifest), and the rate over English's.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000}
runs=${2:-3}
bin=./build/breachletter
[ -x "$bin" ] || { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build -j"$(nproc)" --target breachletter >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
export BREACHLETTER_TODAY=2025-01-06

for lang in en es zh; do
    python3 - examples/medusind-2023/recipients.csv "$work/$lang.csv" "$rows" "$lang" <<'PY'
import csv, sys
src, dst, n, lang = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(src, newline="", encoding="utf-8-sig") as f:
    header, *rows = list(csv.reader(f))
li = header.index("Language")
with open(dst, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for i in range(n):
        r = list(rows[i % len(rows)])
        r[0] = f"{r[0]}-{i // len(rows)}"
        r[li] = lang
        w.writerow(r)
PY
done

printf '%-4s %-8s %9s %10s %9s %8s\n' lang mode median letters/s pages/s "vs en"
for mode in books letters; do
    base=""
    for lang in en es zh; do
        times=()
        for _ in $(seq "$runs"); do
            rm -rf "$work/out"
            opts=(--jobs 1 -q)
            [ "$mode" = books ] && opts+=(--book=500)
            start=$(date +%s.%N)
            "$bin" render examples/medusind-2023/incident.xml --recipients "$work/$lang.csv" \
                -o "$work/out" "${opts[@]}" 2>/dev/null || true
            times+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")
        done
        median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
        read -r letters pages < <(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["status"] == "ok"]
print(len(rows), sum(int(r["pages"]) for r in rows))' "$work/out/manifest.csv")
        rate=$(awk -v l="$letters" -v m="$median" 'BEGIN { print l / m }')
        [ -z "$base" ] && base=$rate
        awk -v lang="$lang" -v mode="$mode" -v m="$median" -v r="$rate" -v p="$pages" -v b="$base" \
            -v l="$letters" 'BEGIN { printf "%-4s %-8s %8.2fs %10.0f %9.0f %7.2fx  (%d letters, %d pages)\n", lang, mode, m, r, p / m, r / b, l, p }'
    done
done
echo "(median of $runs runs, $rows rows, one job)"
