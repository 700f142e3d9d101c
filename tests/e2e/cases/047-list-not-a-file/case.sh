# A list that is not a regular file (a FIFO no one writes to, /dev/zero) is refused at once with
# an error naming it, by render and by manifest merge, instead of waiting or reading forever;
# and a FIFO another user plants as manifest.csv in a world-writable output directory does not
# stop a run either. Each command runs under 'timeout 60' so that a hang fails the case instead
# of stopping CI.
source "$SRC/tests/e2e/attacker.sh"
mkfifo "$OUT/list.fifo"
bl render "$INC" --recipients "$EX/recipients.csv" -o "$OUT/shard0" --shard 0/2 -q
expect_rc 0

# refused_at_once WHAT LIST CMD...: the command ends by itself, refusing with an error naming LIST
refused_at_once() {
    local what=$1 list=$2
    shift 2
    timeout 60 "$@" >"$OUT/stdout" 2>"$OUT/stderr"
    RC=$?
    if [ "$RC" -eq 124 ]; then
        fail "$what: still running after 60 s (killed)"
        return
    fi
    expect_refused "$list" "$what"
}

refused_at_once "render, a FIFO as the list" "$OUT/list.fifo" \
    "$BIN" render "$INC" --recipients "$OUT/list.fifo" -o "$OUT/fifo" -q
refused_at_once "render, /dev/zero as the list" /dev/zero \
    "$BIN" render "$INC" --recipients /dev/zero -o "$OUT/zero" -q
refused_at_once "manifest merge, a FIFO as the list" "$OUT/list.fifo" \
    "$BIN" manifest merge "$INC" --recipients "$OUT/list.fifo" -o "$OUT/merged.csv" \
    "$OUT/shard0/manifest-0-of-2.csv"

# a FIFO planted as the manifest of an earlier run: the run ends by itself, whole or refused
dir=$OUT/planted
shared_dir "$dir" 1777
as_attacker mkfifo "$dir/manifest.csv"
timeout 60 "$BIN" render "$INC" --recipients "$EX/recipients.csv" -o "$dir" -q \
    >"$OUT/stdout" 2>"$OUT/stderr"
RC=$?
if [ "$RC" -eq 124 ]; then
    fail "render, a FIFO planted as manifest.csv: still running after 60 s (killed)"
else
    expect_whole_or_refused "$dir" 32 "render, a FIFO planted as manifest.csv"
fi
