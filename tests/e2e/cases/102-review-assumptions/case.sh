# A preview that assumes a fact says so on its review page, the page before the letter marked
# REVIEW COPY — NOT FOR MAILING, and in one line on stdout: draft.xml does not yet say whether
# the data was viewed or taken, nor whether monitoring is offered, nor the notice date, and the
# sample person is made of placeholders. Once the incident states a fact, it is no longer
# listed; a recipient of the list with a complete incident rests on no assumption.
export BREACHLETTER_TODAY=2026-11-24

# review PDF: the text of the review page (page 1), white space folded
review() {
    pdftotext -f 1 -l 1 "$1" - | tr -s ' \n' '  '
}

bl preview "$CASE/draft.xml" -o "$OUT/draft.pdf"
expect_rc 0
stdout_has "preview: the letter rests on 7 assumptions, listed on its review page"
r=$(review "$OUT/draft.pdf")
for phrase in "REVIEW COPY — NOT FOR MAILING" "What this preview assumes (7)" \
    "Whether the data was viewed or taken: the incident does not say (<event access=\"...\">), so the letter says it could not be determined." \
    "Credit monitoring: the incident neither offers it (<monitoring>) nor says that none is offered (<no-monitoring/>), so the letter offers none." \
    "Dates the incident does not give (<dates>): the notice date; the letter marks it missing" \
    "The person: placeholders ([First Name], [Last Name], [Street Address], [City])" \
    "Where the person lives: no state, so the letter has no state's insert (choose one with --jurisdiction XX)." \
    "Who the letter is for: an adult writing about themselves (the default;" \
    "What was exposed: every category of the incident (contact information"; do
    [[ "$r" == *"$phrase"* ]] || fail "the review page lacks '$phrase'"
done
# the letter is written as assumed
pdf_has "$OUT/draft.pdf" "could not determine whether" "[incident notice missing]"
pdf_lacks "$OUT/draft.pdf" "Identity Monitoring" "enrollment code"

# the incident states the facts: no longer assumptions; a state and a variant chosen neither
sed -e 's|<event vector="skimming">|<event vector="skimming" access="confirmed">|' \
    -e 's|<discovered>2025-09-15</discovered>|&<notice>2025-10-08</notice>|' \
    -e 's|</actions>|&<no-monitoring/>|' "$CASE/draft.xml" >"$OUT/stated.xml"
bl preview "$OUT/stated.xml" --jurisdiction CA --variant deceased -o "$OUT/stated.pdf"
expect_rc 0
stdout_has "preview: the letter rests on 2 assumptions, listed on its review page"
r=$(review "$OUT/stated.pdf")
[[ "$r" == *"What this preview assumes (2) • The person: placeholders"* ]] ||
    fail "the stated facts are still assumed: $r"
for phrase in "viewed or taken" "Credit monitoring" "Dates the incident" "no state" "the default"; do
    [[ "$r" != *"$phrase"* ]] || fail "the review page still assumes '$phrase'"
done
pdf_lacks "$OUT/stated.pdf" "could not determine whether"

# a recipient of the list, a complete incident: nothing assumed
EX=examples/medusind-2023
bl preview $EX/incident.xml --recipients $EX/recipients.csv --recipient MDS-000142 \
    -o "$OUT/listed.pdf"
expect_rc 0
expect_eq "$(grep -c 'assumption' "$OUT/stdout")" "0" "assumptions told"
r=$(review "$OUT/listed.pdf")
[[ "$r" == *"What this preview assumes (0) Nothing: every fact the letter rests on is stated by the incident and the list."* ]] ||
    fail "a listed recipient's review page: $r"
