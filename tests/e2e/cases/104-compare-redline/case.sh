# preview --compare writes a redline: a list of the changes with the words around them, then
# the whole letter, the words removed struck through in red and the words added underlined in
# green (read back from the rendered pages: tests/e2e/word_colour.py); -o names it, else it is
# redline.pdf in the working directory; --format png makes pictures; "-o -" sends the PDF to
# standard output and the changes to standard error.
export BREACHLETTER_TODAY=2026-11-24
EX=examples/medusind-2023
sed -e 's/months="24"/months="36"/' \
    -e 's|\(<action>We took the affected systems offline.*</action>\)|\1<action>We hired an outside firm to test our systems every quarter.</action>|' \
    -e '/<action>We reviewed the files involved/d' \
    $EX/incident.xml >"$OUT/v2.xml"
bl preview "$OUT/v2.xml" --compare $EX/incident.xml -o "$OUT/redline.pdf"
expect_rc 0
R=$OUT/redline.pdf
expect_eq "$(pdf_meta "$R" Title)" "Redline: Notice of Data Breach" "title"
pdf_fonts_bundled "$R"
pdf_page_numbers "$R"
python3 tests/e2e/top_band.py "$R" | head -1 >"$OUT/band.txt"
expect_eq "$(cat "$OUT/band.txt")" "1: REDLINE — NOT FOR MAILING" "label"
# the old and the new words, in the list of changes and in the letter
expect_eq "$(pdf_words "$R" | grep -o 'offering you 24 36 months of Identity Monitoring' | wc -l)" \
    "2" "24 36 months: the change listed and in the letter"
pdf_in_order "$R" "Redline" "3 changes in the wording of the letter" "What We Are Doing" \
    "Added: We hired an outside firm" "Removed: We reviewed the files involved" \
    "Notice of Data Breach" "We took the affected systems offline" \
    "We hired an outside firm to test our systems every quarter." \
    "We reviewed the files involved to identify the people" "Steps You Can Take"
# how the words are drawn: page 1 lists the changes
expect_eq "$(python3 tests/e2e/word_colour.py "$R" 1 24)" "red struck" "24 on page 1"
expect_eq "$(python3 tests/e2e/word_colour.py "$R" 1 36)" "green underlined" "36 on page 1"
expect_eq "$(python3 tests/e2e/word_colour.py "$R" 1 months)" "black" "a word kept"
# and in the letter
for p in $(seq 2 "$(pdf_pages "$R")"); do
    pdftotext -f "$p" -l "$p" "$R" - | grep -q "every quarter" && break
done
expect_eq "$(python3 tests/e2e/word_colour.py "$R" "$p" quarter.)" "green underlined" \
    "a paragraph added, page $p"
expect_eq "$(python3 tests/e2e/word_colour.py "$R" "$p" notify)" "red struck" \
    "a paragraph removed, page $p"
expect_eq "$(python3 tests/e2e/word_colour.py "$R" "$p" suspicious)" "black" \
    "a paragraph kept, page $p"

# without -o: redline.pdf where the command runs; pictures with --format png
mkdir "$OUT/here"
(cd "$OUT/here" && "$BIN" preview "$OUT/v2.xml" --compare "$SRC/$EX/incident.xml" >/dev/null 2>&1)
[ -s "$OUT/here/redline.pdf" ] || fail "no redline.pdf in the working directory"
(cd "$OUT/here" && "$BIN" preview "$OUT/v2.xml" --compare "$SRC/$EX/incident.xml" \
    --format png >/dev/null 2>&1)
[ -s "$OUT/here/redline-1.png" ] && [ -s "$OUT/here/redline-2.png" ] || fail "no PNG pages"
[ ! -e "$OUT/here/preview.pdf" ] || fail "a preview.pdf was written"

# "-o -": the redline on standard output, the changes on standard error
"$BIN" preview "$OUT/v2.xml" --compare $EX/incident.xml -o - >"$OUT/piped.pdf" 2>"$OUT/stderr"
expect_eq "$?" "0" "preview --compare -o -"
expect_eq "$(pdf_pages "$OUT/piped.pdf")" "$(pdf_pages "$R")" "pages of the piped redline"
stderr_has "  …we are offering you 24 → 36 months of Identity Monitoring…"
stderr_has "preview: wrote the redline to standard output (3 changes)"
