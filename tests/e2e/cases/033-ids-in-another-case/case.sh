# Recipient ids are case-sensitive: "ABC-1" and "abc-1" are two people and both get a letter, as
# do "José" and "JOSÉ". On a disk that ignores case their letters' files would be one file, so
# the later one's letter gets a name of its own, the id with a short hash of it ("abc-1-….pdf"),
# which the manifest's file column gives; --only and --resume find it there. An id that differs
# only in Unicode form ("José" with a precomposed é, then with an e and a combining accent) is
# the same text, so the same id: that row is rejected as a duplicate, with an error row.
L=$OUT/letters
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$L" --jobs 2
expect_rc 1
sed -i -e "s|$OUT|OUT|g" -e "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
expect_eq "$(manifest_rows "$L")" "6" "manifest rows"
for id in ABC-1 abc-1 "Jos$(printf '\xc3\xa9')" "JOS$(printf '\xc3\x89')" Jose; do
    expect_eq "$(manifest_field "$L" "$id" status)" "ok" "$id status"
done
expect_eq "$(manifest_field "$L" ABC-1 file)" "ABC-1.pdf" "ABC-1's letter"
twin=$(manifest_field "$L" abc-1 file)
[[ "$twin" =~ ^abc-1-[0-9a-f]{8}\.pdf$ ]] || fail "abc-1's letter is named '$twin'"
pdf_has "$L/ABC-1.pdf" "Ana Silva"
pdf_has "$L/$twin" "Cy Young"
pdf_lacks "$L/$twin" "Ana Silva"
expect_eq "$(manifest_field "$L" "Jose$(printf '\xcc\x81')" error)" \
    "duplicate recipient id 'Jose$(printf '\xcc\x81')' (first on line 3)" "José (NFD) error"
expect_eq "$(find "$L" -name '*.pdf' | wc -l)" "5" "letters made"
expect_eq "$(csv_rows "$L/errors.csv")" "1" "rows in errors.csv"
# no two names differ only in case, and none starts with '-'
expect_eq "$(find "$L" -name '*.pdf' -printf '%f\n' | tr '[:upper:]' '[:lower:]' | sort | uniq -d)" \
    "" "names the same but for case"
expect_eq "$(find "$L" -name '-*' | wc -l)" "0" "names starting with '-'"

# the names do not depend on how the work was shared: one worker gives the same files
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$OUT/one" \
    --jobs 1 -q
expect_rc 1
diff "$L/manifest.csv" "$OUT/one/manifest.csv" >&2 || fail "one worker names the letters otherwise"

# --only finds the later one's letter where the run put it, alone or into the finished run
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$OUT/only" \
    --only abc-1
expect_rc 0
expect_eq "$(manifest_field "$OUT/only" abc-1 file)" "$twin" "--only abc-1: its file"
pdf_has "$OUT/only/$twin" "Cy Young"
first=$(sha256sum <"$L/ABC-1.pdf")
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$L" \
    --only abc-1
expect_rc 0
expect_eq "$(manifest_field "$L" abc-1 file)" "$twin" "--only abc-1 into the run: its file"
expect_eq "$(sha256sum <"$L/ABC-1.pdf")" "$first" "--only abc-1 into the run: ABC-1's letter"
expect_eq "$(find "$L" -name '*.pdf' | wc -l)" "5" "letters after --only"
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$OUT/only1" \
    --only ABC-1
expect_rc 0
expect_eq "$(find "$OUT/only1" -name '*.pdf' -printf '%f\n')" "ABC-1.pdf" "--only ABC-1"

# a run killed after its first letter and resumed names the letters as the whole run did
dir=$OUT/resumed
setsid "$BIN" render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" \
    -o "$dir" --jobs 2 -q &
pid=$!
first_letter() { [ -n "$(find "$dir" -name '*.pdf' 2>/dev/null)" ] && [ ! -e "$dir/manifest.csv" ]; }
hold "$pid" "its first letter" first_letter
kill -9 -- "-$pid"
kill -CONT -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
ended "$pid"
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$dir" \
    --jobs 2 --resume -q
expect_rc 1
diff "$OUT/one/manifest.csv" "$dir/manifest.csv" >&2 || fail "--resume names the letters otherwise"
[ -f "$dir/$twin" ] || fail "--resume: no $twin"

# the check counts the rows of the list the same way
bl check examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r["valid"] != 5 or r["rejected"] != 1)' \
    "$OUT/stdout" || fail "check does not count 5 valid and 1 rejected rows"
