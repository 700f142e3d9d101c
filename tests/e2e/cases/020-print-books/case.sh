# Print books for a mail house, the envelope windows and the Intelligent Mail barcode, all read
# back from the PDFs and checked with this case's own code (books.py, window.py, and imb.py, an
# IMb encoder written from USPS-B-3200), not the program's.
EX=examples/medusind-2023
BAD="BAD-1,BAD-2,BAD-3" # the rows of the list that get no letter (see inputs.py)

# The case's encoder must give the specification's own examples before it judges any barcode.
python3 "$CASE/imb.py" --self-test || fail "imb.py disagrees with the examples of USPS-B-3200"

# The Medusind list with 3 rejected rows, a Canadian address, ZIP+4 codes and delivery points;
# the Medusind incident with a <mailing>; and one with a 6-digit mailer id starting with 9.
python3 "$CASE/inputs.py" $EX "$OUT" || fail "could not write the case's inputs"
INC=$OUT/incident.xml
LIST=$OUT/list.csv

# --- books: duplex (the default) over several workers, duplex over one, simplex ---
bl render "$INC" --recipients "$LIST" -o "$OUT/duplex" --book=10 --jobs 3 --quiet
expect_rc 1
stderr_has "$LIST:2: error: unknown state 'XX' (recipient 'BAD-1')"
stderr_has "$LIST:15: error: column 'delivery_point' must be two digits"
stderr_has "$LIST:32: error: unknown state 'ZZ' (recipient 'BAD-3')"
bl render "$INC" --recipients "$LIST" -o "$OUT/duplex1" --book=10 --duplex --jobs 1 --quiet
expect_rc 1
bl render "$INC" --recipients "$LIST" -o "$OUT/simplex" --book=10 --simplex --quiet
expect_rc 1

# Books of 10 list rows each; pages, padding, first pages, sheets, CSVs and manifest agree.
python3 "$CASE/books.py" "$INC" "$LIST" "$OUT/duplex" 10 duplex $BAD >&2 || fail "duplex books"
python3 "$CASE/books.py" "$INC" "$LIST" "$OUT/simplex" 10 simplex $BAD >&2 ||
    fail "simplex books"
expect_eq "$(find "$OUT/duplex" -name 'book-*.pdf' | wc -l)" 4 "duplex books of 36 rows by 10"
expect_eq "$(find "$OUT/simplex" -name 'book-*.pdf' | wc -l)" 4 "simplex books of 36 rows by 10"

# each book's SHA-256 in the manifest is the book's
for d in duplex simplex; do
    for pdf in "$OUT/$d"/book-*.pdf; do
        want=$(sha256sum <"$pdf" | cut -d' ' -f1)
        got=$(python3 -c '
import csv, os, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["file"] == os.path.basename(sys.argv[2])]
print(" ".join(sorted({r["sha256"] for r in rows})) if rows else "no rows")' \
            "$OUT/$d/manifest.csv" "$pdf")
        expect_eq "$got" "$want" "manifest SHA-256 of $d/$(basename "$pdf")"
    done
done

# The same letters either way: simplex drops exactly one blank page per odd-length letter, and
# this list has such letters (so the padding is tested at all).
read -r odd extra <<<"$(python3 - "$OUT" <<'PY'
import csv, glob, re, subprocess, sys

def letters(d):
    with open(f"{sys.argv[1]}/{d}/manifest.csv", newline="") as f:
        return {r["id"]: int(r["pages"]) for r in csv.DictReader(f) if r["status"] == "ok"}

def book_pages(d):
    out = [subprocess.run(["pdfinfo", p], capture_output=True, text=True).stdout
           for p in glob.glob(f"{sys.argv[1]}/{d}/book-*.pdf")]
    return sum(int(re.search(r"^Pages:\s+(\d+)", o, re.M).group(1)) for o in out)

