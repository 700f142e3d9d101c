# Letter directories that another user made (real directories, open to all) in a directory of
# root's that others may write in never receive letters: the run stops naming the directory,
# and nothing is written into them.
source "$SRC/tests/e2e/attacker.sh"
root_only "letter directories made by another user" || return 0
dir=$OUT/out
shared_dir "$dir" 1777
as_attacker sh -c 'for i in $(seq 0 255); do d=$(printf "%02x" "$i"); mkdir -m 0777 "$1/$d"; done' \
    _ "$dir"
bl render "$INC" --recipients "$EX/recipients.csv" -o "$dir" --files-per-dir 10 -q
[ "$RC" -ne 0 ] && [ "$RC" -lt 128 ] || fail "exit status $RC, expected a refusal"
stderr_has "a directory on its way belongs to another user or others may write in it"
expect_eq "$(find "$dir" -mindepth 2 -name '*.pdf' | wc -l)" "0" "letters in the planted directories"
