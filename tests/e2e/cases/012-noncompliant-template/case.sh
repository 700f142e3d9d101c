# A deliberately non-compliant template is caught: check names each broken rule with its
# source, render refuses exactly the letters concerned (Kansas sets no content rule this
# template breaks; Massachusetts law owes no notice to NC-4, whose health insurance data is not
# personal information under M.G.L. c. 93H, 1, so its rules do not stop that letter) and
# --allow-draft marks them DRAFT.
export BREACHLETTER_TODAY=2026-11-24
bl check "$CASE/incident.xml" --recipients "$CASE/recipients.csv" --json
expect_rc 5
python3 - "$OUT/stdout" <<'PY' || fail "findings differ"
import json, sys
r = json.load(open(sys.argv[1]))
got = {(f["jurisdiction"], f["rule"]) for f in r["findings"] if f["severity"] == "error"}
want = {("CA", "ca-title"), ("CA", "ca-headings"), ("MA", "ma-count"),
        ("MA", "ma-police-report"), ("MA", "ma-freeze")}
missing = want - got
print("missing findings:", missing) if missing else None
assert not r["compliant"]
cite = {f["rule"]: f["cite"] for f in r["findings"]}
assert cite["ca-headings"].startswith("Cal. Civ. Code 1798.82"), cite["ca-headings"]
assert cite["ma-count"].startswith("M.G.L. c. 93H"), cite["ma-count"]
sys.exit(1 if missing else 0)
PY
bl check "$CASE/incident.xml" --recipients "$CASE/recipients.csv"
grep -q "error    CA     the letter lacks the five headings of the model form" "$OUT/stdout" ||
    grep -q "error    CA     the letter lacks" "$OUT/stdout" || fail "no CA finding in the text report"
grep -q "NOT COMPLIANT" "$OUT/stdout" || fail "not reported non-compliant"
bl render "$CASE/incident.xml" --recipients "$CASE/recipients.csv" -o "$OUT/letters" --quiet
expect_rc 5
expect_eq "$(manifest_field "$OUT/letters" NC-1 status)" "refused" "CA letter"
expect_eq "$(manifest_field "$OUT/letters" NC-2 status)" "refused" "MA letter"
expect_eq "$(manifest_field "$OUT/letters" NC-3 status)" "ok" "KS letter"
expect_eq "$(manifest_field "$OUT/letters" NC-4 status)" "ok" "MA letter owed no notice under MA law"
[ ! -e "$OUT/letters/NC-1.pdf" ] && [ ! -e "$OUT/letters/NC-2.pdf" ] || fail "refused letters written"
pdf_has "$OUT/letters/NC-3.pdf" "Cy Yu"
stderr_has "error: CA ca-headings: the letter lacks"
bl render "$CASE/incident.xml" --recipients "$CASE/recipients.csv" -o "$OUT/drafts" --quiet --allow-draft
expect_rc 0
expect_eq "$(pdf_meta "$OUT/drafts/NC-2.pdf" Title)" "DRAFT - not for mailing: Important Notice" "draft"
expect_eq "$(manifest_field "$OUT/drafts" NC-1 status)" "draft" "CA draft"
