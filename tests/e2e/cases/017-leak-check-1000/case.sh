# 1,000 letters in one run. Under the sanitizer build (bash tests/run.sh --sanitize) LeakSanitizer
# checks at exit that nothing the render loop allocated was lost: a leak fails the run.
python3 - examples/medusind-2023/recipients.csv "$OUT/list.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
out = [rows[0]]
i = 0
while len(out) <= 1000:
    r = list(rows[1 + i % (len(rows) - 1)])
    r[0] = "%s-%d" % (r[0], i)
    out.append(r)
    i += 1
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
bl render examples/medusind-2023/incident.xml --recipients "$OUT/list.csv" -o "$OUT/letters" --quiet
expect_rc 0
expect_eq "$(manifest_rows "$OUT/letters")" "1000" "manifest rows"
expect_eq "$(find "$OUT/letters" -name '*.pdf' | wc -l)" "1000" "letters"
stderr_lacks "LeakSanitizer"
