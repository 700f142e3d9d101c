# A log that no one reads any more (stderr piped into a program that has exited) does not stop a
# run: every letter, the manifest and the errors file are made, and the exit status is the one
# the run has with its log read.
EX=examples/mednax-2020/incident.xml
LIST=tests/e2e/cases/004-bad-rows/recipients.csv
bl render $EX --recipients $LIST -o "$OUT/read" --jobs 2
expect_rc 1
# stderr is a pipe whose reading end is closed before the run starts, so every message fails
# to be written (EPIPE, and SIGPIPE unless it is ignored) whatever the timing
python3 - "$BIN" render $EX --recipients $LIST -o "$OUT/closed" --jobs 2 <<'PY' >"$OUT/rc"
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
# subprocess gives the child the default SIGPIPE action, as a shell does
print(subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=w).returncode)
PY
expect_eq "$(cat "$OUT/rc")" "1" "exit status with the log's pipe closed"
cmp -s "$OUT/read/manifest.csv" "$OUT/closed/manifest.csv" || fail "the manifests differ"
cmp -s "$OUT/read/errors.csv" "$OUT/closed/errors.csv" || fail "the errors files differ"
for pdf in "$OUT"/read/*.pdf; do
    cmp -s "$pdf" "$OUT/closed/$(basename "$pdf")" || fail "$(basename "$pdf") differs or is missing"
done
# the same through a shell pipeline whose reader stops after one byte
"$BIN" render $EX --recipients $LIST -o "$OUT/head" --jobs 2 2>&1 | head -c1 >/dev/null
expect_eq "${PIPESTATUS[0]}" "1" "exit status piped into head -c1"
expect_eq "$(manifest_rows "$OUT/head")" "$(csv_rows $LIST)" "manifest rows piped into head -c1"
