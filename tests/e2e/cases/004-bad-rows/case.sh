# Bad recipient rows are rejected one by one with file:line and a reason, recorded in the
# manifest, and never stop the letters of the good rows. Nothing is lost: rows = letters + errors.
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$OUT/letters"
expect_rc 1
# the summary names the output directory, which differs per run
sed -i -e "s|$OUT|OUT|g" -e "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
L=$OUT/letters
expect_eq "$(manifest_rows "$L")" "$(csv_rows "$CASE/recipients.csv")" "manifest rows"
expect_eq "$(ls "$L"/*.pdf | wc -l)" "2" "letters made"
expect_eq "$(manifest_field "$L" MDX-2 status)" "error" "MDX-2 status"
expect_eq "$(manifest_field "$L" MDX-2 error)" "unknown state 'XX'" "MDX-2 error"
expect_eq "$(manifest_field "$L" MDX-8 error)" "row has 7 fields but the header has 11" "MDX-8"
expect_eq "$(manifest_field "$L" MDX-10 status)" "ok" "MDX-10 status"
expect_eq "$(manifest_field "$L" MDX-10 variant)" "deceased" "MDX-10 variant"
pdf_has "$L/MDX-1.pdf" "Ana Silva" "1 Elm St" "Albany, NY 12207" "Social Security number"
pdf_lacks "$L/MDX-1.pdf" "Flo Reyes" "6 Hill Rd"
pdf_has "$L/MDX-10.pdf" "To the Estate of Jo Quinn" "To the Family or Estate of Jo Quinn:"
# error messages name the recipient id and the column, never the person's data
stderr_lacks "Stone"
stderr_lacks "9730"
stderr_lacks "Hal"
# the errors file lists exactly the rows without a letter, with the list's file and line
expect_eq "$(csv_rows "$L/errors.csv")" "8" "rows in errors.csv"
expect_eq "$(python3 -c 'import csv,sys; print(" ".join(r["where"].rsplit(":",1)[1] + "=" + r["id"] for r in csv.DictReader(open(sys.argv[1]))))' "$L/errors.csv")" \
    "3=MDX-2 4=MDX-3 5=MDX-4 6=MDX-5 7=MDX-1 8=MDX-7 9=MDX-8 10=MDX-9" "errors.csv lines and ids"
