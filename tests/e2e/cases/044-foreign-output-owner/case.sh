# Whose the output directory is: a world-writable directory of the running user's is used; one
# owned by another user (world-writable, sticky or not, or only that user's: 0755) is refused
# with an error naming it and a non-zero exit, and nothing is written into it; so is an output
# path that is another user's link. With --allow-shared-output a directory of another user's is
# used, and the run still follows none of the links planted in it.
source "$SRC/tests/e2e/attacker.sh"
L=$EX/recipients.csv

# a world-writable directory of our own is ours to use
dir=$OUT/own
shared_dir "$dir" 1777
bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q
expect_rc 0
python3 "$OUTDIR_PY" check "$dir" 32 >&2 || fail "own: the run's output is not whole"
# the override is an option render knows, harmless in a directory of our own
dir=$OUT/own-override
shared_dir "$dir" 1777
bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q --allow-shared-output
expect_rc 0
python3 "$OUTDIR_PY" check "$dir" 32 >&2 ||
    fail "own, --allow-shared-output: the run's output is not whole"

if root_only "output directories owned by another user"; then
    # another user's directory, world-writable or not, with that user's link in it
    for mode in 0777 1777 0755; do
        dir=$OUT/foreign-$mode
        mkdir "$dir"
        chown 65534:65534 "$dir"
        chmod "$mode" "$dir"
        make_victim
        as_attacker ln -s "$VICTIM" "$dir/.run-state.done"
        snapshot "$dir" dir
        bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q
        expect_refused "$dir" "a $mode directory of another user"
        expect_unchanged "$dir" dir "a $mode directory of another user: the run wrote into it"
        expect_victim_intact "a $mode directory of another user"
    done

    # the output path is a link another user planted in a world-writable parent
    shared_dir "$OUT/pub" 0777
    make_victim
    as_attacker ln -s "$VICTIM" "$OUT/pub/letters"
    bl render "$INC" --recipients "$L" -o "$OUT/pub/letters" --jobs 2 -q
    expect_refused "$OUT/pub/letters" "an output path that is another user's link"
    expect_victim_intact "an output path that is another user's link"

    # --allow-shared-output: another user's world-writable directory is used ...
    dir=$OUT/shared
    mkdir "$dir"
    chown 65534:65534 "$dir"
    chmod 0777 "$dir"
    bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q --allow-shared-output
    expect_rc 0
    python3 "$OUTDIR_PY" check "$dir" 32 >&2 || fail "shared: the run's output is not whole"
    # ... and the links that user plants there are still not followed
    dir=$OUT/shared2
    mkdir "$dir"
    chown 65534:65534 "$dir"
    chmod 0777 "$dir"
    make_victim
    as_attacker sh -c 'ln -s "$2" "$1/.run-state.done" && ln -s "$2" "$1/.run-state" &&
        for i in $(seq 0 255); do ln -s "$2" "$1/$(printf %02x "$i")" || exit 1; done' \
        _ "$dir" "$VICTIM"
    bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q --files-per-dir 10 \
        --allow-shared-output
    expect_victim_intact "another user's links, --allow-shared-output"
    expect_whole_or_refused "$dir" 32 "another user's links, --allow-shared-output"
fi
