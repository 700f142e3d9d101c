# What a letter draws outside its structure is marked as artifacts on every page, whatever the
# letter holds: pictures (Kestrel's logo and signature), Chinese text (its glyphs two-byte codes of
# the CJK faces), large print (more pages, the running header on each). Each page's content stream is read back, decoded by
# qpdf (pdf_tags.py --artifacts): nothing is painted outside marked content, the page number
# (and, after the first page, the running header) is inside /Artifact marks, and the page has
# every MCID the structure tree gives it. qpdf finds no error, and the run warns of no page left
# unmarked. The file cut back to cairo's own bytes (before its update, a PDF of its own) shows
# the same text (pdftotext) and the same pictures of its pages (pdftoppm): marking draws nothing
# new and moves nothing.
export BREACHLETTER_TODAY=2025-01-06
# under LeakSanitizer, cairo's leak in subsetting the CJK faces is suppressed as well
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp:print_suppressions=0"
fi

# check_letter PDF NAME: the checks above on one letter
check_letter() {
    local pdf=$1 name=$2 pages cut
    [ -f "$pdf" ] || { fail "no letter $pdf"; return; }
    python3 tests/e2e/pdf_tags.py --artifacts "$pdf" >"$OUT/$name.artifacts" ||
        { fail "pdf_tags.py --artifacts cannot read $pdf"; return; }
    pages=$(pdf_meta "$pdf" Pages)
    [ "${pages:-0}" -ge 2 ] || fail "$name: $pages pages, expected more than one"
    expect_eq "$(grep -cxE 'untagged [0-9]+ 0' "$OUT/$name.artifacts")" "$pages" \
        "$name: pages that paint nothing outside marked content"
    for p in $(seq "$pages"); do
        grep -qE "^artifact $p .*$p" "$OUT/$name.artifacts" ||
            fail "$name: page $p's number is not in /Artifact marks"
        expect_eq "$(sed -n "s/^marked $p //p" "$OUT/$name.artifacts")" \
            "$(sed -n "s/^parents $p //p" "$OUT/$name.artifacts")" "$name: page $p's MCIDs"
        [ "$(sed -n "s/^marked $p //p" "$OUT/$name.artifacts")" -gt 0 ] ||
            fail "$name: page $p has no structure"
    done
    [ "$(grep -c '^artifact ' "$OUT/$name.artifacts")" -gt "$pages" ] ||
        fail "$name: no running header in /Artifact marks"
    qpdf --check "$pdf" >"$OUT/$name.qpdf" 2>&1 || fail "$name: qpdf --check: $(cat "$OUT/$name.qpdf")"
    # cairo's own file: up to the first end-of-file marker
    cut=$(grep -abo '%%EOF' "$pdf" | head -1 | cut -d: -f1)
    head -c "$((cut + 6))" "$pdf" >"$OUT/$name-cairo.pdf"
    [ "$(python3 tests/e2e/pdf_tags.py --artifacts "$OUT/$name-cairo.pdf" | grep -c '^artifact ')" = 0 ] ||
        fail "$name: cairo's own file already has /Artifact marks"
    pdftotext -enc UTF-8 "$pdf" "$OUT/$name.txt"
    pdftotext -enc UTF-8 "$OUT/$name-cairo.pdf" "$OUT/$name-cairo.txt"
    cmp -s "$OUT/$name.txt" "$OUT/$name-cairo.txt" || fail "$name: pdftotext reads another text"
    pdftoppm -png -r 40 "$pdf" "$OUT/$name-page"
    pdftoppm -png -r 40 "$OUT/$name-cairo.pdf" "$OUT/$name-cairo-page"
    for png in "$OUT/$name-page"-*.png; do
        cmp -s "$png" "$OUT/$name-cairo-page-${png##*-page-}" ||
            fail "$name: $(basename "$png") is drawn otherwise"
    done
}

# pictures: the letterhead's logo and the signature
EX=examples/kestrel-2025
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/kestrel"
expect_rc 0
stderr_lacks "not marked as artifacts"
n=0
for pdf in "$OUT"/kestrel/*.pdf; do
    n=$((n + 1))
    [ "$n" -le 2 ] && check_letter "$pdf" "kestrel-$n"
done

# Chinese
EX=examples/medusind-2023
python3 "$SRC/tests/e2e/in_language.py" "$EX/recipients.csv" "$OUT/zh.csv" zh MDS-000131
bl render $EX/incident.xml --recipients "$OUT/zh.csv" -o "$OUT/zh"
expect_rc 0
stderr_lacks "not marked as artifacts"
check_letter "$OUT/zh/MDS-000131.pdf" zh

# large print
bl render $EX/incident.xml --recipients $EX/recipients.csv --only MDS-000142 --large-print \
    -o "$OUT/large"
expect_rc 0
stderr_lacks "not marked as artifacts"
check_letter "$OUT/large/MDS-000142.pdf" large
[ "$(pdf_meta "$OUT/large/MDS-000142.pdf" Pages)" -ge 8 ] || fail "large print on few pages"
