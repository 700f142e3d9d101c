# In a run of print books, the letters set aside for manual handling (an address that fits no
# envelope window) go into exceptions books, one beside each print book that had one
# (exceptions-000001.pdf with its list exceptions-000001.csv), never into a mailing book; the
# manifest names the exceptions book, its number (book column), the letter's first page and
# the book's hash. --resume after a kill makes the same books, shards make the whole run's
# exceptions books between them and 'manifest merge' joins their manifests into the whole
# run's, and a run started again in the folder removes the earlier run's exceptions books.
INC=examples/mednax-2020/incident.xml
LIST=$OUT/list.csv
# the 085 list three times over: R-4 (a name too long for the window at 8 pt) in each, the
# country that does not exist (R-8) an error row; 24 rows, books of 4 letters
python3 - tests/e2e/cases/085-addresses-that-do-not-fit/list.csv "$LIST" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
out = [rows[0]] + [["%s-%d" % (r[0], i)] + r[1:] for i in range(3) for r in rows[1:]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
bl render $INC --recipients "$LIST" -o "$OUT/ref" --book=4 --jobs 2 --quiet
expect_rc 1
R=$OUT/ref
# R-4-0 is row 4 (chunk 1), R-4-1 row 12 (chunk 3), R-4-2 row 20 (chunk 5)
for i in 0 1 2; do
    n=$((2 * i + 1))
    book=$(printf 'exceptions-%06d' $n)
    id=R-4-$i
    expect_eq "$(manifest_field "$R" $id status)" "exception" "$id status"
    expect_eq "$(manifest_field "$R" $id file)" "$book.pdf" "$id file"
    expect_eq "$(manifest_field "$R" $id book)" "$n" "$id book"
    expect_eq "$(manifest_field "$R" $id first_page)" "1" "$id first page"
    expect_eq "$(manifest_field "$R" $id sha256)" "$(sha256sum <"$R/$book.pdf" | cut -d' ' -f1)" \
        "$id hash"
    expect_eq "$(manifest_field "$R" $id error)" "line 1 of the address is too long for the envelope window (3.5 in wide) even at 8 pt: the letter is made for manual handling, outside the print books" "$id reason"
    # its list, as a print book's; the exception in no mailing book, nor in a file of its own
    expect_eq "$(cat "$R/$book.csv" | tr -d '\r')" "sequence,id,first_page,pages,sheets
1,$id,1,4,2" "$book.csv"
    grep -q ",$id," "$R"/book-*.csv && fail "$id is listed in a print book"
    [ -e "$R/$id.pdf" ] && fail "$id has a file of its own"
    pdf_has "$R/$book.pdf" "Featherstonehaugh-Cholmondeley-Worthington-Smythe"
    expect_eq "$(pdf_meta "$R/$book.pdf" Title)" \
        "Notice of Data Breach - exceptions book (manual handling) $n" "$book title"
    # the print book of that chunk holds the chunk's other letters, and its hash is its own
    mail=$(printf 'book-%06d' $n)
    expect_eq "$(manifest_field "$R" R-3-$i file)" "$mail.pdf" "R-3-$i file"
    expect_eq "$(manifest_field "$R" R-3-$i sha256)" "$(sha256sum <"$R/$mail.pdf" | cut -d' ' -f1)" \
        "R-3-$i hash"
done
expect_eq "$(ls "$R" | grep -c '^exceptions-')" "6" "exceptions books and lists"
expect_eq "$(pdf_meta "$R/book-000001.pdf" Title)" "Notice of Data Breach - print book 1" \
    "a mailing book's title"

# killed after two chunks and resumed: the same files, byte for byte
dir=$OUT/killed
setsid "$BIN" render $INC --recipients "$LIST" -o "$dir" --book=4 --jobs 2 -q &
pid=$!
done_chunks() { [ "$(find "$dir/.run-state" -name 'chunk-*.log' 2>/dev/null | wc -l)" -ge 2 ] &&
    [ ! -e "$dir/manifest.csv" ]; }
hold "$pid" "two chunks" done_chunks
kill -9 -- "-$pid"
kill -CONT -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
ended "$pid"
bl render $INC --recipients "$LIST" -o "$dir" --book=4 --jobs 2 --resume --quiet
expect_rc 1
diff -r "$R" "$dir" >/dev/null ||
    fail "resumed run differs: $(diff -rq "$R" "$dir" | head -3)"

# two shards: each makes the exceptions books of its chunks, the merged manifest is the run's
for k in 0 1; do
    bl render $INC --recipients "$LIST" -o "$OUT/s$k" --shard "$k/2" --book=4 --quiet
    expect_rc $k # shard 1 holds the chunks of the error rows (R-8-*)
done
bl manifest merge $INC --recipients "$LIST" -o "$OUT/merged.csv" \
    "$OUT/s0/manifest-0-of-2.csv" "$OUT/s1/manifest-1-of-2.csv"
expect_rc 0
cmp "$OUT/merged.csv" "$R/manifest.csv" || fail "merged manifest differs from the run's"
for f in "$R"/exceptions-*; do
    name=$(basename "$f")
    expect_eq "$(ls "$OUT"/s[01]/"$name" 2>/dev/null | wc -l)" "1" "shards holding $name"
    cmp "$f" "$OUT"/s[01]/"$name" || fail "$name differs from the whole run's"
done

# a run started again in the folder, with a list without the exception, leaves none of the
# earlier run's exceptions books or lists
grep -v '^R-4-' "$LIST" >"$OUT/fits.csv"
bl render $INC --recipients "$OUT/fits.csv" -o "$R" --book=4 --quiet
expect_rc 1
expect_eq "$(ls "$R" | grep -c '^exceptions-')" "0" "exceptions files left of the earlier run"
