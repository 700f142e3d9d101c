# Large print: --large-print for every letter, or the list's large_print column for one
# recipient. The same letter at 18 pt body (the address at its window size), read back with
# poppler: the envelope windows, the addresses and the Intelligent Mail barcodes checked by
# 020's own code (window.py), every page numbered, the manifest saying which letters are large
# print; the sizes measured from the words' boxes against the regular letter.
EX=examples/medusind-2023
W=tests/e2e/cases/020-print-books
python3 "$W/inputs.py" $EX "$OUT" || fail "could not write the inputs"
INC=$OUT/incident.xml
# two recipients ask for large print in the list
python3 - "$OUT/list.csv" "$OUT/asked.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
rows[0].append("large_print")
for r in rows[1:]:
    r.append({"MDS-000142": "yes", "MDS-000131": "Yes"}.get(r[0], ""))
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8")).writerows(rows)
PY

bl render "$INC" --recipients "$OUT/list.csv" -o "$OUT/regular" --quiet
expect_rc 1 # the list's three bad rows
bl render "$INC" --recipients "$OUT/list.csv" -o "$OUT/large" --large-print --quiet
expect_rc 1
bl render "$INC" --recipients "$OUT/asked.csv" -o "$OUT/asked" --quiet
expect_rc 1

# every large-print letter passes the window and barcode checks, and is numbered
python3 "$W/window.py" "$INC" "$OUT/list.csv" "$OUT/large" >&2 || fail "large print: windows"
for pdf in "$OUT"/large/*.pdf; do
    pdf_page_numbers "$pdf"
done
# the manifest says which letters are large print
expect_eq "$(python3 -c '
import csv, sys
print(" ".join(sorted(r["id"] for r in csv.DictReader(open(sys.argv[1])) if r["large_print"] == "yes")))' \
    "$OUT/asked/manifest.csv")" "MDS-000131 MDS-000142" "large print asked in the list"
expect_eq "$(manifest_field "$OUT/large" MDS-000123 large_print)" "yes" "--large-print"
expect_eq "$(manifest_field "$OUT/regular" MDS-000123 large_print)" "" "regular letter"
cmp -s "$OUT/asked/MDS-000142.pdf" "$OUT/large/MDS-000142.pdf" ||
    fail "the column and the option make different letters"
cmp -s "$OUT/asked/MDS-000164.pdf" "$OUT/regular/MDS-000164.pdf" ||
    fail "a recipient who did not ask got something else than the regular letter"

# sizes, from the words' boxes (their height is the font's size times its line height): the
# body, the title and the page number 18/11 times the regular letter's, or more; the address
# (read by postal machines through the window) the same
height() { # PDF WORD: the height of the first box of WORD on page 1
    pdftotext -f 1 -l 1 -bbox "$1" - |
        sed -n "s/.*yMin=\"\([0-9.]*\)\" xMax=\"[0-9.]*\" yMax=\"\([0-9.]*\)\">$2<.*/\1 \2/p" |
        head -1 | awk '{printf "%.3f", $2 - $1}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
R=$OUT/regular/MDS-000142.pdf
L=$OUT/large/MDS-000142.pdf
expect_eq "$(ratio "$(height "$L" Dear)" "$(height "$R" Dear)")" "1.64" "body 18 pt against 11 pt"
expect_eq "$(ratio "$(height "$L" Notice)" "$(height "$R" Notice)")" "1.64" "title in proportion"
expect_eq "$(ratio "$(height "$L" Page)" "$(height "$R" Page)")" "1.80" "page number 18 pt"
expect_eq "$(ratio "$(height "$L" Nassau)" "$(height "$R" Nassau)")" "1.00" "address unchanged"
# every word of the letter's text (not the addresses) set at 18 pt or more: no word box lower
# than an 18 pt Noto line's (24.5 pt), on any page, but for page 1's addresses
low=$(pdftotext -bbox "$L" - | awk -F'"' '/<page/ { p++ } /<word/ { h = $8 - $4; if (h < 24 && !(p == 1 && $4 < 232 && $2 < 320)) n++ } END { print n + 0 }')
expect_eq "$low" "0" "words set smaller than 18 pt"
expect_eq "$(pdf_meta "$L" Tagged)" "yes" "large print tagged"
pdf_has "$L" "What Happened" "For More Information" "Equifax" "www.transunion.com/"
