# check ends as render would: 5 when a letter breaks a rule, else 1 when rows of the list are
# rejected (they would get no letter), else 0; 3 when the list's header lacks a required column.
export BREACHLETTER_TODAY=2026-11-24
MEDUSIND=examples/medusind-2023/incident.xml
bl check "$MEDUSIND" --recipients examples/medusind-2023/recipients.csv
expect_rc 0
# a ZIP code of four digits: that person would get no letter
python3 - examples/medusind-2023/recipients.csv "$OUT/bad-zip.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
rows[3][rows[0].index("ZIP")] = "9730"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
bl check "$MEDUSIND" --recipients "$OUT/bad-zip.csv"
expect_rc 1
stdout_has "32 rows, 31 valid, 1 rejected"
bl check "$MEDUSIND" --recipients "$OUT/bad-zip.csv" --json
expect_rc 1
# a header without a required column: no row can be read
sed '1s/,City,/,Town Name,/' examples/medusind-2023/recipients.csv >"$OUT/no-city.csv"
bl check "$MEDUSIND" --recipients "$OUT/no-city.csv"
expect_rc 3
stderr_has "missing required column 'City' (mapped from field 'city')"
# a letter that breaks a rule outranks the rejected rows
awk -F, 'BEGIN { OFS = "," } NR == 3 { $11 = "XX" } { print }' \
    examples/mednax-2020/recipients.csv >"$OUT/mednax-bad-state.csv"
bl check examples/mednax-2020/incident.xml --recipients "$OUT/mednax-bad-state.csv"
expect_rc 5
stdout_has "32 rows, 31 valid, 1 rejected"
# without a list there are no rows to reject
bl check "$MEDUSIND"
expect_rc 0
