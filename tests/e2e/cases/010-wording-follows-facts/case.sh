# The letter's wording follows the incident's facts: no monitoring offer, no evidence of
# viewing or copying, a date range, and a notice delayed by law enforcement.
EX=examples/mednax-2020
bl render "$CASE/incident.xml" --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
# without an offer, the Massachusetts resident whose SSN was exposed cannot be written to
expect_rc 5
stderr_has "error: MA monitoring-minimum: 1 resident of Massachusetts whose Social Security number was exposed must be offered at least 18 months of monitoring at no cost; the incident offers none"
L=$OUT/letters
expect_eq "$(manifest_field "$L" MDX-004512 status)" "refused" "MA SSN resident without an offer"
# an adult in New York with health data, a minor, and a Massachusetts resident without SSN
for id in MDX-004527 MDX-004533 MDX-004519; do
    pdf=$L/$id.pdf
    pdf_lacks "$pdf" "could not determine" "may have obtained a copy" "enrollment code" \
        "Identity Monitoring" "Example Identity Services"
    pdf_has "$pdf" "This notice was delayed at the request of law enforcement"
done
pdf_has "$L/MDX-004527.pdf" "The incident occurred between June 17, 2020 and June 24, 2020." \
    "no evidence"
pdf_lacks "$L/MDX-004527.pdf" "occurred on June 17, 2020"
# the same list with the example's incident: monitoring offered, undetermined access
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/example" --quiet --only MDX-004527
pdf_has "$OUT/example/MDX-004527.pdf" "could not determine" "12 months" \
    "The incident occurred on June 17, 2020. We discovered it on June 19, 2020."
pdf_lacks "$OUT/example/MDX-004527.pdf" "delayed at the request of law enforcement" "no evidence"
