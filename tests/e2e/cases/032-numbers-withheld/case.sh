# A Social Security, taxpayer, card or account number that a shifted column put where a code
# belongs is never echoed: not on stderr, not in the errors of errors.csv or of the manifest.
# Messages say '[number withheld]' instead, whichever column the number is in, the id's too
# (the id column of the manifest keeps the id as given: it is the key rows are matched by).
L=$OUT/letters
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$L"
expect_rc 1
sed -i -e "s|$OUT|OUT|g" -e "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
for number in 6789 1111 1120 3456 4321; do
    stderr_lacks "$number"
done
expect_eq "$(manifest_field "$L" MDX-2 error)" \
    "category '[number withheld]' is not one of the incident's categories" "MDX-2 error"
expect_eq "$(manifest_field "$L" MDX-4 error)" \
    "unknown variant '[number withheld]' (adult, minor or deceased)" "MDX-4 error"
expect_eq "$(manifest_field "$L" MDX-8 status)" "ok" "MDX-8 status"
python3 - "$L/errors.csv" "$L/manifest.csv" <<'PY' || fail "a number shows in the manifest"
import csv, re, sys
for path in sys.argv[1:]:
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    assert len(rows) == (6 if "errors" in path else 8), path
    for row in rows:
        for column, value in row.items():
            if column not in ("id", "where", "sha256") and re.search(r"\d{4}", value or ""):
                sys.exit(f"{path}: {column} '{value}'")
PY
# in preview, an id shaped like an SSN that the list does not have is not echoed either
bl preview examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" \
    --recipient 123-45-6789 -o "$OUT/draft.pdf"
stderr_has "recipient '[number withheld]' is not in the list"
stderr_lacks "6789"
