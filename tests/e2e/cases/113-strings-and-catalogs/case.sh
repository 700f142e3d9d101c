# 'breachletter strings' writes the template's texts and the incident's words as a PO template
# that gettext's own tools read; every shipped catalog is a valid PO file (msgfmt -c) and, with
# the incident's catalog, translates every text of the .pot (msgcmp, which knows nothing of
# breachletter).
EX=examples/medusind-2023
bl strings $EX/incident.xml
cp "$OUT/stdout" "$OUT/messages.pot"
expect_rc 0
stdout_has 'msgid "Dear {recipient.first_name} {recipient.last_name}:"'
stdout_has 'msgid_plural "To help protect your identity, we are offering you {monitoring.months} months'
stdout_has 'msgctxt "contact"'
stdout_has '#: letter.xml:'
stdout_has "#. incident.narrative"
msgfmt -c -o /dev/null "$OUT/messages.pot" 2>"$OUT/err" || fail "msgfmt rejects the .pot: $(cat "$OUT/err")"
for po in templates/us-notice/po/*.po; do
    lang=$(basename "$po" .po)
    msgfmt -c -o /dev/null "$po" 2>"$OUT/err" || fail "msgfmt rejects $po: $(cat "$OUT/err")"
    msgfmt -c -o /dev/null "$EX/po/$lang.po" || fail "msgfmt rejects $EX/po/$lang.po"
    msgcat --use-first "$po" "$EX/po/$lang.po" -o "$OUT/$lang.po" || fail "msgcat $lang"
    msgcmp "$OUT/$lang.po" "$OUT/messages.pot" 2>"$OUT/err" ||
        fail "$po lacks texts of the template: $(head -5 "$OUT/err")"
done
# the check is honest: a catalog without one text fails it
sed 's/^msgstr "Qué sucedió"$/msgstr ""/' "$OUT/es.po" >"$OUT/less.po"
cmp -s "$OUT/es.po" "$OUT/less.po" && fail "the text to leave out is not in the catalog"
msgcmp "$OUT/less.po" "$OUT/messages.pot" 2>/dev/null && fail "msgcmp passed a catalog lacking a text"
