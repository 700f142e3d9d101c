# The manifest's approval column: the approval each letter went out under with render
# --require-approval, through workers, print books, shards and merge, --only, and --resume of a
# killed run (approval.py makes the approvals through the workbench and checks the rest; the
# resume is here). A resume with another approval requirement or other approvals is refused.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/approval.py" || fail "the approval column (see above)"
I=$OUT/ws/m/incident.xml
L=$OUT/ws/m/recipients.csv
dir=$OUT/killed
# reached: a committed chunk's journal names an approval, and the run is not done
approved_chunk() { grep -lsE ',A[0-9]+'$'\r''$' "$dir"/.run-state/chunk-*[0-9].csv >/dev/null; }
reached() { approved_chunk && [ ! -e "$dir/manifest.csv" ]; }
setsid "$BIN" render "$I" --recipients "$L" -o "$dir" --book=4 --jobs 2 -q --require-approval &
pid=$!
hold "$pid" "a book of approved letters" reached
kill -9 -- "-$pid"
kill -CONT -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
ended "$pid"
[ -f "$dir/manifest.csv" ] && fail "the run was not killed before its end"
# resumed without --require-approval, or with other approvals: refused, the state kept
bl render "$I" --recipients "$L" -o "$dir" --book=4 --jobs 2 -q --resume
expect_rc 3
stderr_has "was made from other input or options"
cp "${I%.xml}.approvals.json" "$OUT/approvals.json"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); d["approvals"].pop()
json.dump(d, open(sys.argv[1], "w"))' "${I%.xml}.approvals.json"
bl render "$I" --recipients "$L" -o "$dir" --book=4 --jobs 2 -q --resume --require-approval
expect_rc 3
stderr_has "was made from other input or options"
cp "$OUT/approvals.json" "${I%.xml}.approvals.json"
bl render "$I" --recipients "$L" -o "$dir" --book=4 --jobs 2 -q --resume --require-approval
expect_rc 1
# the letters of the chunks committed before the kill keep their approvals: the manifest is
# the uninterrupted run's, byte for byte
cmp "$dir/manifest.csv" "$OUT/books/manifest.csv" || fail "the resumed run's manifest differs"
expect_eq "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"])' \
    "$dir/manifest.run.json")" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"])' \
    "$OUT/books/manifest.run.json")" "the resumed run's summary"
