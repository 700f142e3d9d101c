# Behaviour at the edges: an output directory that cannot be made, a disk that fills up, a
# letter that runs to many pages.
EX=examples/medusind-2023
# the output directory cannot be created (its parent is a file)
touch "$OUT/file"
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/file/letters"
expect_rc 4
stderr_has "file/letters: error: cannot create the output directory: Not a directory"
# a file system that takes no more than 40 KB per file (RLIMIT_FSIZE; writing more fails with
# EFBIG, as on a full disk): every letter fails with a clear error, none is left half-written
( ulimit -f 40; trap '' XFSZ; exec "$BIN" render $EX/incident.xml --recipients $EX/recipients.csv \
      -o "$OUT/full" ) > "$OUT/stdout" 2> "$OUT/stderr"
RC=$?
expect_rc 1
stderr_has "error: cannot write the letter: File too large (recipient 'MDS-000123')"
expect_eq "$(manifest_rows "$OUT/full")" "32" "manifest rows"
expect_eq "$(find "$OUT/full" -name '*.pdf' -o -name '*.part' | wc -l)" "0" "letters or parts left"
# a letter of many pages: a long narrative flows over pages, numbered throughout
python3 - $EX/incident.xml "$OUT/long.xml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
para = "<p>" + "This paragraph of the narrative repeats to make a long letter. " * 12 + "</p>"
s = s.replace("<narrative>", "<narrative>" + para * 40, 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
bl render "$OUT/long.xml" --recipients $EX/recipients.csv -o "$OUT/long" --only MDS-000142 --quiet
expect_rc 0
pages=$(pdf_pages "$OUT/long/MDS-000142.pdf")
[ "$pages" -ge 15 ] || fail "long letter has only $pages pages"
pdf_page_numbers "$OUT/long/MDS-000142.pdf"
expect_eq "$(manifest_field "$OUT/long" MDS-000142 pages)" "$pages" "manifest pages"
