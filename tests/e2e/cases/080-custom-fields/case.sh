# Columns of the list that the incident declares in <recipient-fields> print each person's own
# values (a code kept whole, a date in the letter's format, a value escaped like any other); a
# row without a required one, or with a date that is none, is rejected with its reason; a list
# without a required column, and a template naming a column not declared, stop before the
# first letter; a specimen shows each field's label.
EX=examples/mednax-2020
mkdir -p "$OUT/data" "$OUT/inc"
cp -r templates fonts "$OUT/data/"
# the shipped letter with a paragraph of the declared fields after its title
sed -i "/<title>Notice of Data Breach<\/title>/r $CASE/paragraph.xml" \
    "$OUT/data/templates/us-notice/letter.xml"
sed "/<\/incident>/{
r $CASE/fields.xml
a </incident>
d
}" $EX/incident.xml >"$OUT/inc/incident.xml"
I=$OUT/inc/incident.xml

bl render "$I" --recipients "$CASE/recipients.csv" -o "$OUT/letters" --data-dir "$OUT/data"
expect_rc 1
L=$OUT/letters
stderr_has "recipients.csv:1: warning: ignoring unknown columns 'Notes'"
expect_eq "$(grep -c "ignoring unknown columns" "$OUT/stderr")" "1" "warnings of unknown columns"
pdf_in_order "$L/MDX-004519.pdf" "Notice of Data Breach" \
    "Your patient portal username is lucia.v, for the account ending in 4821. Your last visit was on May 4, 2020. Practice reference: QF-2231." \
    "Dear Parent or Guardian of Lucía Villanueva:"
pdf_has "$L/MDX-004527.pdf" "Your patient portal username is <patrick&co>."
pdf_lacks "$L/MDX-004527.pdf" "account ending in" "Your last visit" "Practice reference"
pdf_has "$L/MDX-004548.pdf" \
    "Your patient portal username is noah.a, for the account ending in 0007. Your last visit was on December 1, 2019."
pdf_lacks "$L/MDX-004548.pdf" "lucia.v" "4821" "QF-2231"
expect_eq "$(manifest_field "$L" MDX-004540 status)" "error" "row without a username"
expect_eq "$(manifest_field "$L" MDX-004540 error)" "column 'username' is empty" "its reason"
expect_eq "$(manifest_field "$L" MDX-004584 error)" \
    "column 'last_visit' is not a YYYY-MM-DD date" "row with a date that is none"
grep -q "column 'username' is empty" "$L/errors.csv" || fail "errors.csv lacks the empty username"
# messages name the column, never a person's value
stderr_lacks "2020-02-30"
stderr_lacks "cwh3"
for pdf in "$L"/*.pdf; do
    pdf_fonts_bundled "$pdf"
done

# an XML list gives the fields as elements
bl render "$I" --recipients "$CASE/recipients.xml" -o "$OUT/xml" --data-dir "$OUT/data" --quiet
expect_rc 0
pdf_has "$OUT/xml/MDX-X1.pdf" \
    "Your patient portal username is rokonkwo, for the account ending in 5150. Your last visit was on March 17, 2020."

# a list without the required column stops before the first letter
cut -d, -f1-19 "$CASE/recipients.csv" >"$OUT/no-username.csv"
bl render "$I" --recipients "$OUT/no-username.csv" -o "$OUT/none" --data-dir "$OUT/data"
expect_rc 3
sed -i "s|$OUT/||" "$OUT/stderr"
expect_stderr "$CASE/expect/no-username.stderr"
[ ! -e "$OUT/none" ] || fail "an output directory was made for a list without a required column"

# the specimen for attorneys general shows the labels, not a person's values
bl notice "$I" --kind specimen -o "$OUT/specimen.pdf" --data-dir "$OUT/data" --quiet
expect_rc 0
pdf_has "$OUT/specimen.pdf" \
    "Your patient portal username is [Username], for the account ending in [Last 4]. Your last visit was on [Date of Last Visit]. Practice reference: [practice ref]."

# without the declaration the same template names an unknown field, with its file and line
bl check "$EX/incident.xml" --data-dir "$OUT/data"
expect_rc 3
# the paragraph is on the line after the shipped letter's title
title_line=$(($(grep -n "<title>Notice of Data Breach</title>" templates/us-notice/letter.xml | cut -d: -f1) + 1))
stderr_has "templates/us-notice/letter.xml:$title_line: error: unknown field 'recipient.username' (to print a column of the list, declare it in the incident's <recipient-fields>)"
