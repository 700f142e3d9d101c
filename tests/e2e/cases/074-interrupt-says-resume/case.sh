# Ctrl-C (SIGINT) during a render says how to finish it, once, after the workers and the files
# being written are gone; the same command with --resume then finishes the run as if nothing
# had happened. SIGTERM, which no one at a keyboard sends, ends the run without the note.
python3 - examples/medusind-2023/recipients.csv "$OUT/list.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
out = [rows[0]] + [[("%s-%d" % (r[0], i))] + r[1:] for i in range(10) for r in rows[1:]]
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(out)
PY
I=examples/medusind-2023/incident.xml
NOTE="breachletter: interrupted; the same command with --resume finishes the run"
# letters DIR N: the run writing into DIR has made N letters and is not done
letters() { [ "$(find "$1" -name '*.pdf' 2>/dev/null | wc -l)" -ge "$2" ] && [ ! -e "$1/manifest.csv" ]; }

"$BIN" render "$I" --recipients "$OUT/list.csv" -o "$OUT/ref" --jobs 2 -q 2>/dev/null
expect_eq "$?" "0" "exit status of the run never interrupted"
for sig in INT TERM; do
    dir=$OUT/$sig
    setsid "$BIN" render "$I" --recipients "$OUT/list.csv" -o "$dir" --jobs 2 \
        >"$OUT/$sig.out" 2>"$OUT/$sig.err" &
    pid=$!
    hold "$pid" "5 letters" letters "$dir" 5
    kill -"$sig" "$pid" # the parent alone, as a shell's Ctrl-C reaches it; it ends its workers
    kill -CONT -- "-$pid" 2>/dev/null
    wait "$pid"
    expect_eq "$?" "$((128 + $(kill -l "$sig")))" "exit status after SIG$sig"
    if [ "$sig" = INT ]; then
        expect_eq "$(grep -cxF "$NOTE" "$OUT/$sig.err")" "1" "the note after SIGINT (once)"
        expect_eq "$(tail -n 1 "$OUT/$sig.err")" "$NOTE" "the note is the last line"
    else
        grep -qF "interrupted" "$OUT/$sig.err" && fail "a note after SIGTERM"
    fi
    # the journals of chunks not committed stay in the state, for the next run to read
    expect_eq "$(find "$dir" -name '*.part' ! -path '*/.run-state/chunk-*' | wc -l)" "0" \
        "temporary files after SIG$sig"
    "$BIN" render "$I" --recipients "$OUT/list.csv" -o "$dir" --jobs 2 -q --resume 2>"$dir.err"
    expect_eq "$?" "0" "exit status of --resume after SIG$sig"
    diff -r "$OUT/ref" "$dir" >/dev/null || fail "SIG$sig: the resumed run differs: $(diff -rq "$OUT/ref" "$dir" | head -3)"
done
# Ended by the signal itself, not by an exit status that only looks like it: a shell loop around
# the program stops on Ctrl-C only then (Python's returncode is -2 for SIGINT, 130 for exit(130))
python3 - "$BIN" "$I" "$OUT/list.csv" "$OUT/bysig" <<'PY' || fail "not ended by SIGINT itself"
import glob, os, signal, subprocess, sys, time
binary, incident, rows, out = sys.argv[1:]
p = subprocess.Popen([binary, "render", incident, "--recipients", rows, "-o", out, "--jobs", "1",
                      "-q"], stderr=subprocess.DEVNULL, start_new_session=True)
# the event: a letter written, the run not done (each wait is a poll for that event, bounded
# only by the test's own time limit)
while p.poll() is None and not glob.glob(os.path.join(out, "**", "*.pdf"), recursive=True):
    time.sleep(0.01)
if p.poll() is not None:
    sys.exit("the run ended before its first letter: %r" % p.returncode)
p.send_signal(signal.SIGINT)
rc = p.wait()
sys.exit(0 if rc == -signal.SIGINT else "return code %r" % rc)
PY
