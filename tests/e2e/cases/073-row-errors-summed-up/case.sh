# Thousands of rejected rows do not flood the terminal: the first 100 are told with their line,
# the others summed up by kind at the end ("4,900 more rows rejected: 3,100 unknown state, ...")
# with where every one is listed; check's finding counts the rejected rows by kind too.
python3 - examples/mednax-2020/recipients.csv "$OUT/list.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head = rows[0]
col = {name: i for i, name in enumerate(head)}
base = [r for r in rows[1:] if r[col["state"]] == "NY"][0]  # a letter that breaks no rule
out = [head]
for i in range(5002):
    r = list(base)
    r[col["id"]] = "R-%d" % i
    if i < 100:
        r[col["city"]] = ""
    elif i < 3200:
        r[col["state"]] = "X%d" % (i % 10)
    elif i < 5000:
        r[col["postal_code"]] = "9730"
    out.append(r)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
bl render examples/mednax-2020/incident.xml --recipients "$OUT/list.csv" -o "$OUT/letters" \
    --quiet
expect_rc 1
expect_eq "$(grep -c "list.csv:[0-9]*: error: column 'city' is empty" "$OUT/stderr")" "100" \
    "row messages told"
expect_eq "$(sed -n '101p' "$OUT/stderr")" "breachletter: 4,900 more rows rejected: 3,100 unknown state, 1,800 postal code is not a US ZIP code (12345 or 12345-6789); every one is in $OUT/letters/errors.csv" \
    "the summary of the other rows"
expect_eq "$(wc -l <"$OUT/stderr")" "101" "lines on stderr"
expect_eq "$(csv_rows "$OUT/letters/errors.csv")" "5000" "rows in errors.csv"

bl check examples/mednax-2020/incident.xml --recipients "$OUT/list.csv"
expect_rc 1
expect_eq "$(grep -c "error: column 'city' is empty" "$OUT/stderr")" "100" "check: row messages told"
expect_eq "$(tail -n 1 "$OUT/stderr")" "breachletter: 4,900 more rows rejected: 3,100 unknown state, 1,800 postal code is not a US ZIP code (12345 or 12345-6789); render lists every one in its errors.csv" \
    "check: the summary of the other rows"
stdout_has "5,000 rows of the list are rejected and will get no letter until corrected: 3,100 unknown state, 1,800 postal code is not a US ZIP code (12345 or 12345-6789), 100 column 'city' is empty"
bl check examples/mednax-2020/incident.xml --recipients "$OUT/list.csv" --json
python3 - "$OUT/stdout" <<'PY' || fail "the JSON finding lacks the kinds"
import json, sys
r = json.load(open(sys.argv[1]))
f = [f for f in r["findings"] if f["rule"] == "rejected-rows"][0]
assert f["recipients"] == 5000, f
assert f["message"].endswith(": 3,100 unknown state, 1,800 postal code is not a US ZIP code "
                             "(12345 or 12345-6789), 100 column 'city' is empty"), f
PY
