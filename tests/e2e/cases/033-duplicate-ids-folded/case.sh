# Recipient ids that differ only in case ("ABC-1", "abc-1") or in Unicode form ("José" with a
# precomposed é or an e and a combining accent) are one id: the rows after the first are
# rejected as duplicates, as an id repeated byte for byte is, and get no letter. The workers of
# render know them from the check's pass over the list.
L=$OUT/letters
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$L" --jobs 2
expect_rc 1
sed -i -e "s|$OUT|OUT|g" -e "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
expect_eq "$(manifest_rows "$L")" "6" "manifest rows"
expect_eq "$(manifest_field "$L" ABC-1 status)" "ok" "ABC-1 status"
expect_eq "$(manifest_field "$L" abc-1 status)" "error" "abc-1 status"
expect_eq "$(manifest_field "$L" abc-1 error)" "duplicate recipient id 'abc-1' (first on line 2)" \
    "abc-1 error"
expect_eq "$(manifest_field "$L" "Jose$(printf '\xcc\x81')" error)" \
    "duplicate recipient id 'Jose$(printf '\xcc\x81')' (first on line 3)" "José (NFD) error"
expect_eq "$(manifest_field "$L" Jose status)" "ok" "Jose status"
expect_eq "$(find "$L" -name '*.pdf' | wc -l)" "3" "letters made"
expect_eq "$(csv_rows "$L/errors.csv")" "3" "rows in errors.csv"
# the check counts the rows of the list the same way
bl check examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r["valid"] != 3 or r["rejected"] != 3)' \
    "$OUT/stdout" || fail "check does not count 3 valid and 3 rejected rows"
