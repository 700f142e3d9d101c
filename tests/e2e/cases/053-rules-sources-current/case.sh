# docs/rules-sources.md lists every rule of the rules file with its version dates and its
# primary citation: the table is made from the file, and it must be the one the file makes now.
python3 docs/rules-sources-table.py --check 2>"$OUT/stderr" || fail "$(cat "$OUT/stderr")"
# every rule of the file is a row (the rules with a cite, the holiday calendars)
rules=$(python3 -c '
import xml.etree.ElementTree as ET
r = ET.parse("templates/rules/jurisdictions.xml").getroot()
print(sum(1 for j in r.findall("jurisdiction") for e in j if e.get("cite") is not None)
      + len(r.findall("holidays")))')
grep -qF "$rules rules; " docs/rules-sources.md || fail "the table does not count $rules rules"
grep -qF "| CA | letters: 30 days | from 2026-01-01 | Cal. Civ. Code 1798.82(a)(2), (c) (SB 446, Stats. 2025) |" \
    docs/rules-sources.md || fail "California's 30 days not listed with its version and citation"
grep -qF "| US | US federal holidays | always | 5 U.S.C. 6103(a), (b); Executive Order 11582 |" \
    docs/rules-sources.md || fail "the federal holidays not listed"
