# A broken template is refused before the first letter, with every mistake and its line.
bl render "$CASE/incident.xml" --recipients examples/mednax-2020/recipients.csv -o "$OUT/letters"
expect_rc 3
sed -i "s|$CASE/|CASE/|" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
[ ! -e "$OUT/letters" ] || fail "an output directory was created for a bad template"
