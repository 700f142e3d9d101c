# The MEDNAX example: phishing, undetermined access, default column names, many minors.
EX=examples/mednax-2020
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
expect_rc 0
expect_eq "$(manifest_rows "$OUT/letters")" "$(csv_rows $EX/recipients.csv)" "manifest rows"
python3 tests/e2e/check_letters.py $EX/incident.xml $EX/recipients.csv "$OUT/letters" >&2 ||
    fail "letters do not match their recipients"
L=$OUT/letters
for pdf in "$L"/*.pdf; do
    pdf_fonts_bundled "$pdf"
    pdf_lacks "$pdf" "may have obtained a copy"
done
first=$(manifest_field "$L" MDX-004527 file)
pdf_has "$L/$first" "could not determine" "12 months" "June 17, 2020" "phishing"
pdf_lacks "$L/$first" "Kroll" "360,934"
golden "$L/$first" "$CASE/expect/MDX-004527.txt"
