# A link named .run-state.done (the name a run gives its state while it removes it at the end)
# planted by another user in a world-writable output directory, pointing at a directory of
# root's, is never followed: the run removes nothing outside the output directory, whether the
# link is there before the run starts or is planted while it writes; the run either finishes
# whole, every letter inside the output directory, or refuses naming the directory.
source "$SRC/tests/e2e/attacker.sh"
L=$EX/recipients.csv

# planted before the run: sticky and plain world-writable directories, one run and a shard
for mode in 1777 0777; do
    dir=$OUT/before-$mode
    shared_dir "$dir" "$mode"
    make_victim
    as_attacker ln -s "$VICTIM" "$dir/.run-state.done"
    bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q
    expect_victim_intact "link planted before a run into a $mode directory"
    expect_whole_or_refused "$dir" 32 "link planted before a run into a $mode directory"
done
dir=$OUT/shard
shared_dir "$dir" 1777
make_victim
as_attacker ln -s "$VICTIM" "$dir/.run-state-0-of-2.done"
bl render "$INC" --recipients "$L" -o "$dir" --shard 0/2 --book=8 -q
expect_victim_intact "link planted before shard 0/2"
expect_whole_or_refused "$dir" 16 "link planted before shard 0/2" manifest-0-of-2.csv

# planted while the run writes its letters (the state is there, the end not yet)
make_list "$OUT/list.csv" 300
dir=$OUT/during
shared_dir "$dir" 1777
make_victim
setsid "$BIN" render "$INC" --recipients "$OUT/list.csv" -o "$dir" --jobs 1 -q \
    >"$OUT/stdout" 2>"$OUT/stderr" &
pid=$!
if hold "$pid" "its first letter" has_pdfs "$dir" 1; then
    [ -e "$dir/manifest.csv" ] && fail "during: the run had ended when the link was planted"
    as_attacker ln -s "$VICTIM" "$dir/.run-state.done"
    kill -CONT -- "-$pid"
fi
wait "$pid"
RC=$?
expect_victim_intact "link planted during the run"
expect_whole_or_refused "$dir" 300 "link planted during the run"
