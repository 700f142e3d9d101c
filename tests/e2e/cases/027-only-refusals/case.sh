# --only refuses, saying why and changing nothing, a directory whose run it cannot update: print
# books, a run of another list, a manifest edited since its run wrote it, and one without its
# record.
INC=examples/medusind-2023/incident.xml
L=examples/medusind-2023/recipients.csv
# files DIR: every file under DIR with its hash, to show a refusal changed nothing
files() { (cd "$1" && find . -type f -exec sha256sum {} + | LC_ALL=C sort); }
# refused DIR WHY: the last --only was refused naming DIR and WHY, and DIR is as it was
refused() {
    [ "$RC" -eq 3 ] || fail "$2: exit status $RC, expected 3"
    stderr_has "$1: error: --only cannot add this letter here: $2"
    files "$1" | cmp -s - "$OUT/before" || fail "$2: the refused --only changed the directory"
}

bl render "$INC" --recipients "$L" -o "$OUT/books" --book=8 -q
expect_rc 0
files "$OUT/books" >"$OUT/before"
bl render "$INC" --recipients "$L" -o "$OUT/books" --only MDS-000226 -q
refused "$OUT/books" "the run's letters are in print books"

bl render "$INC" --recipients "$L" -o "$OUT/run" -q
expect_rc 0
head -n 20 "$L" >"$OUT/shorter.csv"
files "$OUT/run" >"$OUT/before"
bl render "$INC" --recipients "$OUT/shorter.csv" -o "$OUT/run" --only MDS-000226 -q
refused "$OUT/run" "the run in this directory was made from another incident, list"

sed -i '2s/,ok,/,error,/' "$OUT/run/manifest.csv"
files "$OUT/run" >"$OUT/before"
bl render "$INC" --recipients "$L" -o "$OUT/run" --only MDS-000226 -q
refused "$OUT/run" "manifest.csv or errors.csv is not as the run left it"

rm "$OUT/run/manifest.run.json"
files "$OUT/run" >"$OUT/before"
bl render "$INC" --recipients "$L" -o "$OUT/run" --only MDS-000226 -q
refused "$OUT/run" "its manifest.csv has no readable run record beside it"
