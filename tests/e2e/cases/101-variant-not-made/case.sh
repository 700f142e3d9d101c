# A variant of the list whose letter cannot be made (here: a language the template is not
# written in) is never left out in silence: preview names it in an error, marks it NOT MADE in
# its list, exits 3, and the sheet still holds its review page, which says why, beside the
# letters of the other variants. The same for one recipient's preview. A list with no
# recipient at all is an error too.
export BREACHLETTER_TODAY=2026-11-24
EX=examples/tamarack-2025
bl preview $EX/incident.xml --recipients "$CASE/list.csv" --variants -o "$OUT/sheet.pdf"
expect_rc 3
sed -i "s|$CASE/|CASE/|g" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
grep -q "^  3 OF 3: residents of Massachusetts · adult · fr · without enrolment code · no covered entity · 1 recipient · NOT MADE$" \
    "$OUT/stdout" || fail "the variant not made is not marked in the list: $(cat "$OUT/stdout")"
expect_eq "$(grep -c 'NOT MADE$' "$OUT/stdout")" "1" "variants marked NOT MADE"
stdout_has "preview: wrote $OUT/sheet.pdf (3 variants, 1 NOT MADE: see the errors, 1 problem)"
# the sheet: three review pages, two letters; the third review page says why there is no letter
python3 tests/e2e/top_band.py "$OUT/sheet.pdf" >"$OUT/band.txt" || fail "a label in a window"
expect_eq "$(cut -d' ' -f2- "$OUT/band.txt" | sed -E 's/^(VARIANT [0-9]+ OF [0-9]+):.*/\1/' |
    tr '\n' '|')" "REVIEW COPY — NOT FOR MAILING|VARIANT 1 OF 3|REVIEW COPY — NOT FOR MAILING|VARIANT 2 OF 3|REVIEW COPY — NOT FOR MAILING|" \
    "the sheet's pages"
last=$(pdf_pages "$OUT/sheet.pdf")
pdftotext -f "$last" -l "$last" "$OUT/sheet.pdf" "$OUT/last.txt"
grep -q "^Variant 3 of 3$" "$OUT/last.txt" || fail "the last page is not variant 3's review page"
for phrase in "This letter could not be made" \
    "Why: the template is not written in language 'fr' (it has: en es zh). No letter follows this page"; do
    tr -s ' \n' '  ' <"$OUT/last.txt" | grep -qF "$phrase" ||
        fail "the review page lacks '$phrase': $(cat "$OUT/last.txt")"
done

expect_eq "$(pdf_meta "$OUT/sheet.pdf" Title)" "DRAFT - not for mailing: Notice of Data Breach" \
    "the sheet's title"
# no variant can be made: the sheet holds their review pages
grep -e '^id,' -e ',fr,' "$CASE/list.csv" >"$OUT/fr.csv"
bl preview $EX/incident.xml --recipients "$OUT/fr.csv" --variants -o "$OUT/fr.pdf"
expect_rc 3
stderr_has "error: variant 1 of 1 ('residents of Massachusetts · adult · fr · "
expect_eq "$(pdf_pages "$OUT/fr.pdf")" "1" "pages of a sheet without letters"
expect_eq "$(pdf_meta "$OUT/fr.pdf" Title)" "DRAFT - not for mailing: Variants of the letter" \
    "the title of a sheet without letters"

# one recipient's letter that cannot be made: the same, the preview holds its review page only
bl preview $EX/incident.xml --recipients "$CASE/list.csv" --recipient TST-003 -o "$OUT/one.pdf"
expect_rc 3
stderr_has "error: the letter of recipient TST-003 cannot be made: the template is not written in language 'fr' (it has: en es zh); $OUT/one.pdf holds its review page only"
expect_eq "$(pdf_pages "$OUT/one.pdf")" "1" "pages of a preview without its letter"
pdf_has "$OUT/one.pdf" "This letter could not be made"

# with --quiet, the errors are still told and the exit status is the same
bl preview $EX/incident.xml --recipients "$CASE/list.csv" --variants -o "$OUT/sheet.pdf" -q
expect_rc 3
stderr_has "error: variant 3 of 3 ("

# a list without a recipient: nothing to show is an error, not an empty sheet
head -1 "$CASE/list.csv" >"$OUT/empty.csv"
bl preview $EX/incident.xml --recipients "$OUT/empty.csv" --variants -o "$OUT/empty.pdf"
expect_rc 3
expect_eq "$(cat "$OUT/stderr")" \
    "$OUT/empty.csv: error: the list has no recipient a letter can be made for" "stderr"
[ ! -e "$OUT/empty.pdf" ] || fail "an empty sheet was written"
