# A list rendered as three shards (render --shard K/N) gives, once 'manifest merge' has checked
# and joined the shards' manifests, the same manifest and the same print books as one run over
# the whole list; merge refuses a missing shard, a shard given twice and a shard of another list.
INC=examples/mednax-2020/incident.xml
LIST=$OUT/list.csv
# 120 rows from the MEDNAX example: unique ids, a few bad rows (unknown state, a ragged
# row, no id), an id a spreadsheet would run, and a quoted address over two lines so that list
# lines and record numbers part ways
python3 - examples/mednax-2020/recipients.csv "$LIST" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
col = {name: i for i, name in enumerate(head)}
out = [head]
for i in range(120):
    r = list(body[i % len(body)])
    r[0] = "%s-%d" % (r[0], i)
    if i == 7:
        r[col["state"]] = "XX"
    elif i == 23:
        r = r[:6]
    elif i == 41:
        r[0] = ""
    elif i == 58:
        r[0] = "+X-58"
    elif i == 66:
        r[col["address2"]] = "Unit 4\nRear"
    out.append(r)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
rows=$(csv_rows "$LIST")

# forge MANIFEST KEY=VALUE...: rewrites the run record beside a manifest as someone who bends
# it would (list=FILE: that list's hash; shard=K, shards=N), with the manifest's true hash, so
# that what merge finds in the rows themselves is tested too
forge() {
    python3 - "$@" <<'PY'
import hashlib, json, sys
manifest = sys.argv[1]
record = manifest[:-4] + ".run.json"
r = json.load(open(record))
sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
for arg in sys.argv[2:]:
    key, value = arg.split("=", 1)
    if key == "list":
        r["inputs"]["list_sha256"] = sha(value)
    else:
        r[key] = int(value)
r["manifest"]["sha256"] = sha(manifest)
json.dump(r, open(record, "w"))
PY
}
expect_eq "$rows" "120" "rows in the generated list"

for k in 0 1 2; do
    bl render "$INC" --recipients "$LIST" -o "$OUT/s$k" --shard "$k/3" --book=4 -q
    expect_rc 5 # the example's rows for RI, DC and MA are refused as not compliant
done
bl render "$INC" --recipients "$LIST" -o "$OUT/all" --book=4 -q
expect_rc 5

