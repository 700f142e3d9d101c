# Counts are 64-bit: an incident's total of 9,999,999,999 people is checked and printed as such,
# never cut to 2,147,483,647; a total no 64-bit count holds is refused with its line.
EX=examples/medusind-2023
export BREACHLETTER_TODAY=2026-11-24
sed 's/<affected total="360934"/<affected total="9999999999"/' $EX/incident.xml >"$OUT/incident.xml"
grep -q 'total="9999999999"' "$OUT/incident.xml" || fail "the example's total is not 360934"
bl check "$OUT/incident.xml" --recipients $EX/recipients.csv
expect_rc 0
grep -Eq '^  HIPAA +hhs +9999999999 +>= 500 +YES ' "$OUT/stdout" || fail "HHS count:
$(grep hhs "$OUT/stdout")"
grep -q 2147483647 "$OUT/stdout" && fail "the report shows 2147483647"
bl check "$OUT/incident.xml" --recipients $EX/recipients.csv --json
expect_rc 0
python3 - "$OUT/stdout" <<'PY' || fail "the JSON count of the HHS notice is not 9999999999"
import json, sys
r = json.load(open(sys.argv[1]))
# the notice of 500 or more (45 CFR 164.408(b)); the yearly log of fewer is a row of its own
hhs = [o["count"] for o in r["notices"]
       if (o["jurisdiction"], o["to"], o["threshold"]) == ("HIPAA", "hhs", 500)]
sys.exit(hhs != [9999999999])
PY
# the letters print it grouped: the Rhode Island insert, the media notice
bl render "$OUT/incident.xml" --recipients $EX/recipients.csv -o "$OUT/letters" \
    --only MDS-000164 --quiet
expect_rc 0
pdf_has "$OUT/letters/MDS-000164.pdf" "In total, 9,999,999,999 people"
bl notice "$OUT/incident.xml" --kind media -o "$OUT/media.pdf"
expect_rc 0
pdf_has "$OUT/media.pdf" "9,999,999,999 people"
# the schema lets any length of digits through; a 64-bit count cannot hold this one
sed 's/<affected total="360934"/<affected total="99999999999999999999"/' $EX/incident.xml \
    >"$OUT/huge.xml"
bl check "$OUT/huge.xml"
expect_rc 3
sed -i "s|$OUT/||" "$OUT/stderr"
expect_stderr "$CASE/expect/huge"
