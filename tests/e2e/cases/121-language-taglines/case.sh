# The language-assistance insert: with <language-assistance/> in the incident, a letter ends
# with a page of taglines, in the languages templates/us-notice/taglines.xml lists for the
# recipient's state, the organisation's phone in each; a state with no list gets no page, and
# an incident without the element none at all. The page reads back as the data (pdftotext),
# every glyph in an embedded Noto face (pdffonts; a character without a face would have
# refused the letter). pdftotext breaks some scripts in its own ways: it puts spaces inside
# words of Devanagari, Gurmukhi, Thai, Arabic and Korean punctuation, moves a Khmer vowel sign
# written below the line to the next line, and mixes up the order of the pieces of a
# right-to-left line. The comparison drops white space and bidi marks; for the taglines in a
# right-to-left script and in Khmer it compares the characters (as a multiset), not their
# order. Latin, Greek, Cyrillic, Armenian, Chinese, Japanese, Korean, Devanagari, Gurmukhi and
# Thai are compared in order.
# under LeakSanitizer, cairo's leak in subsetting the CJK faces is suppressed as well
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp"
fi
LIST=$CASE/list.csv
INC=$OUT/incident.xml
sed 's|</incident>|  <language-assistance/>\n</incident>|' examples/mednax-2020/incident.xml >"$INC"
cp examples/mednax-2020/*.png "$OUT/" 2>/dev/null
bl check "$INC" --recipients "$LIST"
stderr_lacks "error:"
bl render "$INC" --recipients "$LIST" -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters
for id in T-CA T-TX; do
    n=$(pdf_pages "$L/$id.pdf")
    expect_eq "$(pdftotext -f "$n" -l "$n" "$L/$id.pdf" - | grep -c 'Free help in your language')" 1 \
        "$id: the taglines' heading on the last page"
    pdf_fonts_bundled "$L/$id.pdf"
done
expect_eq "$(pdf_pages "$L/T-OR.pdf")" 4 "a state with no list: no taglines page"
pdf_lacks "$L/T-OR.pdf" "Free help in your language"
python3 - "$L" "$INC" templates/us-notice/taglines.xml <<'PY' || fail "the taglines do not read back as the data"
import collections, re, subprocess, sys, unicodedata
import xml.etree.ElementTree as ET
out, incident, data = sys.argv[1:4]
phone = ET.parse(incident).getroot().find("organisation/phone").text.strip()
root = ET.parse(data).getroot()
texts = {}
for t in root.findall("tagline"):
    parts = [t.text or ""]
    for c in t:
        parts.append(phone + (c.tail or ""))
    texts[t.get("lang")] = " ".join("".join(parts).split())
MARKS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
def squeeze(s):
    return "".join(c for c in s if not c.isspace() and c not in MARKS)
def unordered(s):
    return any(unicodedata.bidirectional(c) in ("R", "AL") or 0x1780 <= ord(c) <= 0x17FF for c in s)
bad = 0
for state in ("CA", "TX"):
    langs = root.find("state[@code='%s']" % state).get("languages").split()
    assert len(langs) == 15, langs
    pdf = "%s/T-%s.pdf" % (out, state)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    page = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(pages), "-l", str(pages), pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = squeeze(page)
    pool = collections.Counter(flat)
    rest = flat
    for lang in langs:
        want = squeeze(texts[lang])
        if unordered(texts[lang]):
            need = collections.Counter(want)
            if need - pool:
                print("%s %s: characters missing: %r" % (state, lang, "".join((need - pool).elements())))
                bad += 1
            pool -= need
        elif want not in rest:
            print("%s %s: %r not on the page" % (state, lang, texts[lang]))
            bad += 1
        else:
            rest = rest.replace(want, "", 1)
            pool -= collections.Counter(want)
    # nothing else on the page but the heading, the running header and the page number
    left = "".join(sorted(pool.elements()))
    allowed = collections.Counter(squeeze("Free help in your language MEDNAX · Reference T-%s Page %d of %d" % (state, pages, pages)))
    extra = collections.Counter(left) - allowed
    if extra:
        print("%s: text on the page that no tagline has: %r" % (state, "".join(extra.elements())))
        bad += 1
sys.exit(1 if bad else 0)
PY
# without <language-assistance/>, no taglines page
bl render examples/mednax-2020/incident.xml --recipients "$LIST" -o "$OUT/plain" --quiet
expect_rc 0
expect_eq "$(pdf_pages "$OUT/plain/T-CA.pdf")" 4 "no insert unless the incident asks"
pdf_lacks "$OUT/plain/T-CA.pdf" "Free help in your language"
