# A run started again without --resume over an unfinished one, from a changed list of the same
# size, keeps none of the unfinished run's chunks: its manifest names only the new ids, every
# letter is the new list's, and what the killed run made is removed.
INC=examples/medusind-2023/incident.xml
EX=examples/medusind-2023/recipients.csv
python3 tests/e2e/outdir.py list "$EX" "$OUT/old.csv" 1200 OLD
python3 tests/e2e/outdir.py list "$EX" "$OUT/new.csv" 1200 NEW
cmp -s "$OUT/old.csv" "$OUT/new.csv" && fail "the two lists are the same"
dir=$OUT/run
cp "$OUT/old.csv" "$OUT/list.csv"
setsid "$BIN" render "$INC" --recipients "$OUT/list.csv" -o "$dir" --jobs 1 -q &
pid=$!
# killed once a chunk (500 letters) is committed and the next has begun
committed() { [ -n "$(find "$dir/.run-state" -name 'chunk-*.log' 2>/dev/null)" ] &&
    [ ! -e "$dir/manifest.csv" ]; }
hold "$pid" "a committed chunk" committed
kill -9 -- "-$pid"
wait "$pid" 2>/dev/null
ended "$pid"
cp "$OUT/new.csv" "$OUT/list.csv"
bl render "$INC" --recipients "$OUT/list.csv" -o "$dir" --jobs 1 -q
expect_rc 0
python3 tests/e2e/outdir.py check "$dir" 1200 >&2 || fail "the run is not whole"
expect_eq "$(grep -c ',OLD' "$dir/manifest.csv")" "0" "rows of the old list in the manifest"
expect_eq "$(grep -c ',NEW' "$dir/manifest.csv")" "1200" "rows of the new list"
expect_eq "$(find "$dir" -name 'OLD*.pdf' | wc -l)" "0" "letters of the old list left"
