# The command line: help, unknown commands and missing options.
bl --help
expect_rc 0
grep -q "render INCIDENT.xml --recipients FILE -o OUTDIR" "$OUT/stdout" || fail "--help lacks render"
grep -q "Exit status" "$OUT/stdout" || fail "--help lacks the exit codes"
bl render --help
expect_rc 0
grep -q -- "--recipients" "$OUT/stdout" || fail "render --help lacks --recipients"
grep -q -- "--only" "$OUT/stdout" || fail "render --help lacks --only"
bl
expect_rc 2
stderr_has "breachletter: no command given"
bl frobnicate
expect_rc 2
stderr_has "breachletter: unknown command 'frobnicate'"
bl render examples/mednax-2020/incident.xml -o "$OUT/x"
expect_rc 2
stderr_has "usage: breachletter render INCIDENT.xml --recipients FILE -o OUTDIR"
bl render examples/mednax-2020/incident.xml --recipients "$OUT/missing.csv" -o "$OUT/x"
expect_rc 4
stderr_has "missing.csv: error: cannot open"
bl --version
expect_rc 0
grep -q "^breachletter [0-9]" "$OUT/stdout" || fail "--version"
# the real limits of --files-per-dir and --jobs
bl render examples/mednax-2020/incident.xml -r examples/mednax-2020/recipients.csv -o "$OUT/x" \
    --files-per-dir 1
expect_rc 2
stderr_has "--files-per-dir takes a number of 2 or more"
bl render examples/mednax-2020/incident.xml -r examples/mednax-2020/recipients.csv -o "$OUT/x" \
    --jobs -1
expect_rc 2
stderr_has "--jobs takes a number of worker processes, 0 or more (0: one per core)"
