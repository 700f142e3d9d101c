# Letters never land outside the output directory: with the 256 letter subdirectories (00..ff)
# planted as links to a directory of root's by another user, before a run or in place of the
# directories of an earlier run, no letter is written through them and nothing there is
# removed. The run either finishes whole, every letter a file inside the output directory with
# no link on its path, or refuses naming the directory.
source "$SRC/tests/e2e/attacker.sh"
L=$EX/recipients.csv
opts=(--files-per-dir 10 --jobs 2 -q) # 32 letters: one subdirectory level, as in case 022

# links DIR: the attacker's 256 links named as letter subdirectories (over earlier ones)
links() {
    as_attacker sh -c 'for i in $(seq 0 255); do
        d=$(printf "%02x" "$i")
        if [ -e "$1/$d" ]; then mv "$1/$d" "$1/old-$d" || exit 1; fi
        ln -s "$2" "$1/$d" || exit 1
    done' _ "$1" "$VICTIM"
}

# before a run, in a sticky and in a plain world-writable directory
for mode in 1777 0777; do
    dir=$OUT/fresh-$mode
    shared_dir "$dir" "$mode"
    make_victim
    pdfs=$(find "$VICTIM" -name '*.pdf' | wc -l)
    links "$dir"
    bl render "$INC" --recipients "$L" -o "$dir" "${opts[@]}"
    expect_victim_intact "letter directories as links ($mode)"
    expect_whole_or_refused "$dir" 32 "letter directories as links ($mode)"
    expect_eq "$(find "$VICTIM" -name '*.pdf' | wc -l)" "$pdfs" \
        "PDFs outside the output directory, the victim's own ones only ($mode)"
done

# in place of an earlier run's subdirectories (a plain world-writable directory lets another
# user move root's directories aside): the next run neither removes the earlier letters
# through the links nor writes its own through them
dir=$OUT/again
shared_dir "$dir" 0777
bl render "$INC" --recipients "$L" -o "$dir" "${opts[@]}"
expect_rc 0
make_victim
links "$dir"
bl render "$INC" --recipients "$L" -o "$dir" "${opts[@]}"
expect_victim_intact "letter directories swapped for links after a run"
expect_whole_or_refused "$dir" 32 "letter directories swapped for links after a run"

# and when the run is resumed
dir=$OUT/resumed
shared_dir "$dir" 1777
make_victim
links "$dir"
bl render "$INC" --recipients "$L" -o "$dir" --resume "${opts[@]}"
expect_victim_intact "letter directories as links, --resume"
expect_whole_or_refused "$dir" 32 "letter directories as links, --resume"
