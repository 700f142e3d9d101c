#!/usr/bin/env bash
# Render speed for a two-page letter, to compare with figures quoted for two-page letters. The
# shipped Medusind letter is seven pages (three of letter, four of enclosed steps); this
# benchmark derives from it, in its work directory, the same letter without the steps and the
# optional advice paragraphs and an incident with a shorter narrative (about 600 words, two
# pages), for adult residents of Florida, Texas and Washington (whose rules it meets; check
# refuses it elsewhere). It is for measuring only, never a letter to mail.
#
#   bash bench/two-page.sh [ROWS] [RUNS]     (default 4000 rows, median of 3 runs)
#
# Prints, for print books and for a PDF per letter, with 1 and 2 jobs: the median wall time,
# letters and pages per second (from the manifest) and the ratio of 2 jobs to 1.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-4000}
runs=${2:-3}
bin=./build/breachletter
[ -x "$bin" ] || { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
    cmake --build build -j"$(nproc)" --target breachletter >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# the two-page letter and its incident, derived from the shipped ones
mkdir -p "$work/short"
python3 - templates/us-notice/letter.xml examples/medusind-2023/incident.xml "$work" <<'PY'
import re, sys
letter, incident, work = sys.argv[1:]
s = open(letter, encoding="utf-8").read()
s = re.sub(r"\s*<attachment>.*?</attachment>", "", s, flags=re.S)
# the optional advice by kind of data, and the postal address before the closing
s = s[:s.index('    <if group="health">')] + s[s.index("    <!-- =====", s.index('<if group="health">')):]
s = re.sub(r"\s*<p>You can also write to us at:.*?</p>", "", s, count=1, flags=re.S)
open(f"{work}/short/letter.xml", "w", encoding="utf-8").write(s)
s = open(incident, encoding="utf-8").read().replace('template="us-notice"', 'template="short"')
narrative = re.search(r"<narrative>(.*?)</narrative>", s, re.S)
first = re.search(r"<p>.*?</p>", narrative.group(1), re.S).group(0)
s = s.replace(narrative.group(0), f"<narrative>{first}</narrative>")
actions = re.search(r"<actions>(.*?)</actions>", s, re.S)
kept = "".join(re.findall(r"<action>.*?</action>", actions.group(1), re.S)[:2])
s = s.replace(actions.group(0), f"<actions>{kept}</actions>")
open(f"{work}/incident.xml", "w", encoding="utf-8").write(s)
PY

python3 - examples/medusind-2023/recipients.csv "$work/list.csv" "$rows" <<'PY'
import csv, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, newline="", encoding="utf-8-sig") as f:
    header, *rows = list(csv.reader(f))
st, kind = header.index("ST"), header.index("Letter Type")
pick = [r for r in rows if r[st] in ("FL", "TX", "WA") and r[kind] in ("", "adult")]
with open(dst, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for i in range(n):
        r = pick[i % len(pick)]
        w.writerow([f"{r[0]}-{i // len(pick)}"] + r[1:])
PY

printf '%-8s %4s %9s %14s %9s %8s\n' mode jobs median letters/s pages/s "vs 1 job"
for mode in books letters; do
    base=""
    for jobs in 1 2; do
        times=()
        for _ in $(seq "$runs"); do
            rm -rf "$work/out"
            opts=(--jobs "$jobs" -q)
            [ "$mode" = books ] && opts+=(--book=500)
            start=$(date +%s.%N)
            "$bin" render "$work/incident.xml" --recipients "$work/list.csv" \
                -o "$work/out" "${opts[@]}"
            times+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")
        done
        median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
        read -r letters pages < <(python3 -c '
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["status"] == "ok"]
print(len(rows), sum(int(r["pages"]) for r in rows))' "$work/out/manifest.csv")
        rate=$(awk -v l="$letters" -v m="$median" 'BEGIN { print l / m }')
        [ -z "$base" ] && base=$rate
        awk -v mode="$mode" -v j="$jobs" -v m="$median" -v r="$rate" -v p="$pages" -v b="$base" \
            'BEGIN { printf "%-8s %4s %8.2fs %14.0f %9.0f %7.2fx\n", mode, j, m, r, p / m, r / b }'
    done
done
echo "($letters letters of $((pages / letters)) pages on average; median of $runs runs)"
