# A catalog that lacks a text: check reports the text, where it stands and the catalog; render
# refuses the letters in that language, saying the same, and makes the others; the manifest has
# a row for every recipient. No letter is half in English.
export BREACHLETTER_TODAY=2025-01-06
EX=examples/medusind-2023
D=$OUT/data
mkdir -p "$D"
cp -r "$SRC/templates" "$D/templates"
ln -s "$SRC/fonts" "$D/fonts"
python3 - "$D/templates/us-notice/po/es.po" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = 'msgid "What We Are Doing"\nmsgstr "Qué estamos haciendo"\n'
assert old in s
open(p, "w", encoding="utf-8").write(s.replace(old, 'msgid "What We Are Doing"\nmsgstr ""\n'))
PY
head -3 $EX/recipients.csv >"$OUT/two.csv"
sed -i '3s/,en,adult,/,es,adult,/' "$OUT/two.csv"
grep -q ',es,adult,' "$OUT/two.csv" || fail "no Spanish row in the list"
bl check $EX/incident.xml --recipients "$OUT/two.csv" --data-dir "$D"
stdout_has "the letter in 'es' cannot be made: the text 'What We Are Doing'"
stdout_has "has no translation in"
stdout_has "us-notice/po/es.po"
bl render $EX/incident.xml --recipients "$OUT/two.csv" --data-dir "$D" -o "$OUT/l" --quiet
expect_rc 5
[ -f "$OUT/l/MDS-000123.pdf" ] || fail "the English letter was not made"
[ -f "$OUT/l/MDS-000131.pdf" ] && fail "the Spanish letter was made without its heading"
expect_eq "$(manifest_field "$OUT/l" MDS-000131 status)" "refused" "the Spanish row"
manifest_field "$OUT/l" MDS-000131 error | grep -q "the text 'What We Are Doing' (.*letter.xml:[0-9]*) has no translation in .*es.po" ||
    fail "the manifest does not say which text is missing"
expect_eq "$(manifest_field "$OUT/l" MDS-000123 status)" "ok" "the English row"
