# preview: a DRAFT from an almost empty incident, every missing piece marked on the page and
# listed with its file and line; the variant sheet of a list; watch mode; a diff of two drafts.
export BREACHLETTER_TODAY=2026-11-24
bl preview "$CASE/almost-empty.xml" -o "$OUT/draft.pdf"
expect_rc 0
sed -i -e "s|$CASE/|CASE/|" -e "s|$SRC/|SRC/|" "$OUT/stderr"
expect_stderr "$CASE/expect/problems.txt"
grep -q "^preview: wrote $OUT/draft.pdf (14 problems, 0 findings)$" "$OUT/stdout" ||
    fail "summary line: $(cat "$OUT/stdout")"
expect_eq "$(pdf_meta "$OUT/draft.pdf" Title)" "DRAFT - not for mailing: Notice of Data Breach" "title"
# page 1 is the review page listing the problems; the letter marks each where it stands
pdftotext -f 1 -l 1 "$OUT/draft.pdf" "$OUT/review.txt"
grep -q "Problems to fix (14)" "$OUT/review.txt" || fail "review page lacks the problem count"
pdf_has "$OUT/draft.pdf" "[organisation phone missing]" "[incident notice missing]" \
    "[incident discovered missing]" "[incident narrative missing]" "[incident actions missing]" \
    "[organisation signatory name missing]" "Acme Health" "Social Security number"
[ "$(pdftotext -raw "$OUT/draft.pdf" - | tr -d '\n' | grep -o DRAFT | wc -l)" -ge 3 ] ||
    fail "not every page is watermarked"
# an unknown field is shown, not fatal
mkdir -p "$OUT/t/us-notice"
printf '%s\n' '<letter title="T" languages="en">' \
    '<address><line><field ref="recipient.full_name"/></line></address>' \
    '<body><p>Call <field ref="org.fone"/>.</p></body></letter>' > "$OUT/t/us-notice/letter.xml"
cp "$CASE/almost-empty.xml" "$OUT/t/incident.xml"
bl preview "$OUT/t/incident.xml" -o "$OUT/unknown.pdf"
expect_rc 0
stderr_has "t/us-notice/letter.xml:3: error: unknown field 'org.fone'"
pdf_has "$OUT/unknown.pdf" "Call [unknown field: org.fone]."
# PNG pages
bl preview "$CASE/almost-empty.xml" --format png -o "$OUT/page.png"
expect_rc 0
[ -s "$OUT/page-1.png" ] && [ -s "$OUT/page-2.png" ] || fail "no PNG pages"

# the variant sheet: exactly the combinations the Medusind list has
EX=examples/medusind-2023
bl preview $EX/incident.xml --recipients $EX/recipients.csv --variants -o "$OUT/sheet.pdf"
expect_rc 0
python3 - "$EX/recipients.csv" "$OUT/stdout" templates/us-notice <<'PY' || fail "variant sheet"
import csv, glob, re, sys
named = set()
for path in glob.glob(sys.argv[3] + "/**/*.xml", recursive=True):
    for m in re.finditer(r'jurisdiction="([A-Z ]+)"', open(path, encoding="utf-8").read()):
        named.update(m.group(1).split())
want = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    key = (r["ST"] if r["ST"] in named else "", r["Letter Type"] or "adult",
           r["Language"] or "en", bool(r["Activation Code"]))
    want[key] = want.get(key, 0) + 1
got = {}
for line in open(sys.argv[2]):
    m = re.match(r"  \d+ OF \d+: (residents of .+?|other states.*?) · (\w+) · (\w+) · (with|without) enrolment code · (\d+) recipients?$", line)
    if m:
        where = m.group(1)
        got[(where, m.group(2), m.group(3), m.group(4) == "with")] = int(m.group(5))
names = {"CA": "California", "CO": "Colorado", "DC": "the District of Columbia", "IA": "Iowa",
         "IL": "Illinois", "MA": "Massachusetts", "MD": "Maryland", "NC": "North Carolina",
         "NM": "New Mexico", "NY": "New York", "OR": "Oregon", "RI": "Rhode Island",
         "WA": "Washington", "WY": "Wyoming"}
def label(key):
    return "residents of " + names[key[0]] if key[0] else None
ok = len(got) == len(want)
for key, n in want.items():
    match = [v for k, v in got.items() if k[1:] == key[1:] and
             (k[0] == label(key) if key[0] else k[0].startswith("other states"))]
    if n not in match:
        ok = False
        print("missing", key, n)
print(len(want), "variants expected,", len(got), "listed")
sys.exit(0 if ok else 1)
PY
n=$(pdftotext "$OUT/sheet.pdf" - | grep -c "VARIANT [0-9]* OF 16:")
expect_eq "$n" "16" "labelled letters in the sheet"

# two drafts: only the changed words are printed, with the words around them (e2e 103 and 104
# test the comparison and its redline further)
sed -e 's/months="24"/months="36"/' $EX/incident.xml > "$OUT/v2.xml"
bl preview "$OUT/v2.xml" --compare $EX/incident.xml -o "$OUT/redline.pdf"
expect_rc 0
grep -q "^  …we are offering you 24 → 36 months of Identity Monitoring…$" "$OUT/stdout" ||
    fail "the change in the letter"
expect_eq "$(grep -c '24 → 36 months' "$OUT/stdout")" "1" "changes (the offer, said once)"
bl preview $EX/incident.xml --compare $EX/incident.xml -o "$OUT/redline.pdf"
grep -q "the wording of the letter is the same" "$OUT/stdout" || fail "identical drafts"

# watch mode: an edit re-renders; a broken edit keeps the last good preview
cp $EX/incident.xml "$OUT/w.xml"
"$BIN" preview "$OUT/w.xml" --watch -o "$OUT/w.pdf" > "$OUT/watch.log" 2> "$OUT/watch.err" &
pid=$!
# each step waits for what the preview says it did (a line in its log), never for a time
wait_for 120 "the first preview and the watch" log_has "$OUT/watch.log" 1 '^preview: watching'
expect_eq "$(grep -c '^preview: wrote' "$OUT/watch.log")" "1" "previews before the edit"
sed -i 's/months="24"/months="30"/' "$OUT/w.xml"
wait_for 120 "a preview after the edit" log_has "$OUT/watch.log" 2 '^preview: wrote'
pdf_has "$OUT/w.pdf" "30 months of Identity Monitoring"
sed -i 's|</organisation>|</organisatio>|' "$OUT/w.xml"
wait_for 120 "the broken edit to be told" log_has "$OUT/watch.err" 1 \
    'w\.xml:.*error: opening and ending tag mismatch'
pdf_has "$OUT/w.pdf" "30 months of Identity Monitoring"
expect_eq "$(grep -c '^preview: wrote' "$OUT/watch.log")" "2" "previews written"
kill "$pid"
wait "$pid" 2>/dev/null
