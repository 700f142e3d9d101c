# A malformed incident stops the run before any letter, listing every problem with its line.
bl render "$CASE/incident.xml" --recipients examples/mednax-2020/recipients.csv -o "$OUT/letters"
expect_rc 3
sed -i "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
[ ! -e "$OUT/letters" ] || fail "an output directory was created for a bad incident"
# not well-formed
printf '<incident id="x" template="us-notice">\n<organisation>\n</incident>\n' > "$OUT/broken.xml"
bl render "$OUT/broken.xml" --recipients examples/mednax-2020/recipients.csv -o "$OUT/letters"
expect_rc 3
stderr_has "broken.xml:3: error: opening and ending tag mismatch: organisation line 2 and incident"
# a missing incident file is an I/O error
bl render "$OUT/nope.xml" --recipients examples/mednax-2020/recipients.csv -o "$OUT/letters"
expect_rc 4
stderr_has "nope.xml: error: cannot open file: no such file"
