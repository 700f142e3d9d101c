# The Medusind example: a business associate's confirmed-copy incident, a list exported from
# another system (own headers, BOM, CRLF, quoted commas and line breaks). Every recipient gets
# exactly their letter.
EX=examples/medusind-2023
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
expect_rc 0
expect_eq "$(cat "$OUT/stderr")" "" "stderr of a clean run"
expect_eq "$(manifest_rows "$OUT/letters")" "$(csv_rows $EX/recipients.csv)" "manifest rows"
python3 tests/e2e/check_letters.py $EX/incident.xml $EX/recipients.csv "$OUT/letters" >&2 ||
    fail "letters do not match their recipients"
for pdf in "$OUT"/letters/*.pdf; do
    pdf_fonts_bundled "$pdf"
done
L=$OUT/letters
expect_eq "$(pdf_meta $L/MDS-000142.pdf Title)" "Notice of Data Breach" "PDF title"
expect_eq "$(pdf_meta $L/MDS-000142.pdf Author)" "Medusind Inc." "PDF author"
expect_eq "$(pdf_meta $L/MDS-000142.pdf Subject)" "Notice of a data security incident" "PDF subject"
expect_eq "$(pdf_meta $L/MDS-000142.pdf Producer | cut -c1-5)" "cairo" "PDF producer"
expect_eq "$(pdf_meta $L/MDS-000142.pdf CreationDate)" "Mon Jan  6 00:00:00 2025 UTC" \
    "creation date is the notice date, not the clock"
# written on behalf of the recipient's practice
pdf_has $L/MDS-000142.pdf "Medusind Inc. provides billing services to Harrowmere Internal Medicine Associates"
pdf_has $L/MDS-000131.pdf "provides billing services to Corrangate Family Dentistry"
# confirmed acquisition wording, the monitoring offer and the person's own enrolment code
pdf_has $L/MDS-000142.pdf "may have obtained a copy" "24 months" "Kroll" "KRL-2SC6-TA7L" \
    "Łukasz Wiśniewski" "Apt 2R" "Brooklyn, NY 11222" "For residents of New York"
pdf_lacks $L/MDS-000142.pdf "KRL-T3Q6-9VVT" "could not determine"
# no enrolment code: the letter says how to get one instead of printing an empty code
pdf_lacks $L/MDS-000306.pdf "Your enrollment code is"
pdf_has $L/MDS-000306.pdf "Yolanda García-Pérez"
# minor: to the parent or guardian
pdf_has $L/MDS-000137.pdf "Ana Núñez" "Parent or Guardian of Mateo Núñez" "your child"
# deceased: the two-line "Mail To" (a name and a role) is printed on one line
pdf_in_order $L/MDS-000258.pdf "Denise Whitaker, Personal Representative" \
    "On behalf of the Estate of Walter Kowalczyk" "4410 Bayshore Boulevard" "Tampa, FL 33611"
# Massachusetts letters must not describe the nature of the breach
pdf_lacks $L/MDS-000123.pdf "suspicious activity" "cybercriminal" "forensic"
pdf_has $L/MDS-000123.pdf "Zoë O'Connor" "For residents of Massachusetts" \
    "right to obtain any police report"
pdf_has $L/MDS-000142.pdf "suspicious activity"
# the number affected never appears in the letter outside Rhode Island's insert
pdf_lacks $L/MDS-000142.pdf "360,934"
pdf_has $L/MDS-000164.pdf "360,934"
# address line 2 with a comma, from a quoted CSV field
pdf_has $L/MDS-000195.pdf "Apt 4, Building B"
# letters hold personal data: owner-only
expect_eq "$(stat -c %a "$L")" "700" "output directory mode"
expect_eq "$(stat -c %a "$L/MDS-000142.pdf")" "600" "letter mode"
expect_eq "$(stat -c %a "$L/manifest.csv")" "600" "manifest mode"
expect_eq "$(find "$L" -name '*.part' | wc -l)" "0" "temporary files left"
# same input, same bytes
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/again" --quiet
expect_rc 0
for pdf in "$L"/*.pdf; do
    cmp -s "$pdf" "$OUT/again/$(basename "$pdf")" || fail "$(basename "$pdf") differs between runs"
done
expect_eq "$(sha256sum < "$L/MDS-000142.pdf" | cut -d' ' -f1)" \
    "$(manifest_field "$L" MDS-000142 sha256)" "manifest SHA-256"
golden "$L/MDS-000142.pdf" "$CASE/expect/MDS-000142.txt"
