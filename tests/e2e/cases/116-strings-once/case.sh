# `strings` defines each message once, as a .pot must (msgfmt rejects a message defined twice):
# an incident's own words that are also a text of the template (MEDNAX's covered entity
# "provides services to", which letter.xml says too) are one message, the template's, with the
# incident's field noted on it; words two fields of the incident share are one message noted
# with both. Checked for every example, by parsing the .pot and with gettext's msgfmt.
for inc in examples/*/incident.xml; do
    bl strings "$inc"
    expect_rc 0
    cp "$OUT/stdout" "$OUT/messages.pot"
    python3 - "$OUT/messages.pot" <<'PY' || fail "$inc: a message is defined twice"
import re, sys
seen, bad, ctx, cur = set(), [], None, None
lines = open(sys.argv[1], encoding="utf-8").read().split("\n") + [""]
for i, line in enumerate(lines):
    if line.startswith("msgctxt "):
        ctx = line[8:]
    elif line.startswith("msgid "):
        cur = line[6:]
        j = i + 1
        while lines[j].startswith('"'):
            cur += lines[j]
            j += 1
        key = (ctx, cur)
        if key in seen and cur != '""':
            bad.append(cur)
        seen.add(key)
        ctx = None
for b in bad:
    print("defined twice:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    if command -v msgfmt >/dev/null; then
        msgfmt -c -o /dev/null "$OUT/messages.pot" 2>"$OUT/err" ||
            fail "$inc: msgfmt rejects the .pot: $(grep -v warning "$OUT/err")"
    fi
done
bl strings examples/mednax-2020/incident.xml
expect_rc 0
# the template's message, with the incident's field noted on it and where the template has it
tr '\n' '|' <"$OUT/stdout" | grep -qE '#\. entity\.relationship\|#: letter\.xml:[0-9]+\|msgid "provides services to"\|' ||
    fail "'provides services to' is not the template's message noted with entity.relationship"
expect_eq "$(grep -c '^msgid "provides services to"$' "$OUT/stdout")" "1" "'provides services to' once"
