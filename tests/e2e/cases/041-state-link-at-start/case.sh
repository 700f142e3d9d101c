# A link named .run-state (the run's state directory) planted by another user in a
# world-writable output directory, pointing at a directory of root's, is never followed: not by
# a fresh run (which clears an earlier run's state), not by --resume, not by a shard (its state
# is .run-state-K-of-N). Nothing outside the output directory is removed or written; the run
# either finishes whole, every letter inside the output directory, or refuses naming it.
source "$SRC/tests/e2e/attacker.sh"
L=$EX/recipients.csv

for how in fresh resume shard; do
    dir=$OUT/$how
    shared_dir "$dir" 1777
    make_victim
    case $how in
        fresh)
            as_attacker ln -s "$VICTIM" "$dir/.run-state"
            bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q
            rows=32 manifest=manifest.csv ;;
        resume) # at a directory without a 'key' (the victim's own would be read as the state's)
            as_attacker ln -s "$VICTIM/docs" "$dir/.run-state"
            bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q --resume
            rows=32 manifest=manifest.csv ;;
        shard)
            as_attacker ln -s "$VICTIM" "$dir/.run-state-1-of-2"
            bl render "$INC" --recipients "$L" -o "$dir" --shard 1/2 --book=8 -q
            rows=16 manifest=manifest-1-of-2.csv ;;
    esac
    expect_victim_intact "$how: a .run-state link"
    expect_whole_or_refused "$dir" "$rows" "$how: a .run-state link" "$manifest"
done

# the same link planted in an output directory that holds a finished run: the next run clears
# that run's files, and nothing else
dir=$OUT/again
shared_dir "$dir" 0777
bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q
expect_rc 0
make_victim
as_attacker ln -s "$VICTIM" "$dir/.run-state"
bl render "$INC" --recipients "$L" -o "$dir" --jobs 2 -q
expect_victim_intact "again: a .run-state link beside a finished run"
expect_whole_or_refused "$dir" 32 "again: a .run-state link beside a finished run"
