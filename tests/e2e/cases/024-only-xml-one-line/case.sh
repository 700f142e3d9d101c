# --only into a finished run whose XML list holds several records on one line replaces the row
# of that one recipient, matched by line and id: the other rows and letters stay as they were.
INC=examples/mednax-2020/incident.xml
python3 - tests/e2e/cases/008-xml-recipients/recipients.xml "$OUT/list.xml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# every record on the line of the root element: an exporter's one-line XML
body = re.sub(r">\s+<", "><", text.split("<recipients", 1)[1])
open(sys.argv[2], "w", encoding="utf-8").write(text.split("<recipients", 1)[0] + "<recipients" + body)
PY
bl render "$INC" --recipients "$OUT/list.xml" -o "$OUT/run" -q
[ "$RC" -le 5 ] || fail "render: exit status $RC"
rows=$(manifest_rows "$OUT/run")
[ "$rows" -ge 3 ] || fail "the list has $rows records, not several"
cp "$OUT/run/manifest.csv" "$OUT/before.csv"
files_before=$(find "$OUT/run" -name '*.pdf' | sort | xargs sha256sum)
id=$(python3 -c 'import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["status"] == "ok"]
print(rows[1]["id"])' "$OUT/run/manifest.csv")
expect_eq "$(cut -d, -f1 "$OUT/run/manifest.csv" | sort | uniq -d | grep -c .)" "1" \
    "records sharing one line"
rm "$OUT/run/$(manifest_field "$OUT/run" "$id" file)"
bl render "$INC" --recipients "$OUT/list.xml" -o "$OUT/run" -q --only "$id"
expect_rc 0
cmp "$OUT/before.csv" "$OUT/run/manifest.csv" || fail "the manifest changed"
expect_eq "$(find "$OUT/run" -name '*.pdf' | sort | xargs sha256sum)" "$files_before" \
    "the letters after --only"
