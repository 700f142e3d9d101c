# Large print keeps a box's rule: the Medusind letter's box of what to do now is set as its
# parts one after another (so that it breaks across pages as text does), inside its rule and
# on its pale ground on every page it reaches, as in the regular letter; what follows the box
# is outside it. Read back from the PDF (tests/e2e/frames.py: qpdf's pages, poppler's words).
# The envelope windows still hold only the addresses and the barcode (020's window.py).
export BREACHLETTER_TODAY=2026-11-24
EX=examples/medusind-2023
bl render $EX/incident.xml --recipients $EX/recipients.csv --only MDS-000142 -o "$OUT/regular" --quiet
expect_rc 0
bl render $EX/incident.xml --recipients $EX/recipients.csv --only MDS-000142 -o "$OUT/large" \
    --large-print --quiet
expect_rc 0
WORDS=(Enroll KRL-2SC6-TA7L. Check Explanation received. Happened)
python3 tests/e2e/frames.py "$OUT/regular/MDS-000142.pdf" "${WORDS[@]}" >"$OUT/regular.txt" ||
    fail "frames.py cannot read the regular letter"
python3 tests/e2e/frames.py "$OUT/large/MDS-000142.pdf" "${WORDS[@]}" >"$OUT/large.txt" ||
    fail "frames.py cannot read the large-print letter"
where() { grep "^$2 " "$1" | cut -d' ' -f2-; }
# the regular letter: the whole box on page 1
for w in Enroll KRL-2SC6-TA7L. Check received.; do
    expect_eq "$(where "$OUT/regular.txt" "$w")" "1 inside" "regular letter: '$w'"
done
# large print: the box starts on page 1 and goes on to page 2, inside its rule on both
expect_eq "$(where "$OUT/large.txt" Enroll)" "1 inside" "large print: 'Enroll'"
expect_eq "$(where "$OUT/large.txt" KRL-2SC6-TA7L.)" "1 inside" "large print: the enrolment code"
expect_eq "$(where "$OUT/large.txt" Check)" "1 inside" "large print: the box's second item"
expect_eq "$(where "$OUT/large.txt" Explanation)" "2 inside" "large print: the box's third item"
expect_eq "$(where "$OUT/large.txt" received.)" "2 inside" "large print: the box's last word"
expect_eq "$(where "$OUT/large.txt" Happened)" "2 outside" "large print: the section after the box"
expect_eq "$(grep -c '^boxes [12] 1$' "$OUT/large.txt")" "2" "one rule on page 1 and one on page 2"
# the windows, the addresses and the barcode, as 131 checks them for every large-print letter
W=tests/e2e/cases/020-print-books
python3 "$W/window.py" $EX/incident.xml $EX/recipients.csv "$OUT/large" >&2 ||
    fail "large print: windows"
