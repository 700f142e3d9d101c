# Shards of one run write into one directory at the same time: a shard started while another is
# writing leaves that one's temporary files alone, both finish, and their manifests merge into
# the manifest of the whole list.
INC=examples/medusind-2023/incident.xml
python3 tests/e2e/outdir.py list examples/medusind-2023/recipients.csv "$OUT/list.csv" 600
dir=$OUT/shared
setsid "$BIN" render "$INC" --recipients "$OUT/list.csv" -o "$dir" --shard 0/2 --jobs 1 -q &
pid=$!
writing() { [ -n "$(find "$dir" -name '*.pdf.part' 2>/dev/null)" ]; }
if hold "$pid" "a letter being written" writing; then
    bl render "$INC" --recipients "$OUT/list.csv" -o "$dir" --shard 1/2 --jobs 1 -q
    expect_rc 0
    [ -n "$(find "$dir" -name '*.pdf.part')" ] || fail "shard 1 removed the letter shard 0 writes"
    kill -CONT -- "-$pid"
fi
wait "$pid"
expect_eq "$?" "0" "shard 0's exit status"
bl manifest merge "$INC" --recipients "$OUT/list.csv" -o "$dir/manifest.csv" \
    "$dir/manifest-0-of-2.csv" "$dir/manifest-1-of-2.csv"
expect_rc 0
python3 tests/e2e/outdir.py check "$dir" 600 >&2 || fail "the merged run is not whole"
