# A run killed outright (kill -9 of the parent, or of every process at once as a power cut or
# the OOM killer would) at several points is finished by `render --resume`: the books, letters,
# manifest and errors file are byte for byte those of a run never interrupted, and the summary
# is the same. A run resumed with other input is refused.
python3 - examples/medusind-2023/recipients.csv "$OUT/list.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
out = [rows[0]] + [[("%s-%d" % (r[0], i))] + r[1:] for i in range(3) for r in rows[1:]]
bad = list(out[7])
bad[0] = "BAD-STATE"
bad[rows[0].index("ST")] = "XX"
out.insert(40, bad)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
I=examples/medusind-2023/incident.xml
L=$OUT/list.csv

# count_done DIR: chunks committed so far by the run writing into DIR
count_done() { find "$1/.run-state" -name 'chunk-*.log' 2>/dev/null | wc -l; }
# progress MODE DIR: books committed, or letters written (a per-letter run is one chunk here)
progress() {
    if [ "$1" = book ]; then count_done "$2"; else find "$2" -name '*.pdf' 2>/dev/null | wc -l; fi
}
# reached MODE DIR N: the run writing into DIR has made N books or letters, and is not done
reached() { [ -d "$2" ] && [ "$(progress "$1" "$2")" -ge "$3" ] && [ ! -e "$2/manifest.csv" ]; }

