# The Medusind letters are compact: every adult letter with its state's insert is at most five
# pages (at most three of letter, at most two of steps); page 1 has the box of what to do now
# with the person's enrollment code, the date to enroll by and the number to call; the three
# credit bureaus are set in three columns; a fact is stated once; a child whose Social Security
# number was not exposed is given no credit-freeze advice.
export BREACHLETTER_TODAY=2026-11-24
EX=examples/medusind-2023
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters
python3 - "$EX/recipients.csv" >"$OUT/who" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    print(r["Patient ID"], r["Letter Type"] or "adult", r["Activation Code"] or "-")
PY
while read -r id variant code; do
    pdf=$L/$id.pdf
    pages=$(pdf_pages "$pdf")
    steps=$(pdf_page_of "$pdf" "Steps You Can Take to Protect Your Information")
    [ "$pages" -le 5 ] || fail "$id ($variant) has $pages pages"
    [ "$steps" -ge 2 ] && [ "$steps" -le 4 ] || fail "$id: the letter runs to page $((steps - 1))"
    [ $((pages - steps + 1)) -le 2 ] || fail "$id: the steps take $((pages - steps + 1)) pages"
    pdf_page_has "$pdf" 1 "What to do now" "by April 7, 2025" "1-866-555-0187"
    [ "$code" = "-" ] || pdf_page_has "$pdf" 1 "Your enrollment code is $code"
done <"$OUT/who"
# the bureaus side by side, a line holding the three names; the FTC named once among the
# agencies, never as a heading over its own name
pdftotext -enc UTF-8 -layout "$L/MDS-000142.pdf" "$OUT/142.txt"
grep -qE "^Equifax +Experian +TransUnion *$" "$OUT/142.txt" || fail "the bureaus are not in columns"
grep -qE "^Federal Trade Commission +Free credit reports +Consumer Financial" "$OUT/142.txt" ||
    fail "the agencies are not in columns"
grep -qx "Federal Trade Commission" "$OUT/142.txt" && fail "the FTC's name stands alone as a heading"
# each statement once: the date, the health advice, the bank advice; the name at the top once
words=$(pdf_words "$L/MDS-000142.pdf")
count() { local rest=$words n=0; while [[ "$rest" == *"$1"* ]]; do n=$((n + 1)); rest=${rest#*"$1"}; done; echo $n; }
expect_eq "$(count "December 29, 2023")" "1" "the date of the incident"
expect_eq "$(count "Explanation of Benefits")" "1" "the Explanation of Benefits advice"
expect_eq "$(count "Call your bank")" "1" "the bank advice"
expect_eq "$(count "24 months")" "1" "the offer"
head -1 "$OUT/142.txt" | grep -q "^Medusind Inc\. *January 6, 2025$" ||
    fail "page 1 does not start with the return address and the date: $(head -1 "$OUT/142.txt")"
# freezes only for identity numbers: the child whose SSN was not exposed gets none, the adult
# whose SSN was exposed gets the how-to and the IRS's help
pdf_lacks "$L/MDS-000137.pdf" "Consider a free security freeze" "security freeze for your child" \
    "Fraud alerts and security freezes" "You may need to give" "credit report for your child"
pdf_has "$L/MDS-000123.pdf" "Consider a free security freeze" "Fraud alerts and security freezes" \
    "Identity Protection PIN"
# the substitute notice of a health incident speaks of Explanation of Benefits, and of freezes
bl notice $EX/incident.xml --kind substitute -o "$OUT/substitute.pdf"
expect_rc 0
pdf_has "$OUT/substitute.pdf" "Explanation of Benefits" "security freeze, which" \
    "card number was involved"
