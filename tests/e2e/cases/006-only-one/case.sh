# --only renders one person's letter: one file, one manifest row; an unknown id is an error.
bl render examples/medusind-2023/incident.xml --recipients examples/medusind-2023/recipients.csv \
    -o "$OUT/one" --only MDS-000226 --quiet
expect_rc 0
expect_eq "$(ls "$OUT/one")" "$(printf 'MDS-000226.pdf\nerrors.csv\nmanifest.csv\nmanifest.run.json')" "files"
expect_eq "$(manifest_rows "$OUT/one")" "1" "manifest rows"
pdf_has "$OUT/one/MDS-000226.pdf" "Chloé Lefèvre" "San Francisco, CA 94110" "Passport number" \
    "This notice was not delayed by a law enforcement investigation."
pdf_page_numbers "$OUT/one/MDS-000226.pdf"
bl render examples/medusind-2023/incident.xml --recipients examples/medusind-2023/recipients.csv \
    -o "$OUT/none" --only NOBODY --quiet
expect_rc 1
stderr_has "examples/medusind-2023/recipients.csv: error: recipient 'NOBODY' is not in the list"
# other rows' problems are not reported when one letter is asked for; the row's own are
bl render examples/mednax-2020/incident.xml --recipients tests/e2e/cases/004-bad-rows/recipients.csv \
    -o "$OUT/quiet" --only MDX-10 --quiet
expect_rc 0
expect_eq "$(cat "$OUT/stderr")" "" "stderr of --only on a list with bad rows"
bl render examples/mednax-2020/incident.xml --recipients tests/e2e/cases/004-bad-rows/recipients.csv \
    -o "$OUT/bad" --only MDX-5 --quiet
expect_rc 1
expect_eq "$(cat "$OUT/stderr")" "tests/e2e/cases/004-bad-rows/recipients.csv:6: error: postal code is not a US ZIP code (12345 or 12345-6789) (recipient 'MDX-5')" "stderr of --only on a bad row"
# a letter made alone is byte for byte the one made in a whole run (the layouts of fixed text
# are reused within a run, and must change nothing)
bl render examples/medusind-2023/incident.xml --recipients examples/medusind-2023/recipients.csv \
    -o "$OUT/all" --quiet
cmp -s "$OUT/one/MDS-000226.pdf" "$OUT/all/MDS-000226.pdf" || fail "--only letter differs from the run's"
expect_eq "$(manifest_field "$OUT/one" MDS-000226 sha256)" "$(manifest_field "$OUT/all" MDS-000226 sha256)" "hashes"
