# A report that cannot be written to standard output (a full disk, a closed descriptor) is an
# I/O error, said on stderr, never a clean check: the exit status is 4 whatever the findings.
EX=examples/medusind-2023
export BREACHLETTER_TODAY=2026-11-24
# to_stdout WHERE ARGS...: runs breachletter with its standard output on /dev/full, or closed
to_stdout() {
    local where=$1
    shift
    if [ "$where" = full ]; then
        "$BIN" "$@" >/dev/full 2>"$OUT/stderr"
    else
        "$BIN" "$@" >&- 2>"$OUT/stderr"
    fi
    RC=$?
}
to_stdout full check $EX/incident.xml --recipients $EX/recipients.csv
expect_rc 4
# the list's warnings come first (the example's two-line "Mail To" is printed on one line)
expect_stderr "$CASE/expect/report-full-list"
to_stdout full check $EX/incident.xml --json
expect_rc 4
expect_stderr "$CASE/expect/report-full"
to_stdout closed check $EX/incident.xml
expect_rc 4
expect_stderr "$CASE/expect/report-closed"
to_stdout closed check $EX/incident.xml --json
expect_rc 4
expect_stderr "$CASE/expect/report-closed"
# letters that break a rule (exit status 5) whose report is lost: the I/O error wins
to_stdout full check examples/mednax-2020/incident.xml --recipients \
    examples/mednax-2020/recipients.csv
expect_rc 4
expect_stderr "$CASE/expect/report-full"
# preview prints where its draft went, the variants or the diff of two drafts
to_stdout full preview $EX/incident.xml -o "$OUT/draft.pdf"
expect_rc 4
expect_stderr "$CASE/expect/stdout-full"
pdfinfo "$OUT/draft.pdf" >/dev/null 2>&1 || fail "the draft itself is not made"
to_stdout full preview $EX/incident.xml --compare examples/mednax-2020/incident.xml \
    -o "$OUT/redline.pdf"
expect_rc 4
expect_stderr "$CASE/expect/stdout-full"
to_stdout closed preview $EX/incident.xml -o "$OUT/sheet.pdf" --variants \
    --recipients $EX/recipients.csv
expect_rc 4
expect_stderr "$CASE/expect/stdout-closed"
# with somewhere to write, the same commands succeed
bl check $EX/incident.xml --recipients $EX/recipients.csv
expect_rc 0
grep -q "^No finding stops the letters.$" "$OUT/stdout" || fail "the report is not whole"
bl preview $EX/incident.xml --compare examples/mednax-2020/incident.xml -o "$OUT/redline.pdf"
expect_rc 0
