# preview --variants shows every variant of a list, each as a review page and its labelled
# letter. The retailer's list has 12 variants whose long labels once wrapped into the return
# address's window: 11 letters were dropped while preview said "wrote ... (12 variants, 1
# problem)" and exited 0. grid.csv has 12 of another kind: Massachusetts, California, New York
# and the other states (Florida, Texas) x adult, minor, deceased, with different categories.
# Every label is read back from the PDF, above the envelope's windows. (Illinois has no insert
# of its own in the letter today, so its residents now share the other states' variant: 11.)
export BREACHLETTER_TODAY=2026-11-24

# sheet PDF N: the top bands of the sheet are, in order, a review page's mark and variant i's
# label, for i = 1..N, and nothing in a top band reaches into a window
sheet() {
    local pdf=$1 n=$2 i
    python3 tests/e2e/top_band.py "$pdf" >"$OUT/band.txt" || fail "a label reaches into a window"
    expect_eq "$(grep -c ': VARIANT [0-9]* OF '"$n"': ' "$OUT/band.txt")" "$n" "labelled letters"
    expect_eq "$(grep -c ': REVIEW COPY — NOT FOR MAILING$' "$OUT/band.txt")" "$n" "review pages"
    cut -d' ' -f2- "$OUT/band.txt" | sed -E 's/^(VARIANT [0-9]+ OF [0-9]+):.*/\1/' >"$OUT/order.txt"
    for i in $(seq 1 "$n"); do
        printf 'REVIEW COPY — NOT FOR MAILING\nVARIANT %s OF %s\n' "$i" "$n"
    done >"$OUT/want.txt"
    diff -u "$OUT/want.txt" "$OUT/order.txt" >&2 || fail "review pages and letters out of order"
    # each review page names its variant; each letter is a whole letter
    expect_eq "$(pdftotext "$pdf" - | grep -c "^Variant [0-9]* of $n$")" "$n" "review page titles"
    expect_eq "$(pdftotext "$pdf" - | grep -c '^What this preview assumes (')" "$n" \
        "assumptions on the review pages"
    expect_eq "$(pdftotext "$pdf" - | grep -c '^Notice of Data Breach$')" "$n" "letters"
}

EX=examples/tamarack-2025
bl preview $EX/incident.xml --recipients $EX/recipients.csv --variants -o "$OUT/retailer.pdf"
expect_rc 0
expect_eq "$(cat "$OUT/stderr")" "" "stderr"
stdout_has "preview: wrote $OUT/retailer.pdf (11 variants, 0 problems)"
expect_eq "$(grep -c '^  [0-9]* OF 11: ' "$OUT/stdout")" "11" "variants listed"
sheet "$OUT/retailer.pdf" 11
pdf_has "$OUT/retailer.pdf" \
    "VARIANT 10 OF 11: other states (IL, TX, GA, VT, FL) · adult · en · without enrolment code · no covered entity · 7 recipients" \
    "Where the person lives: Illinois, standing for every state without text of its own in the template (IL, TX, GA, VT, FL)."

bl preview examples/medusind-2023/incident.xml --recipients "$CASE/grid.csv" --variants \
    -o "$OUT/grid.pdf"
expect_rc 0
stdout_has "preview: wrote $OUT/grid.pdf (12 variants, 0 problems)"
for where in "residents of California" "residents of Massachusetts" "residents of New York" \
    "other states (FL, TX)"; do
    for kind in adult minor deceased; do
        grep -q "^  [0-9]* OF 12: $where · $kind · en · with enrolment code · 2 recipients$" \
            "$OUT/stdout" || fail "variant $where, $kind not listed"
    done
done
sheet "$OUT/grid.pdf" 12
# the variant's person stands for its recipients, with every category any of them had
pdf_has "$OUT/grid.pdf" "stands for the 2 recipients of this variant" \
    "every category any of these recipients had" \
    "Dear Parent or Guardian of [First Name] [Last Name]:"
