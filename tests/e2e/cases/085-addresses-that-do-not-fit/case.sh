# Addresses that do not fit the envelope window still get their letters: a long street is
# abbreviated as USPS Publication 28 says, a long name is set smaller (not below 8 pt), and an
# address that fits by no rule is made as an exception for manual handling, kept out of the
# print books (in an exceptions book with --book) and recorded in the manifest. A name with a
# line break is printed on one line; foreign countries are named from iso-codes, and a code
# that is no country is refused.
LIST=$CASE/list.csv
INC=examples/mednax-2020/incident.xml
bl render $INC --recipients "$LIST" -o "$OUT/letters"
expect_rc 1
L=$OUT/letters
sed -i -e "s|$OUT|OUT|g" -e "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
for id in R-1 R-2 R-3 R-5 R-6 R-7; do
    expect_eq "$(manifest_field "$L" $id status)" "ok" "$id status"
done
expect_eq "$(manifest_field "$L" R-1 error)" "" "an address that fits has no note"
expect_eq "$(manifest_field "$L" R-2 error)" "address fitted to the window: USPS abbreviations" \
    "R-2 note"
expect_eq "$(manifest_field "$L" R-3 error)" "address fitted to the window: 8.5 pt" "R-3 note"
expect_eq "$(manifest_field "$L" R-4 status)" "exception" "R-4 status"
expect_eq "$(manifest_field "$L" R-4 error)" "line 1 of the address is too long for the envelope window (3.5 in wide) even at 8 pt: the letter is made for manual handling, outside the print books" "R-4 reason"
expect_eq "$(manifest_field "$L" R-8 status)" "error" "R-8 status"
# the abbreviated street, the name set smaller, the exception's letter in full
pdf_has "$L/R-2.pdf" "4107 SW Martin Luther King Junior Memorial Blvd Austin, TX 78751"
pdf_lacks "$L/R-2.pdf" "Memorial Boulevard Austin"
pdf_has "$L/R-3.pdf" "Featherstonehaugh-Cholmondeley III 8420 NW 24th Court"
pdf_has "$L/R-4.pdf" "Featherstonehaugh-Cholmondeley-Worthington-Smythe" "Sunrise, FL 33322"
pdf_has "$L/R-5.pdf" "Mary Ann Lee 2124 The Plaza" "Dear Mary Ann Lee:"
pdf_in_order "$L/R-6.pdf" "12 Kensington High Street" "London W8 5NP" "UNITED KINGDOM"
pdf_in_order "$L/R-7.pdf" "Seoul 06620" "SOUTH KOREA"
[ -f "$L/R-8.pdf" ] && fail "a letter for a country that does not exist"
# the address of every letter stays inside the window: its words end by 4.25 in
python3 - "$L" <<'PY' || fail "an address runs out of its window"
import subprocess, sys, re
for id in ("R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-7"):
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "%s/%s.pdf" % (sys.argv[1], id), "-"],
                          capture_output=True, text=True).stdout
    for x0, y0, x1, y1 in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html):
        if 144 <= float(y0) < 216 and float(x1) > 54 + 252 + 0.5:
            sys.exit("%s: a word of the address ends at x=%s" % (id, x1))
PY

# In print books, the exception is in the exceptions book beside the print book, never in a
# mailing book (e2e 096: its list, hash, --resume, --shard and merge)
bl render $INC --recipients "$LIST" -o "$OUT/books" --book=10 --quiet
expect_rc 1
B=$OUT/books
expect_eq "$(manifest_field "$B" R-4 file)" "exceptions-000001.pdf" "the exception's file"
expect_eq "$(manifest_field "$B" R-4 book)" "1" "the exception's book"
expect_eq "$(manifest_field "$B" R-2 file)" "book-000001.pdf" "a letter's book"
grep -q ",R-4," "$B/book-000001.csv" && fail "the exception is listed in the book"
[ -e "$B/R-4.pdf" ] && fail "the exception has a file of its own"
pdf_has "$B/exceptions-000001.pdf" "Featherstonehaugh-Cholmondeley-Worthington-Smythe"
pdf_lacks "$B/book-000001.pdf" "Featherstonehaugh-Cholmondeley-Worthington-Smythe"
expect_eq "$(($(wc -l <"$B/book-000001.csv") - 1))" "6" "the book holds the six other letters"
expect_eq "$(pdf_pages "$B/book-000001.pdf")" "24" "six letters of 4 pages, duplex"
