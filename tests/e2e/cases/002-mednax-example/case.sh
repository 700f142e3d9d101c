# The MEDNAX example: phishing, undetermined access, default column names, many minors.
EX=examples/mednax-2020
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
# The real MEDNAX notice falls short in three states, and those letters are refused while every
# other letter is made: 12 months of monitoring where Massachusetts and DC require 18 for
# residents whose SSN was exposed, and no count of people affected, which Rhode Island requires.
expect_rc 5
stderr_has "error: MA monitoring-minimum: 1 resident of Massachusetts whose Social Security number was exposed must be offered at least 18 months of monitoring at no cost; the incident offers 12 months"
stderr_has "error: DC monitoring-minimum: 1 resident of the District of Columbia whose Social Security number or taxpayer identification number was exposed must be offered at least 18 months"
stderr_has "error: RI ri-count: the letter lacks the number of individuals affected by the breach, which Rhode Island requires"
expect_eq "$(manifest_rows "$OUT/letters")" "$(csv_rows $EX/recipients.csv)" "manifest rows"
python3 tests/e2e/check_letters.py $EX/incident.xml $EX/recipients.csv "$OUT/letters" \
    >"$OUT/oracle" || fail "letters do not match their recipients: $(cat "$OUT/oracle")"
expect_eq "$(grep '^refused:' "$OUT/oracle" | tr '\n' ' ')" \
    "refused: MDX-004512 refused: MDX-004555 refused: MDX-004590 refused: MDX-004804 " \
    "refused letters"
expect_eq "$(manifest_field "$OUT/letters" MDX-004512 status)" "refused" "MA SSN resident"
[ ! -e "$OUT/letters/MDX-004512.pdf" ] || fail "a refused letter was written"
# the Massachusetts minor's SSN was not exposed: the letter is made
expect_eq "$(manifest_field "$OUT/letters" MDX-004519 status)" "ok" "MA resident without SSN"
# --allow-draft makes the refused letter, watermarked, and only that one
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/drafts" --quiet --allow-draft
expect_rc 0
expect_eq "$(manifest_field "$OUT/drafts" MDX-004512 status)" "draft" "draft status"
expect_eq "$(pdf_meta "$OUT/drafts/MDX-004512.pdf" Title)" \
    "DRAFT - not for mailing: Notice of Data Breach" "draft title"
expect_eq "$(pdf_meta "$OUT/drafts/MDX-004527.pdf" Title)" "Notice of Data Breach" "letter title"
# the watermark's letters, one per line in reading order
pdftotext -raw "$OUT/drafts/MDX-004512.pdf" - | tr -d '\n' | grep -q DRAFT || fail "no watermark"
pdftotext -raw "$OUT/drafts/MDX-004527.pdf" - | tr -d '\n' | grep -q DRAFT && fail "watermark on a compliant letter"
L=$OUT/letters
for pdf in "$L"/*.pdf; do
    pdf_fonts_bundled "$pdf"
    pdf_lacks "$pdf" "may have obtained a copy"
done
first=$(manifest_field "$L" MDX-004527 file)
pdf_has "$L/$first" "could not determine" "12 months" "June 17, 2020" "phishing"
pdf_lacks "$L/$first" "Kroll" "360,934"
golden "$L/$first" "$CASE/expect/MDX-004527.txt"
