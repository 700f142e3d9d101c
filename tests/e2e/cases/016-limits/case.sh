# Behaviour at the edges: an output directory that cannot be made, a disk that fills up, a
# letter that runs to many pages.
EX=examples/medusind-2023
# the output directory cannot be created (its parent is a file)
touch "$OUT/file"
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/file/letters"
expect_rc 4
stderr_has "file/letters: error: cannot create the output directory: Not a directory"
# a file system that takes no more than 40 KB per file (RLIMIT_FSIZE; writing more fails with
# EFBIG, as on a full disk): the run stops with a clear error and leaves no half-written letter
# and no manifest; it is the run's problem, not the recipients', so no row is marked an error,
# and once there is room --resume makes every letter
for mode in letters book; do
    if [ "$mode" = book ]; then opts=(--book=8); else opts=(); fi
    ( ulimit -f 40; trap '' XFSZ; exec "$BIN" render $EX/incident.xml --recipients \
          $EX/recipients.csv -o "$OUT/full-$mode" "${opts[@]}" ) > "$OUT/stdout" 2> "$OUT/stderr"
    RC=$?
    expect_rc 4
    stderr_has "File too large"
    stderr_has "the same command with --resume finishes it"
    [ -e "$OUT/full-$mode/manifest.csv" ] && fail "$mode: a manifest after a failed run"
    # no half-written letter, book or manifest is left; the journals of the chunks not committed
    # stay in the run's state, naming the letters they made for the next run
    expect_eq "$(find "$OUT/full-$mode" -name '*.part' ! -path '*/.run-state/chunk-*' | wc -l)" \
        "0" "$mode: parts left"
    for pdf in $(find "$OUT/full-$mode" -name '*.pdf'); do
        pdfinfo "$pdf" >/dev/null 2>&1 || fail "$mode: $pdf is not a whole PDF"
    done
    bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/full-$mode" --resume \
        "${opts[@]}"
    expect_rc 0
    expect_eq "$(manifest_rows "$OUT/full-$mode")" "32" "$mode: manifest rows after --resume"
    expect_eq "$(csv_rows "$OUT/full-$mode/errors.csv")" "0" "$mode: errors after --resume"
done
# a letter of many pages: a long narrative flows over pages, numbered throughout
python3 - $EX/incident.xml "$OUT/long.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
para = "<p>" + "This paragraph of the narrative repeats to make a long letter. " * 12 + "</p>"
s = s.replace("<narrative>", "<narrative>" + para * 45, 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
bl render "$OUT/long.xml" --recipients $EX/recipients.csv -o "$OUT/long" --only MDS-000142 --quiet
expect_rc 0
pages=$(pdf_pages "$OUT/long/MDS-000142.pdf")
[ "$pages" -ge 15 ] || fail "long letter has only $pages pages"
pdf_page_numbers "$OUT/long/MDS-000142.pdf"
expect_eq "$(manifest_field "$OUT/long" MDS-000142 pages)" "$pages" "manifest pages"
