# A Social Security, taxpayer, card or account number that a shifted column put where a code
# belongs is never echoed: not on stderr, not in the errors of errors.csv or of the manifest.
# Messages say '[number withheld]' instead, whichever column the number is in, the id's too. An
# id shaped like such a number is withheld in the manifest and errors.csv as well (the row's
# line joins it to the list) and never names a letter's file; check warns of such ids.
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
    assert len(rows) == (6 if "errors" in path else 9), path
    for row in rows:
        for column, value in row.items():
            if column not in ("where", "sha256") and re.search(r"\d{4}", value or ""):
                sys.exit(f"{path}: {column} '{value}'")
    withheld = [r for r in rows if r["id"] == "[number withheld]"]
    assert len(withheld) == (1 if "errors" in path else 2), (path, withheld)
PY
expect_eq "$(find "$L" -name '*4321*' -o -name '*6789*' | wc -l)" "0" "files named by a number"
expect_eq "$(find "$L" -name 'withheld-record-*.pdf' | wc -l)" "1" "the letter of an id withheld"
bl check examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv"
stdout_has "2 recipient ids of the list look like a Social Security, card or account number"
grep -q "4321\|6789" "$OUT/stdout" "$OUT/stderr" && fail "check echoes a number"
# in preview, an id shaped like an SSN that the list does not have is not echoed either
bl preview examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" \
    --recipient 123-45-6789 -o "$OUT/draft.pdf"
stderr_has "recipient '[number withheld]' is not in the list"
stderr_lacks "6789"