for mode in book letters; do
    if [ "$mode" = book ]; then opts=(--book=12); points="0:parent 1:group 4:parent";
    else opts=(); points="0:group 10:parent 40:group"; fi
    "$BIN" render "$I" --recipients "$L" -o "$OUT/ref-$mode" --jobs 2 "${opts[@]}" \
        2>"$OUT/ref-$mode.err"
    ref_rc=$?
    expect_eq "$ref_rc" "1" "$mode: exit status of the uninterrupted run (one bad row)"
    expect_eq "$(manifest_rows "$OUT/ref-$mode")" "97" "$mode: manifest rows"
    # kill points: during set-up, after the first book (or a few letters), about half way; the
    # whole process group at once, or the parent alone (its workers must follow it)
    for point in $points; do
        after=${point%%:*}
        how=${point##*:}
        dir=$OUT/kill-$mode-$after-$how
        setsid "$BIN" render "$I" --recipients "$L" -o "$dir" --jobs 2 -q "${opts[@]}" &
        pid=$!
        hold "$pid" "$after $mode" reached "$mode" "$dir" "$after"
        if [ "$how" = group ]; then kill -9 -- "-$pid"; else kill -9 "$pid"; fi
        kill -CONT -- "-$pid" 2>/dev/null # the workers, stopped, must see their parent end
        wait "$pid" 2>/dev/null
        # no process of the killed run may go on writing: every one of its group has ended
        # (a dying process leaves the process list's command lines before it lets go of its
        # files, and so of the directory's lock: the group is asked, not the command lines)
        ended "$pid"
        [ -f "$dir/manifest.csv" ] && fail "$mode $point: the run was not killed before its end"
        "$BIN" render "$I" --recipients "$L" -o "$dir" --jobs 2 --resume "${opts[@]}" \
            2>"$dir.err"
        expect_eq "$?" "$ref_rc" "$mode $point: exit status after --resume"
        diff -r "$OUT/ref-$mode" "$dir" >/dev/null ||
            fail "$mode $point: outputs differ from the uninterrupted run: $(diff -rq "$OUT/ref-$mode" "$dir" | head -3)"
        expect_eq "$(tail -n 1 "$dir.err" | sed "s|$dir|OUT|g")" \
            "$(tail -n 1 "$OUT/ref-$mode.err" | sed "s|$OUT/ref-$mode|OUT|g")" \
            "$mode $point: summary after --resume"
        expect_eq "$(find "$dir" -name '*.part' | wc -l)" "0" "$mode $point: temporary files left"
    done
done

# the journal keeps what was done: a resumed run renders only the chunks not committed
dir=$OUT/partial
setsid "$BIN" render "$I" --recipients "$L" -o "$dir" --jobs 1 -q --book=12 &
pid=$!
hold "$pid" "3 chunks" reached book "$dir" 3
kill -9 -- "-$pid"
wait "$pid" 2>/dev/null
ended "$pid"
done_before=$(count_done "$dir")
[ "$done_before" -ge 3 ] || fail "partial: the run was killed before 3 chunks ($done_before)"
book1=$(stat -c %Y.%N "$dir/book-000001.pdf" 2>/dev/null)
"$BIN" render "$I" --recipients "$L" -o "$dir" --jobs 1 --resume --book=12 2>"$dir.err"
stderr_file_has() { grep -qF -- "$2" "$1" || fail "$1 lacks '$2': $(head -c 600 "$1")"; }
stderr_file_has "$dir.err" "resuming"
expect_eq "$(stat -c %Y.%N "$dir/book-000001.pdf")" "$book1" "partial: book 1 was kept, not made again"
diff -r "$OUT/ref-book" "$dir" >/dev/null || fail "partial: outputs differ after --resume"

# a run resumed with another list (or other options) is refused, and its state is kept
dir=$OUT/other
setsid "$BIN" render "$I" --recipients "$L" -o "$dir" --jobs 1 -q --book=12 &
pid=$!
hold "$pid" "a chunk" reached book "$dir" 1
kill -9 -- "-$pid"
wait "$pid" 2>/dev/null
ended "$pid"
head -n 100 "$L" >"$OUT/shorter.csv"
bl render "$I" --recipients "$OUT/shorter.csv" -o "$dir" --resume --book=12
expect_rc 3
stderr_has "made from other input or options"
[ -d "$dir/.run-state" ] || fail "other: the unfinished run's state was removed"
bl render "$I" --recipients "$L" -o "$dir" --resume --book=10
expect_rc 3
# without --resume, the run starts again from the beginning and says so
bl render "$I" --recipients "$L" -o "$dir" --book=12 --jobs 2
expect_rc 1
stderr_has "started again from the beginning"
diff -r "$OUT/ref-book" "$dir" >/dev/null || fail "other: a fresh run over an old state differs"

# a new run into the directory of an earlier one removes what that run made (its books and their
# lists, its manifest), so no letter of another run is left to be mailed; files that are not a
# run's, even named *.part, stay
dir=$OUT/again
bl render "$I" --recipients "$L" -o "$dir" --book=12 -q
expect_rc 1
mkdir -p "$dir/notes"
echo keep >"$dir/notes/draft.txt.part"
echo keep >"$dir/movie.mkv.part"
head -n 40 "$L" >"$OUT/first39.csv"
bl render "$I" --recipients "$OUT/first39.csv" -o "$dir" --book=12
expect_rc 0
stderr_has "files of an earlier run"
expect_eq "$(ls "$dir" | grep -c '^book-.*\.pdf$')" "4" "books after the smaller run"
expect_eq "$(manifest_rows "$dir")" "$(csv_rows "$OUT/first39.csv")" "manifest rows after it"
[ -e "$dir/notes/draft.txt.part" ] && [ -e "$dir/movie.mkv.part" ] ||
    fail "files that are not the run's were removed"

# two runs never write into one directory at once
dir=$OUT/twice
setsid "$BIN" render "$I" --recipients "$L" -o "$dir" --jobs 1 -q --book=12 &
pid=$!
hold "$pid" "its state" test -e "$dir/.run-state/key"
bl render "$I" --recipients "$L" -o "$dir" --book=12
expect_rc 3
stderr_has "another breachletter run is writing into this directory"
kill -CONT -- "-$pid"
wait "$pid"
expect_eq "$?" "1" "the first run, undisturbed"
diff -r "$OUT/ref-book" "$dir" >/dev/null || fail "twice: the first run's output differs"
