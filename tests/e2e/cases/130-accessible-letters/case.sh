# A letter a screen reader can read: tagged, in its language, its title shown, its structure read
# back with poppler and qpdf (tests/e2e/pdf_tags.py), not with the program's code: the title
# (H1), then the letter's five sections (H2) in order, lists with their items, the bureaus'
# block as a table of three cells, links on every web and e-mail address; the DRAFT watermark,
# the running header and the page numbers outside the structure (artifacts), while the page
# still shows them. The text drawn is what it was (001's golden). What is drawn outside the
# structure is marked as artifacts in each page's content stream (pdf_tags.py --artifacts reads the
# streams qpdf decodes): the running header, the page numbers and the watermark in /Artifact
# marked content, nothing painted in no marked content, every MCID of the structure in place.
EX=examples/medusind-2023
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters/MDS-000142.pdf
python3 tests/e2e/pdf_tags.py "$L" >"$OUT/tags" || fail "pdf_tags.py cannot read $L"
tag() { grep -E "^$1( |$)" "$OUT/tags" | cut -d' ' -f2-; }
expect_eq "$(tag tagged)" "yes" "pdfinfo Tagged"
expect_eq "$(pdf_meta "$L" Tagged)" "yes" "pdfinfo Tagged"
expect_eq "$(tag lang)" "en-US" "catalog /Lang"
expect_eq "$(tag display-doc-title)" "true" "ViewerPreferences DisplayDocTitle"
expect_eq "$(tag roots)" "1" "one Document at the root of the structure"
expect_eq "$(grep -E '^H[12] ' "$OUT/tags" | head -6 | tr '\n' '|')" \
    "H1 Notice of Data Breach|H2 What Happened|H2 What Information Was Involved|H2 What We Are Doing|H2 What You Can Do|H2 For More Information|" \
    "the title, then the letter's sections in order"
expect_eq "$(grep -cE '^H1 ' "$OUT/tags")" "1" "one title"
# what to do now (3 items for this person), the information involved (4), what we are doing (4)
expect_eq "$(tag list | head -3 | tr '\n' ' ')" "3 4 4 " "the letter's lists and their items"
# the credit bureaus and the government agencies: tables of one row of three cells
expect_eq "$(tag table | tr '\n' ' ')" "1x3 1x3 " "the bureaus' and agencies' tables"
for uri in https://enroll.example.com/medusind https://notice.example.com/medusind \
    mailto:privacy-notice@example.com https://www.equifax.com/personal/credit-report-services \
    https://www.identitytheft.gov https://ag.ny.gov; do
    grep -qxF "link $uri" "$OUT/tags" || fail "no link to $uri"
done
# reading order: the table's text column by column, each bureau whole before the next
python3 tests/e2e/pdf_tags.py --text "$L" | sed -n 's/^text //p' >"$OUT/text"
pos() { grep -nF -- "$1" "$OUT/text" | head -1 | cut -d: -f1; }
[ "$(pos 'Equifax')" -lt "$(pos 'Experian')" ] && [ "$(pos 'Experian')" -lt "$(pos 'TransUnion')" ] &&
    [ "$(pos 'Dear ')" -lt "$(pos 'What Happened')" ] || fail "reading order is not the page's"
# the page number and the running header are on the page, not in the structure
pdf_has "$L" "Page 1 of 4" "Medusind · Reference MDS-000142"
grep -qF "Page 1 of" "$OUT/text" && fail "the page number is read as text"
grep -qF "Reference MDS-000142" "$OUT/text" && fail "the running header is read as text"
# the address and the return address are read, before the letter
[ "$(pos 'Brooklyn, NY')" -lt "$(pos 'Notice of Data Breach')" ] || fail "address not read first"
# the update that adds /Lang leaves a valid PDF, whose hash the manifest has
qpdf --check "$L" >"$OUT/qpdf" 2>&1 || fail "qpdf --check: $(cat "$OUT/qpdf")"
expect_eq "$(sha256sum <"$L" | cut -d' ' -f1)" "$(manifest_field "$OUT/letters" MDS-000142 sha256)" \
    "manifest SHA-256 of the updated file"
golden "$L" "$CASE/../001-medusind-example/expect/MDS-000142.txt"
# artifacts: every page's header and number inside /Artifact marks, nothing left unmarked
python3 tests/e2e/pdf_tags.py --artifacts "$L" >"$OUT/artifacts" || fail "pdf_tags.py --artifacts"
pages=$(pdf_meta "$L" Pages)
expect_eq "$pages" "4" "pages"
expect_eq "$(grep -cxE 'untagged [0-9]+ 0' "$OUT/artifacts")" "$pages" \
    "no page paints outside marked content"
for p in 1 2 3 4; do
    grep -qxF "artifact $p Page $p of 4" "$OUT/artifacts" || fail "page $p's number is no artifact"
    expect_eq "$(sed -n "s/^marked $p //p" "$OUT/artifacts")" \
        "$(sed -n "s/^parents $p //p" "$OUT/artifacts")" "page $p's MCIDs, as the structure has them"
done
for p in 2 3 4; do
    grep -qxF "artifact $p Medusind · Reference MDS-000142" "$OUT/artifacts" ||
        fail "page $p's running header is no artifact"
done
grep -E '^artifact ' "$OUT/artifacts" | grep -qvE '^artifact [0-9]+ (Page [0-9]+ of 4|Medusind · Reference MDS-000142)$' &&
    fail "text of the letter marked as an artifact: $(grep '^artifact ' "$OUT/artifacts")"

# a draft: the watermark is on every page, and no reader of the structure meets it
bl preview $EX/incident.xml --recipients $EX/recipients.csv --recipient MDS-000142 \
    -o "$OUT/draft.pdf" --quiet
expect_rc 0
expect_eq "$(pdftotext -f 1 -l 1 -bbox "$OUT/draft.pdf" - | grep -cE '>(D|RA|FT)</word>')" "3" \
    "the watermark drawn on page 1, as poppler reads it: D RA FT"
python3 tests/e2e/pdf_tags.py --text "$OUT/draft.pdf" >"$OUT/draft-tags" || fail "draft unread"
grep -q "^H1 Notice of Data Breach" "$OUT/draft-tags" || fail "the draft's letter is not tagged"
grep -qE '^text (D|RA|FT|.*DRAFT.*)$' "$OUT/draft-tags" && fail "the watermark is read as text"
python3 tests/e2e/pdf_tags.py --artifacts "$OUT/draft.pdf" >"$OUT/draft-artifacts" || fail "draft"
pages=$(pdf_meta "$OUT/draft.pdf" Pages)
expect_eq "$(grep -cxE 'artifact [0-9]+ DRAFT' "$OUT/draft-artifacts")" \
    "$pages" "the watermark inside /Artifact marks on every page"
expect_eq "$(grep -cxE 'untagged [0-9]+ 0' "$OUT/draft-artifacts")" "$pages" \
    "no page of the draft paints outside marked content"
qpdf --check "$OUT/draft.pdf" >"$OUT/qpdf" 2>&1 || fail "qpdf --check: $(cat "$OUT/qpdf")"

# a print book is for the printer: untagged, as before
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/books" --book=50 --quiet
expect_rc 0
expect_eq "$(pdf_meta "$OUT/books/book-000001.pdf" Tagged)" "no" "print book untagged"