# the shards' manifests merged are the whole run's manifest, byte for byte
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/merged.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/s1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv"
expect_rc 0
cmp "$OUT/merged.csv" "$OUT/all/manifest.csv" || fail "merged manifest differs from the run's"
stderr_has "breachletter: 120 input rows covered once by 3 manifests: "
stderr_has "; merged manifest $OUT/merged.csv"
expect_eq "$(stat -c %a "$OUT/merged.csv")" "600" "merged manifest mode"
letters=$(python3 -c 'import csv, sys
print(sum(r["status"] in ("ok", "draft") for r in csv.DictReader(open(sys.argv[1], newline=""))))' \
    "$OUT/all/manifest.csv")
stderr_has "$letters letters, $((rows - letters)) errors"
# any order of the manifests on the command line
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/merged2.csv" \
    "$OUT/s2/manifest-2-of-3.csv" "$OUT/s0/manifest-0-of-3.csv" "$OUT/s1/manifest-1-of-3.csv"
expect_rc 0
cmp "$OUT/merged2.csv" "$OUT/all/manifest.csv" || fail "merge depends on the manifests' order"
# "-o -": the merged manifest on standard output, the summary on standard error, no record
"$BIN" manifest merge "$INC" --recipients "$LIST" -o - "$OUT/s0/manifest-0-of-3.csv" \
    "$OUT/s1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv" >"$OUT/piped.csv" 2>"$OUT/stderr"
expect_eq "$?" "0" "manifest merge -o -"
cmp "$OUT/piped.csv" "$OUT/all/manifest.csv" || fail "the merged manifest on standard output differs"
stderr_has "; merged manifest standard output"
[ ! -e "$OUT/-" ] && [ ! -e "$OUT/-.part" ] && [ ! -e "./-" ] || fail "a file named - was written"
# a failed merge to standard output writes nothing there
"$BIN" manifest merge "$INC" --recipients "$LIST" -o - "$OUT/s0/manifest-0-of-3.csv" \
    "$OUT/s2/manifest-2-of-3.csv" >"$OUT/piped-missing.csv" 2>"$OUT/stderr"
expect_eq "$?" "3" "manifest merge -o - with a shard missing"
expect_eq "$(wc -c <"$OUT/piped-missing.csv")" "0" "bytes on standard output of a failed merge"

# the shards' print books are the whole run's books, each made by exactly one shard
[ -n "$(ls "$OUT"/all/book-*.pdf 2>/dev/null)" ] || fail "the whole run made no print books"
for book in "$OUT"/all/book-*; do
    name=$(basename "$book")
    found=$(ls "$OUT"/s[012]/"$name" 2>/dev/null | wc -l)
    expect_eq "$found" "1" "shards holding $name"
    for s in "$OUT"/s[012]; do
        if [ -f "$s/$name" ]; then
            cmp "$s/$name" "$book" || fail "$(basename "$s")/$name differs from the whole run's"
        fi
    done
done
expect_eq "$(ls "$OUT"/s[012]/book-* | wc -l)" "$(ls "$OUT"/all/book-* | wc -l)" "book files"

# a shard missing: exit 3, the list lines it held named, nothing written
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-missing.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/s2/manifest-2-of-3.csv"
expect_rc 3
# the first record of shard 1
read -r line id < <(python3 -c 'import csv, sys
r = next(csv.DictReader(open(sys.argv[1], newline="")))
print(r["line"], r["id"])' "$OUT/s1/manifest-1-of-3.csv")
stderr_has "$LIST:$line: error: record '$id' is in no manifest"
stderr_has "no merged manifest written"
if [ -e "$OUT/m-missing.csv" ] || [ -e "$OUT/m-missing.csv.part" ]; then
    fail "a failed merge left a file"
fi

# a shard given twice: exit 3, named by its record
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-twice.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/s1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv" "$OUT/s1/manifest-1-of-3.csv"
expect_rc 3
stderr_has "$OUT/s1/manifest-1-of-3.csv: error: shard 1 of 3 is given twice"
[ ! -e "$OUT/m-twice.csv" ] || fail "a failed merge wrote the manifest"
# ... and with its record made to say it is another shard, the rows still tell
cp -r "$OUT/s1" "$OUT/s1b"
forge "$OUT/s1b/manifest-1-of-3.csv" shard=0
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-twice.csv" \
    "$OUT/s1b/manifest-1-of-3.csv" "$OUT/s1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "$OUT/s1/manifest-1-of-3.csv:2: error: record '$id' ($LIST:$line) is covered twice, here \
and at $OUT/s1b/manifest-1-of-3.csv:2"
[ ! -e "$OUT/m-twice.csv" ] || fail "a failed merge wrote the manifest"

# a manifest of another list (the example's own 32 rows): exit 3, told by its record
bl render "$INC" --recipients examples/mednax-2020/recipients.csv -o "$OUT/other" --book=4 -q
expect_rc 5
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-other.csv" "$OUT/other/manifest.csv"
expect_rc 3
stderr_has "$OUT/other/manifest.csv: error: the shard was rendered from another version of the \
list than $LIST: render it again from this one"
[ ! -e "$OUT/m-other.csv" ] || fail "a failed merge wrote the manifest"
# ... and with a record forged to name this list, by its rows
forge "$OUT/other/manifest.csv" list="$LIST" shards=3
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-other.csv" "$OUT/other/manifest.csv"
expect_rc 3
stderr_has "$OUT/other/manifest.csv:2: error: the row for line 2 has id 'MDX-004512', but the \
record at $LIST:2 has id 'MDX-004512-0': the manifest is of another list"
stderr_has "breachletter: 20 more problems not shown"
stderr_has "exactly once (120 problems): no merged manifest written"
[ ! -e "$OUT/m-other.csv" ] || fail "a failed merge wrote the manifest"
# ... and the other way round: rows beyond the end of the list (records forged to name it)
for k in 0 1 2; do
    cp -r "$OUT/s$k" "$OUT/f$k"
    forge "$OUT/f$k/manifest-$k-of-3.csv" list=examples/mednax-2020/recipients.csv
done
bl manifest merge "$INC" --recipients examples/mednax-2020/recipients.csv -o "$OUT/m-long.csv" \
    "$OUT/f0/manifest-0-of-3.csv" "$OUT/f1/manifest-1-of-3.csv" "$OUT/f2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "beyond the last record of examples/mednax-2020/recipients.csv (line 33)"

# shards of another version of the incident, or made with other options: refused by their
# records, whatever their rows say
sed 's/<name>/<name>Revised /' "$INC" > "$OUT/revised.xml"
bl render "$OUT/revised.xml" --recipients "$LIST" -o "$OUT/r1" --shard 1/3 --book=4 -q
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-rev.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/r1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "$OUT/r1/manifest-1-of-3.csv: error: the shard was rendered from another version of \
the incident than $INC"
bl render "$INC" --recipients "$LIST" -o "$OUT/o1" --shard 1/3 --book=4 --simplex -q
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-opt.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/o1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "$OUT/o1/manifest-1-of-3.csv: error: the shard was rendered with other options or data"
bl render "$INC" --recipients "$LIST" -o "$OUT/b1" --shard 1/3 --book=5 -q
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-opt.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/b1/manifest-1-of-3.csv" "$OUT/s2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "$OUT/b1/manifest-1-of-3.csv: error: the shard was rendered with other options or data"
# a manifest changed after its run wrote it, and one without its record
cp -r "$OUT/s2" "$OUT/e2"
sed -i '2s/,ok,/,error,/' "$OUT/e2/manifest-2-of-3.csv"
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-edit.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/s1/manifest-1-of-3.csv" "$OUT/e2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "$OUT/e2/manifest-2-of-3.csv: error: the manifest is not the one its run wrote"
rm "$OUT/e2/manifest-2-of-3.run.json"
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-edit.csv" \
    "$OUT/s0/manifest-0-of-3.csv" "$OUT/s1/manifest-1-of-3.csv" "$OUT/e2/manifest-2-of-3.csv"
expect_rc 3
stderr_has "$OUT/e2/manifest-2-of-3.csv: error: there is no run record (manifest-2-of-3.run.json)"
[ ! -e "$OUT/m-edit.csv" ] || fail "a failed merge wrote the manifest"

# not a manifest at all, and a file that is not there
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-bad.csv" "$OUT/s0/errors-0-of-3.csv"
expect_rc 3
stderr_has "$OUT/s0/errors-0-of-3.csv:1: error: column 1 of the header is 'where', not 'line'"
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/m-gone.csv" "$OUT/s9/manifest.csv"
expect_rc 4
stderr_has "$OUT/s9/manifest.csv: error: cannot open the file"
bl manifest merge "$INC" --recipients "$LIST" "$OUT/s0/manifest-0-of-3.csv"
expect_rc 2
stderr_has "usage: breachletter manifest merge INCIDENT.xml"

# --shard env/N takes K from a Kubernetes Indexed Job's environment
JOB_COMPLETION_INDEX=1 bl render "$INC" --recipients "$LIST" -o "$OUT/env1" --shard env/3 \
    --book=4 -q
expect_rc 5
cmp "$OUT/env1/manifest-1-of-3.csv" "$OUT/s1/manifest-1-of-3.csv" ||
    fail "--shard env/3 with JOB_COMPLETION_INDEX=1 is not --shard 1/3"

# shards may share one output directory (shared storage): each writes its own manifest and
# errors file there, the books do not clash, and the merged manifest's files are all there
for k in 0 1 2; do
    bl render "$INC" --recipients "$LIST" -o "$OUT/shared" --shard "$k/3" --book=4 -q
    expect_rc 5
done
bl manifest merge "$INC" --recipients "$LIST" -o "$OUT/shared/manifest.csv" \
    "$OUT"/shared/manifest-*-of-3.csv
expect_rc 0
cmp "$OUT/shared/manifest.csv" "$OUT/all/manifest.csv" ||
    fail "the merged manifest of shards sharing a directory differs from the run's"
for book in "$OUT"/all/book-*.pdf; do
    cmp -s "$book" "$OUT/shared/$(basename "$book")" || fail "shared: $(basename "$book") differs"
done
