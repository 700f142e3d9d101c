# A preview is one tagged PDF of several laid-out documents (its review page, then the letter;
# with --variants, a review page and a letter for every variant; with --compare, the redline):
# its structure has one root, a Document holding them all in order, read back with qpdf --json
# (tests/e2e/pdf_tags.py), as a letter of its own has (e2e 130).
EX=examples/medusind-2023
root_is_one_document() {
    python3 tests/e2e/pdf_tags.py "$1" >"$OUT/tags" || { fail "pdf_tags.py cannot read $1"; return; }
    expect_eq "$(sed -n 's/^roots //p' "$OUT/tags")" "1" "$2: elements at the structure's root"
    expect_eq "$(sed -n 's/^root-types //p' "$OUT/tags")" "Document" "$2: the root's element"
}
bl preview $EX/incident.xml --recipients $EX/recipients.csv --recipient MDS-000142 \
    -o "$OUT/draft.pdf" --quiet
expect_rc 0
root_is_one_document "$OUT/draft.pdf" "preview of one letter"
# the review page and the letter are both under it, in order
expect_eq "$(grep -E '^H1 ' "$OUT/tags" | tr '\n' '|')" "H1 Draft review|H1 Notice of Data Breach|" \
    "the review page's title, then the letter's"
bl preview $EX/incident.xml --recipients $EX/recipients.csv --variants -o "$OUT/variants.pdf" --quiet
expect_rc 0
root_is_one_document "$OUT/variants.pdf" "preview of every variant"
[ "$(grep -c '^H1 Notice of Data Breach' "$OUT/tags")" -gt 1 ] ||
    fail "the variants' preview has fewer than two letters"
