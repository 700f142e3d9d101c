# An interrupted run (SIGINT, SIGTERM) removes the files it was writing: every letter left is
# complete, no temporary file remains, and the exit status tells the signal.
python3 - examples/medusind-2023/recipients.csv "$OUT/list.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
out = [rows[0]] + [[("%s-%d" % (r[0], i))] + r[1:] for i in range(20) for r in rows[1:]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
# letters DIR N: the run writing into DIR has made N letters and is not done
letters() { [ "$(find "$1" -name '*.pdf' 2>/dev/null | wc -l)" -ge "$2" ] && [ ! -e "$1/manifest.csv" ]; }
for sig in INT TERM; do
    setsid "$BIN" render examples/medusind-2023/incident.xml --recipients "$OUT/list.csv" \
        -o "$OUT/$sig" --quiet 2>/dev/null &
    pid=$!
    # interrupted in the middle of the run: held, stopped, once some letters exist
    hold "$pid" "5 letters" letters "$OUT/$sig" 5
    kill -"$sig" "$pid"
    kill -CONT -- "-$pid" 2>/dev/null
    wait "$pid"
    status=$?
    expected=$((128 + $(kill -l "$sig")))
    expect_eq "$status" "$expected" "exit status after SIG$sig"
    # the journals of chunks not committed stay in the state, for the next run to read
    expect_eq "$(find "$OUT/$sig" -name '*.part' ! -path '*/.run-state/chunk-*' | wc -l)" "0" \
        "temporary files after SIG$sig"
    made=$(find "$OUT/$sig" -name '*.pdf' | wc -l)
    [ "$made" -ge 5 ] && [ "$made" -lt 640 ] || fail "SIG$sig came at no point of the run ($made letters)"
    for pdf in "$OUT/$sig"/*.pdf; do
        pdfinfo "$pdf" >/dev/null 2>&1 || fail "$(basename "$pdf") is not a whole PDF"
    done
done
