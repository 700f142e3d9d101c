# preview --compare shows what changed in the wording word by word, each change with the words
# around it under the heading of its section: a number replaced ("24 → 36 months"), a phone
# number, a sentence reworded, a paragraph added and one removed whole. The whole output is a
# golden (expect/stdout); its redline is e2e 104's.
export BREACHLETTER_TODAY=2026-11-24
EX=examples/medusind-2023
sed -e 's/months="24"/months="36"/' \
    -e 's/>1-855-555-0142</>1-855-555-0199</' \
    -e 's/some of our computer systems, which hold/several of our systems, which keep/' \
    -e 's|\(<action>We took the affected systems offline.*</action>\)|\1<action>We hired an outside firm to test our systems every quarter.</action>|' \
    -e '/<action>We reviewed the files involved/d' \
    $EX/incident.xml >"$OUT/v2.xml"
bl preview "$OUT/v2.xml" --compare $EX/incident.xml -o "$OUT/redline.pdf"
expect_rc 0
expect_eq "$(cat "$OUT/stderr")" "" "stderr"
sed -i "s|$OUT/|OUT/|g" "$OUT/stdout"
if [ "${BL_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$OUT/stdout" "$CASE/expect/stdout"
fi
diff -u "$CASE/expect/stdout" "$OUT/stdout" >&2 || fail "stdout differs from expect/stdout"
# the example of the issue, whatever else the golden holds
grep -qx "  …we are offering you 24 → 36 months of Identity Monitoring…" "$OUT/stdout" ||
    fail "no '24 → 36 months' with its context"
grep -qx "+ We hired an outside firm to test our systems every quarter." "$OUT/stdout" ||
    fail "the added paragraph is not shown whole"
grep -qx -- "- We reviewed the files involved to identify the people and the practices whose information they contained, so that we could notify them." \
    "$OUT/stdout" || fail "the removed paragraph is not shown whole"

# the other way round, every change is reversed
bl preview $EX/incident.xml --compare "$OUT/v2.xml" -o "$OUT/back.pdf"
expect_rc 0
grep -qx "  …we are offering you 36 → 24 months of Identity Monitoring…" "$OUT/stdout" ||
    fail "the reverse comparison"
expect_eq "$(grep -c '^[-+] ' "$OUT/stdout")" "2" "paragraphs added or removed whole"

# the same file twice
bl preview $EX/incident.xml --compare $EX/incident.xml -o "$OUT/same.pdf"
expect_rc 0
expect_eq "$(sed -n 3p "$OUT/stdout")" "(the wording of the letter is the same)" "same wording"
stdout_has "preview: wrote the redline to $OUT/same.pdf (0 changes)"

# a draft that cannot be read is told as such, and nothing is written
printf '<incident>' >"$OUT/broken.xml"
bl preview "$OUT/broken.xml" --compare $EX/incident.xml -o "$OUT/none.pdf"
expect_rc 3
stderr_has "broken.xml"
[ ! -e "$OUT/none.pdf" ] || fail "a redline of a broken draft was written"
