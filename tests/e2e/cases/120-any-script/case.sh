# Names and addresses in any script: Chinese, Arabic, Devanagari, Hebrew, Thai, Japanese,
# Korean, Vietnamese, Greek, Cyrillic and Latin with diacritics are printed in the address block
# and the salutation in the shipped faces (pdffonts: all embedded, all Noto), read back
# (pdftotext) as the list has them; right-to-left lines stay at the window's left edge. A
# character no font has (an emoji, Linear B) is not printed as a box: check flags the row
# (field and code point), render makes no letter for it and the manifest says why.
# pdftotext marks right-to-left text with U+202B...U+202C and may put a space inside an Arabic
# word where a letter does not join the next (ا ل): the comparison drops those marks, and the
# spaces of lines in a right-to-left script; nothing else is normalised.
# under LeakSanitizer, cairo's leak in subsetting the CJK faces is suppressed as well
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp"
fi
LIST=$CASE/list.csv
INC=examples/mednax-2020/incident.xml
bl check $INC --recipients "$LIST"
expect_rc 1
stderr_has "list.csv:13: error: field 'first_name' has U+1F600, a character no font of the letters has (it would print as an empty box): render refuses the letter (recipient 'S-12')"
stderr_has "list.csv:14: error: field 'address1' has U+10000, a character no font of the letters has"
stdout_has "2 with a character no font has, whose letters render refuses"
stderr_lacks "Smile"
bl render $INC --recipients "$LIST" -o "$OUT/letters"
expect_rc 1
L=$OUT/letters
stderr_has "list.csv:13: error: field 'first_name' has U+1F600, a character no font of the letters has (it would print as an empty box) (recipient 'S-12')"
stderr_has "13 input rows = 11 letters + 2 errors"
expect_eq "$(manifest_field "$L" S-12 status)" "error" "S-12 status"
expect_eq "$(manifest_field "$L" S-12 error)" "field 'first_name' has U+1F600, a character no font of the letters has (it would print as an empty box)" "S-12 reason"
expect_eq "$(manifest_field "$L" S-13 status)" "error" "S-13 status"
[ -f "$L/S-12.pdf" ] && fail "a letter with a character no font has"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
    expect_eq "$(manifest_field "$L" S-$i status)" "ok" "S-$i status"
    pdf_fonts_bundled "$L/S-$i.pdf"
done
python3 - "$L" "$LIST" <<'PY' || fail "a name does not read back as written"
import csv, re, subprocess, sys, unicodedata
out, listing = sys.argv[1], sys.argv[2]
MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
def rtl(s):
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in s)
def norm(s):
    s = s.translate(MARKS)
    return s.replace(" ", "") if rtl(s) else s
bad = 0
with open(listing, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["id"] in ("S-12", "S-13"):
            continue
        pdf = "%s/%s.pdf" % (out, row["id"])
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [norm(l) for l in text.split("\n")]
        name = "%s %s" % (row["first_name"], row["last_name"])
        # CJK names: pdftotext joins ideographs without the space between them
        want = [norm(name), norm(name).replace(" ", "")]
        if not any(l in want for l in lines):
            print("%s: no address line reads %r: %r" % (row["id"], name, lines[:12]))
            bad += 1
        if not any(l in ("Dear %s:" % w for w in want) or
                   (rtl(name) and l == norm("Dear%s:" % name)) for l in lines):
            print("%s: no salutation 'Dear %s:'" % (row["id"], name))
            bad += 1
        if row["address2"] and norm(row["address2"]) not in lines:
            print("%s: no line reads %r" % (row["id"], row["address2"]))
            bad += 1
sys.exit(1 if bad else 0)
PY
# right-to-left lines start where the others do: at the window's left edge (0.75 in + 0 in)
python3 - "$L" <<'PY' || fail "an address line is not at the window's left edge"
import re, subprocess, sys
for id in ("S-2", "S-4"):
    html = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", "%s/%s.pdf" % (sys.argv[1], id), "-"],
                          capture_output=True, text=True).stdout
    lefts = [float(x) for x, y in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)"', html)
             if 150 <= float(y) < 216]
    if len(lefts) < 3 or max(lefts) - min(lefts) > 1.0:
        sys.exit("%s: address lines start at %s" % (id, lefts))
PY
