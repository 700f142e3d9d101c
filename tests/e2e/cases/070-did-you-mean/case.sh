# A column or field name that is nearly right, or another name lists use for a field, gets a
# "did you mean" naming the one meant: an unknown column of the list, a required column the
# header lacks, and an unknown field of a template.
I=examples/mednax-2020/incident.xml
sed '1s/postal_code/Zip/' examples/mednax-2020/recipients.csv >"$OUT/zip.csv"
bl check "$I" --recipients "$OUT/zip.csv"
stderr_has "zip.csv:1: warning: ignoring unknown columns 'Zip' (did you mean 'postal_code'?)"
# a list that maps the field to its own name: the hint is that name
sed '1s/ZIP/ZIP Code/' examples/medusind-2023/recipients.csv >"$OUT/zip-code.csv"
bl check examples/medusind-2023/incident.xml --recipients "$OUT/zip-code.csv"
stderr_has "zip-code.csv:1: warning: ignoring unknown columns 'ZIP Code' (did you mean 'ZIP'?)"
# a misspelt required column stops the run and names the cell it may be
sed '1s/first_name/fist_name/; 1s/last_name/Surname/' examples/mednax-2020/recipients.csv \
    >"$OUT/misspelt.csv"
bl render "$I" --recipients "$OUT/misspelt.csv" -o "$OUT/letters"
expect_rc 3
sed -i "s|$OUT/||" "$OUT/stderr"
expect_stderr "$CASE/expect/misspelt.stderr"
# an unknown cell far from every field gets no guess
sed '1s/postal_code/Plan/' examples/mednax-2020/recipients.csv >"$OUT/plan.csv"
bl check "$I" --recipients "$OUT/plan.csv"
stderr_has "plan.csv:1: warning: ignoring unknown columns 'Plan'"
stderr_lacks "did you mean"
# a template field: the name the list gives the field leads to it, as a misspelling does
mkdir -p "$OUT/data"
cp -r templates fonts "$OUT/data/"
sed -i 's|<field ref="recipient.postal_code"/></line>|<field ref="recipient.zipcode"/></line>|; s|<field ref="org.phone"/>|<field ref="org.fone"/>|' \
    "$OUT/data/templates/us-notice/letter.xml"
bl check "$I" --data-dir "$OUT/data"
expect_rc 3
stderr_has "error: unknown field 'recipient.zipcode'; did you mean 'recipient.postal_code'?"
stderr_has "error: unknown field 'org.fone'; did you mean 'org.phone'?"
