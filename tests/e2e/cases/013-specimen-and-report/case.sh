# The specimen letter attorneys general ask for carries no personal data; the regulator
# summary counts exactly what the list holds.
EX=examples/medusind-2023
bl notice $EX/incident.xml --kind specimen --jurisdiction CA -o "$OUT/specimen.pdf"
expect_rc 0
pdf_has "$OUT/specimen.pdf" "Dear [First Name] [Last Name]:" "[Street Address]" \
    "[City], CA [ZIP Code]" "[Health Care Provider]" "[Enrollment Code]" "Notice of Data Breach" \
    "What Information Was Involved" "Social Security number" "Passport number"
expect_eq "$(pdf_meta "$OUT/specimen.pdf" Title)" \
    "Notice of Data Breach (specimen without personal information)" "specimen title"
# nothing from the list: no recipient's name, street, code or practice
python3 - "$EX/recipients.csv" > "$OUT/personal" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    for col in ("Last Name", "Street", "Activation Code"):
        print(r[col])
PY
words=$(pdf_words "$OUT/specimen.pdf")
while read -r value; do
    [ -n "$value" ] && [[ "$words" == *"$value"* ]] && fail "specimen shows '$value' from the list"
done < "$OUT/personal"
pdf_lacks "$OUT/specimen.pdf" "Corrangate" "Harrowmere"
pdf_has "$OUT/specimen.pdf" "This notice was not delayed by a law enforcement investigation."
# a state's specimen shows that state's insert only
bl notice $EX/incident.xml --kind specimen --jurisdiction RI -o "$OUT/ri.pdf"
pdf_has "$OUT/ri.pdf" "For residents of Rhode Island" "360,934"
pdf_lacks "$OUT/ri.pdf" "For residents of New York" "For residents of Massachusetts"
bl notice $EX/incident.xml --kind leaflet -o "$OUT/x.pdf"
expect_rc 2
stderr_has "unknown kind 'leaflet' (specimen, substitute or media)"

bl report $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/report"
expect_rc 0
expect_eq "$(pdf_pages "$OUT/report/summary.pdf")" "1" "summary pages"
pdf_has "$OUT/report/summary.pdf" "Breach notification summary" "32 recipients notified in 18 jurisdictions" \
    "MA Massachusetts" "Social Security number"
python3 - "$EX/recipients.csv" "$OUT/report/summary.csv" <<'PY' || fail "summary counts differ from the list"
import csv, sys, collections
by_state = collections.Counter()
by_cat = collections.Counter()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    by_state[r["ST"]] += 1
    for c in r["Data Elements"].split(";"):
        by_cat[(r["ST"], c.strip())] += 1
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
bad = []
for row in rows:
    st = row["jurisdiction"]
    if st == "TOTAL":
        if int(row["recipients"]) != sum(by_state.values()):
            bad.append("total")
        continue
    if int(row["recipients"]) != by_state[st]:
        bad.append(f"{st}: {row['recipients']} != {by_state[st]}")
    for cat, n in row.items():
        if cat in ("jurisdiction", "name", "recipients"):
            continue
        if int(n) != by_cat[(st, cat)]:
            bad.append(f"{st} {cat}: {n} != {by_cat[(st, cat)]}")
if {r["jurisdiction"] for r in rows} - {"TOTAL"} != set(by_state):
    bad.append("states")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
expect_eq "$(stat -c %a "$OUT/report/summary.csv")" "600" "summary mode"
