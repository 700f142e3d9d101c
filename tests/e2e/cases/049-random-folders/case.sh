# Property test (random_folders.py, fixed seed): an output directory seeded with random links,
# files, manifests and run states planted by another user, then a random sequence of render,
# render --resume, render --only, and shards with manifest merge. After every command nothing
# outside the output directory has changed and the command did not crash.
source "$SRC/tests/e2e/attacker.sh"
python3 "$CASE/random_folders.py" "$BIN" "$INC" "$EX/recipients.csv" "$OUT/work" 4049 30 >&2 ||
    fail "commands broke the property (listed above)"