duplex, simplex = letters("duplex"), letters("simplex")
odd = sum(p % 2 for p in duplex.values()) if duplex == simplex else "differ"
print(odd, book_pages("duplex") - book_pages("simplex"))
PY
)"
[[ "$odd" =~ ^[1-9][0-9]*$ ]] || fail "odd-length letters in duplex and simplex: '$odd'"
expect_eq "$extra" "$odd" "blank pages the duplex books have more than the simplex ones"

# how many workers made the books changes no byte of them
for f in "$OUT"/duplex/book-* "$OUT"/duplex/manifest.csv; do
    cmp -s "$f" "$OUT/duplex1/$(basename "$f")" ||
        fail "$(basename "$f") differs between --jobs 3 and --jobs 1"
done

# --- envelope windows and barcodes on page 1 of every letter of the books ---
python3 "$CASE/window.py" "$INC" "$LIST" "$OUT/duplex" >&2 || fail "windows and barcodes"

# A 9-digit mailer id (6-digit serial), another barcode id and service type, one letter of its
# own: the serial is still the row's place in the whole list.
MAILING9='<mailing mailer-id="987654321" service-type="300" barcode-id="14" serial-start="999960"/>'
sed "s|<mailing [^>]*>|$MAILING9|" "$INC" >"$OUT/incident-9.xml"
grep -qF "$MAILING9" "$OUT/incident-9.xml" || fail "could not write incident-9.xml"
bl render "$OUT/incident-9.xml" --recipients "$LIST" -o "$OUT/nine" --only=MDS-000142 --quiet
expect_rc 0
expect_eq "$(find "$OUT/nine" -name '*.pdf' -printf '%f\n')" "MDS-000142.pdf" "letters of --only"
python3 "$CASE/window.py" "$OUT/incident-9.xml" "$LIST" "$OUT/nine" >&2 ||
    fail "window and barcode with a 9-digit mailer id"
# serials that would run past the 6 digits (and repeat) are refused before any letter is made
sed "s|serial-start=\"999960\"|serial-start=\"999990\"|" "$OUT/incident-9.xml" >"$OUT/incident-wrap.xml"
bl render "$OUT/incident-wrap.xml" --recipients "$LIST" -o "$OUT/wrap" --book=10 --quiet
expect_rc 3
stderr_has "the barcode serials of the list's 36 records, from serial-start 999990, run past the 6-digit serial"
[ -e "$OUT/wrap/manifest.csv" ] && fail "letters were made with repeating serials"

# Without <mailing> no letter has a barcode, and the address stays at the top of its area.
bl render $EX/incident.xml --recipients "$LIST" -o "$OUT/plain" --book=50 --quiet
expect_rc 1
python3 "$CASE/window.py" $EX/incident.xml "$LIST" "$OUT/plain" >&2 ||
    fail "windows without a barcode"

# --- a mailer id the USPS never assigns: the incident is refused with its file and line ---
BADINC=$OUT/incident-bad-mailer.xml
bl render "$BADINC" --recipients "$LIST" -o "$OUT/refused" --book=10
expect_rc 3
stderr_has "$BADINC:$(grep -n '<mailing ' "$BADINC" | cut -d: -f1): error: mailing: "
stderr_has "mailer id"
[ -z "$(ls -A "$OUT/refused" 2>/dev/null)" ] || fail "output made for a refused incident"

# An address that needs the room the barcode takes in the window (six lines) gets its letter
# without the barcode, with a warning naming the row; never no letter.
python3 - "$EX/recipients.csv" "$OUT/six.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
row = next(r for r in rows if r[0] == "MDS-000258")
row[rows[0].index("Street 2")] = "Apt 3\nRear Entrance"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows([rows[0], row])
PY
bl render "$INC" --recipients "$OUT/six.csv" -o "$OUT/six"
expect_rc 0
stderr_has "six.csv:2: warning: the address has too many lines for the window with the Intelligent Mail barcode: the letter is made without the barcode (recipient 'MDS-000258')"
pdf_has "$OUT/six/MDS-000258.pdf" "Apt 3" "Tampa, FL 33611"
