# "-" is standard input for the incident or the list, and standard output for a notice's or a
# preview's PDF: a list piped from gpg, age or psql is held in memory (a sealed anonymous file,
# never on a disk) and gives the letters, manifest and errors of the same list read from a file;
# messages call it "standard input".
I=examples/mednax-2020/incident.xml
BAD=tests/e2e/cases/004-bad-rows/recipients.csv
MEDUSIND=examples/medusind-2023
"$BIN" render "$I" --recipients "$BAD" -o "$OUT/file" -q 2>/dev/null
for jobs in 1 2; do
    cat "$BAD" | "$BIN" render "$I" --recipients - -o "$OUT/piped-$jobs" --jobs "$jobs" \
        >"$OUT/stdout" 2>"$OUT/stderr"
    RC=$?
    expect_rc 1
    for f in manifest.csv MDX-1.pdf MDX-10.pdf; do
        cmp -s "$OUT/file/$f" "$OUT/piped-$jobs/$f" || fail "--jobs $jobs: $f differs from the run of the file"
    done
    expect_eq "$(sed "s|^$BAD:|standard input:|" "$OUT/file/errors.csv")" \
        "$(cat "$OUT/piped-$jobs/errors.csv")" "--jobs $jobs: errors.csv"
    stderr_has "standard input:3: error: unknown state 'XX' (recipient 'MDX-2')"
    stderr_lacks "/proc/"
done
# print books, and the incident piped in instead
"$BIN" render "$MEDUSIND/incident.xml" --recipients "$MEDUSIND/recipients.csv" -o "$OUT/books" \
    --book=10 -q
cat "$MEDUSIND/recipients.csv" | "$BIN" render "$MEDUSIND/incident.xml" --recipients - \
    -o "$OUT/books-piped" --book=10 -q
diff -r "$OUT/books" "$OUT/books-piped" >/dev/null || fail "books from standard input differ"
cat "$MEDUSIND/incident.xml" | "$BIN" render - --recipients "$MEDUSIND/recipients.csv" \
    -o "$OUT/incident-piped" --book=10 -q
diff -r "$OUT/books" "$OUT/incident-piped" >/dev/null || fail "the incident from standard input differs"

# held in memory while the run goes on, never in a file
python3 - "$MEDUSIND/recipients.csv" "$OUT/long.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
out = [rows[0]] + [[("%s-%d" % (r[0], i))] + r[1:] for i in range(8) for r in rows[1:]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
some_letters() { [ "$(find "$OUT/held" -name '*.pdf' 2>/dev/null | wc -l)" -ge 3 ]; }
setsid "$BIN" render "$MEDUSIND/incident.xml" --recipients - -o "$OUT/held" --jobs 1 -q \
    <"$OUT/long.csv" 2>/dev/null &
pid=$!
if hold "$pid" "3 letters" some_letters; then
    ls -l /proc/"$pid"/fd/ 2>/dev/null | grep -q "memfd:breachletter-stdin" ||
        fail "the list is not held in an anonymous file in memory: $(ls -l /proc/"$pid"/fd/)"
fi
kill -CONT -- "-$pid" 2>/dev/null
wait "$pid"
expect_eq "$?" "0" "the run of a list held in memory"

# check, report and manifest merge read it too
bl check "$I" --recipients "$BAD"
cp "$OUT/stdout" "$OUT/check-file"
cat "$BAD" | "$BIN" check "$I" --recipients - >"$OUT/stdout" 2>"$OUT/stderr"
expect_eq "$(sed "s|$BAD|standard input|" "$OUT/check-file" | tr -s ' \n' '  ')" \
    "$(tr -s ' \n' '  ' <"$OUT/stdout")" "check's report of standard input"
cat "$MEDUSIND/recipients.csv" | "$BIN" report "$MEDUSIND/incident.xml" --recipients - \
    -o "$OUT/report" 2>"$OUT/stderr"
expect_eq "$?" "0" "report of standard input"
expect_eq "$(sed -n 2p "$OUT/report/summary.csv" | cut -d, -f1-3)" "CA,California,2" "the report's first state"
for k in 0 1; do
    cat "$MEDUSIND/recipients.csv" | "$BIN" render "$MEDUSIND/incident.xml" --recipients - \
        -o "$OUT/shards" --shard "$k/2" -q
done
cat "$MEDUSIND/recipients.csv" | "$BIN" manifest merge "$MEDUSIND/incident.xml" --recipients - \
    -o "$OUT/shards/manifest.csv" "$OUT"/shards/manifest-*-of-2.csv 2>"$OUT/stderr"
expect_eq "$?" "0" "manifest merge of standard input"
"$BIN" render "$MEDUSIND/incident.xml" --recipients "$MEDUSIND/recipients.csv" -o "$OUT/whole" -q
cmp -s "$OUT/shards/manifest.csv" "$OUT/whole/manifest.csv" ||
    fail "the merged manifest differs from a whole run's"

# standard input is read once; a terminal is no list
cat "$BAD" | "$BIN" check - --recipients - >"$OUT/stdout" 2>"$OUT/stderr"
RC=$?
expect_rc 2
stderr_has "standard input is read once: give the incident or the list as '-', not both"

# a PDF to standard output: the same bytes as to a file; what preview says goes to stderr
bl notice "$I" --kind specimen -o "$OUT/specimen.pdf"
"$BIN" notice "$I" --kind specimen -o - >"$OUT/specimen-stdout.pdf"
expect_eq "$?" "0" "notice -o -"
cmp -s "$OUT/specimen.pdf" "$OUT/specimen-stdout.pdf" || fail "the specimen on standard output differs"
"$BIN" preview "$I" -o - >"$OUT/preview.pdf" 2>"$OUT/stderr"
expect_eq "$?" "0" "preview -o -"
stderr_has "preview: wrote standard output ("
bl preview "$I" -o "$OUT/p.pdf"
expect_eq "$(pdf_pages "$OUT/preview.pdf")" "$(pdf_pages "$OUT/p.pdf")" "preview pages"
bl preview "$I" -o - --format png
expect_rc 2
bl preview "$I" -o - --watch
expect_rc 2
