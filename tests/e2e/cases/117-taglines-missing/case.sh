# The language-assistance taglines asked for and not printed are said, never left silent: the
# taglines data (templates/us-notice/taglines.xml) has lists for a few states only, and a letter
# to a resident of another state is made without the taglines page. check warns, naming those
# states with their letters, most first; render warns the same once, and the manifest row of
# each such letter notes it (in its message column); a letter of a state with a list notes
# nothing and has the page.
# under LeakSanitizer, cairo's leak in subsetting the CJK faces (California's taglines) is
# suppressed as well
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp:print_suppressions=0"
fi
LIST=$CASE/list.csv
INC=$OUT/incident.xml
sed 's|</incident>|  <language-assistance/>\n</incident>|' examples/mednax-2020/incident.xml >"$INC"
cp examples/mednax-2020/*.png "$OUT/" 2>/dev/null
WARN="the incident asks for language-assistance taglines, but the taglines data has no list of languages for OR (2 recipients) and MA (1): their letters are made without the taglines page; add a <state> list of the languages most spoken by people of limited English proficiency in each state (45 CFR 92.11 asks for at least 15)"
bl check "$INC" --recipients "$LIST"
expect_rc 0
stdout_has "$WARN"
stdout_has "templates/us-notice/taglines.xml; 3 recipients"
bl check "$INC" --recipients "$LIST" --json
python3 - "$OUT/stdout" <<'PY' || fail "check --json has no taglines-missing finding for 3 recipients"
import json, sys
d = json.load(open(sys.argv[1]))
f = [f for f in d["findings"] if f["rule"] == "taglines-missing"]
sys.exit(0 if len(f) == 1 and f[0]["severity"] == "warning" and f[0]["recipients"] == 3 else 1)
PY
bl render "$INC" --recipients "$LIST" -o "$OUT/letters"
expect_rc 0
stderr_has "$LIST: warning: $WARN"
expect_eq "$(grep -c 'language-assistance taglines' "$OUT/stderr")" "1" "one warning for the run"
M=$OUT/letters
for id in T-OR T-OR2 T-MA; do
    st=$(grep -o ',[A-Z][A-Z],adult' <<<"$(grep ",$id," "$M/manifest.csv")" | cut -c2-3)
    expect_eq "$(manifest_field "$M" "$id" error)" \
        "no language-assistance taglines: the taglines data has no list for $st" "$id's note"
    expect_eq "$(manifest_field "$M" "$id" status)" "ok" "$id is made"
    pdf_lacks "$M/$id.pdf" "Free help in your language"
done
expect_eq "$(manifest_field "$M" T-CA error)" "" "T-CA notes nothing"
pdf_has "$M/T-CA.pdf" "Free help in your language"
# without <language-assistance/>, nothing is asked, nothing is said
bl check examples/mednax-2020/incident.xml --recipients "$LIST"
expect_rc 0
grep -q "language-assistance" "$OUT/stdout" && fail "check warns of taglines the incident does not ask for"
