# --only into a directory that holds a run: it either refuses with an error naming the directory
# and changes nothing, or updates that run consistently. The manifest never loses rows; after
# --only into an unfinished run and then --resume, there is one PDF per letter of the manifest;
# after --only into a finished run, its row names an existing file with the row's SHA-256.
source "$SRC/tests/e2e/attacker.sh"
make_list "$OUT/list.csv" 300
L=$OUT/list.csv
opts=(--files-per-dir 50 --jobs 2) # 300 letters in subdirectories 00..ff
first=$(python3 -c 'import csv, sys
print(next(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))["Patient ID"])' "$L")

# an unfinished run: killed (the whole process group) once it has written 20 letters
dir=$OUT/unfinished
setsid "$BIN" render "$INC" --recipients "$L" -o "$dir" -q "${opts[@]}" 2>/dev/null &
pid=$!
hold "$pid" "20 letters" has_pdfs "$dir" 20
kill -9 -- "-$pid"
wait "$pid" 2>/dev/null
ended "$pid"
[ -e "$dir/manifest.csv" ] && fail "unfinished: the run was not killed before its end"
# what the killed run left (its letters, journals and state; not its temporary files)
run_files() { (cd "$1" && find . -type f ! -name '*.part' -exec sha256sum {} + | LC_ALL=C sort); }
run_files "$dir" >"$OUT/unfinished.files"
bl render "$INC" --recipients "$L" -o "$dir" -q "${opts[@]}" --only "$first"
if [ "$RC" -ne 0 ]; then
    expect_refused "$dir" "unfinished: --only"
    run_files "$dir" | cmp -s - "$OUT/unfinished.files" ||
        fail "unfinished: the refused --only changed what the killed run left"
elif [ -e "$dir/manifest.csv" ]; then
    # a manifest says the run is done: it cannot leave out the rows not yet rendered
    expect_eq "$(manifest_rows "$dir")" "300" "unfinished: manifest rows after --only"
fi
bl render "$INC" --recipients "$L" -o "$dir" -q "${opts[@]}" --resume
expect_rc 0
python3 "$OUTDIR_PY" check "$dir" 300 >&2 ||
    fail "unfinished: --only then --resume: not one PDF per letter"

# finished runs: letters in subdirectories, and flat
for run in spread flat; do
    dir=$OUT/$run
    if [ "$run" = spread ]; then
        list=$L rows=300 id=$first args=("${opts[@]}")
    else
        list=$EX/recipients.csv rows=32 id=MDS-000226 args=(--jobs 2)
    fi
    bl render "$INC" --recipients "$list" -o "$dir" -q "${args[@]}"
    expect_rc 0
    cp "$dir/manifest.csv" "$OUT/manifest.before"
    bl render "$INC" --recipients "$list" -o "$dir" -q "${args[@]}" --only "$id"
    if [ "$RC" -ne 0 ]; then
        expect_refused "$dir" "$run: --only"
        cmp -s "$OUT/manifest.before" "$dir/manifest.csv" ||
            fail "$run: the refused --only changed the manifest"
        continue
    fi
    expect_eq "$(manifest_rows "$dir")" "$rows" "$run: manifest rows after --only"
    file=$(manifest_field "$dir" "$id" file)
    if [ -z "$file" ] || [ ! -f "$dir/$file" ]; then
        fail "$run: the row of '$id' names no existing file ('$file')"
    else
        expect_eq "$(sha256sum <"$dir/$file" | cut -d' ' -f1)" \
            "$(manifest_field "$dir" "$id" sha256)" "$run: SHA-256 of $file"
    fi
    python3 "$OUTDIR_PY" check "$dir" "$rows" >&2 ||
        fail "$run: the run is not consistent after --only"
done
