# A list rewritten in place while it is rendered (the same number of bytes and records, other
# ids) ends the run with an error that says the list changed and a non-zero exit; --resume
# afterwards is refused instead of going on with the changed list, and no manifest mixes the
# ids of the two lists. The list is rewritten once the first letter exists: the reader has its
# first 64 KB by then, not the rest (600 records, about 100 KB).
source "$SRC/tests/e2e/attacker.sh"
L=$OUT/list.csv
make_list "$L" 600
make_list "$OUT/other.csv" 600 CHG # same bytes but for the ids: MDS-... become CHG-...

# mixed_ids WHAT: a manifest in $dir, if any, holds the ids of one list only
mixed_ids() {
    [ -e "$dir/manifest.csv" ] || return
    python3 - "$dir/manifest.csv" <<'PY' || fail "$1: the manifest mixes the ids of both lists"
import csv, sys
ids = [r["id"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))]
old, new = sum(i.startswith("MDS-") for i in ids), sum(i.startswith("CHG-") for i in ids)
print("manifest: %d ids of the first list, %d of the second" % (old, new), file=sys.stderr)
sys.exit(1 if old and new else 0)
PY
}

dir=$OUT/run
setsid "$BIN" render "$INC" --recipients "$L" -o "$dir" --jobs 1 -q >"$OUT/stdout" \
    2>"$OUT/stderr" &
pid=$!
if hold "$pid" "its first letter" has_pdfs "$dir" 1; then
    [ -e "$dir/manifest.csv" ] && fail "the run had ended when the list was rewritten"
    python3 - "$L" "$OUT/other.csv" <<'PY' || fail "cannot rewrite the list"
import sys
new = open(sys.argv[2], "rb").read()
with open(sys.argv[1], "r+b") as f:
    assert f.seek(0, 2) == len(new)
    f.seek(0)
    f.write(new)
PY
    kill -CONT -- "-$pid"
fi
wait "$pid"
RC=$?
expect_refused "$L" "the list changed during the run"
stderr_names "the list changed during the run" "changed"
mixed_ids "the run"

bl render "$INC" --recipients "$L" -o "$dir" --jobs 1 -q --resume
expect_refused "$dir" "--resume after the list changed"
mixed_ids "--resume"
