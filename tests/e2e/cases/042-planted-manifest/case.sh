# What another user plants in a world-writable output directory is no earlier run of ours: a
# manifest.csv whose row names 'ab/x', with 'ab' a link to a directory of root's holding 'x',
# or a state directory whose journal names the same, does not make a fresh run remove victim/x
# "as a file of an earlier run". The run either finishes whole, every letter inside the output
# directory, or refuses naming it; nothing outside the output directory changes.
source "$SRC/tests/e2e/attacker.sh"
L=$EX/recipients.csv
# a real manifest's header, so the planted one reads as ours
bl render "$INC" --recipients "$L" -o "$OUT/real" --only MDS-000123 -q
expect_rc 0
head -n 1 "$OUT/real/manifest.csv" >"$OUT/header.csv"
python3 - "$OUT/header.csv" "$OUT/row.csv" <<'PY'
import csv, sys
head = open(sys.argv[1], encoding="utf-8").read().strip().split(",")
row = {name: "" for name in head}
row.update(line="2", id="MDS-000123", status="ok", file="ab/x", pages="7", jurisdiction="MA",
           variant="adult", language="en")
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.DictWriter(f, head).writerow(row)
PY
chmod 644 "$OUT/header.csv" "$OUT/row.csv"

# plant HOW DIR: the attacker's files in DIR
plant() {
    as_attacker ln -s "$VICTIM" "$2/ab"
    case $1 in
        manifest) as_attacker sh -c 'cat "$1" "$2" >"$3/manifest.csv"' _ "$OUT/header.csv" \
                      "$OUT/row.csv" "$2" ;;
        journal) as_attacker mkdir -m 777 "$2/.run-state"
                 as_attacker cp "$OUT/row.csv" "$2/.run-state/chunk-00000000.csv"
                 as_attacker sh -c 'echo 0 >"$1/.run-state/key"' _ "$2" ;;
    esac
}

for how in manifest journal; do
    for opts in "--jobs 2" "--book=8"; do
        dir=$OUT/$how-${opts//[^a-z0-9]/}
        shared_dir "$dir" 1777
        make_victim
        plant "$how" "$dir"
        # shellcheck disable=SC2086
        bl render "$INC" --recipients "$L" -o "$dir" -q $opts
        expect_victim_intact "a planted $how ($opts)"
        expect_whole_or_refused "$dir" 32 "a planted $how ($opts)"
    done
done
