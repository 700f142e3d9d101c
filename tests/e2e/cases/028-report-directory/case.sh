# report writes its summary like render writes letters: in its directory, opened once and
# never through a link. A link planted as summary.csv is replaced, not written through; a link
# given as the directory is refused, naming it.
INC=examples/medusind-2023/incident.xml
L=examples/medusind-2023/recipients.csv
mkdir -p "$OUT/victim" "$OUT/report"
echo "not a summary" >"$OUT/victim/file"
ln -s "$OUT/victim/file" "$OUT/report/summary.csv"
bl report "$INC" --recipients "$L" -o "$OUT/report"
expect_rc 0
expect_eq "$(cat "$OUT/victim/file")" "not a summary" "the file the planted link points at"
[ -f "$OUT/report/summary.csv" ] && [ ! -L "$OUT/report/summary.csv" ] ||
    fail "summary.csv is not a file of its own"
grep -q "^TOTAL" "$OUT/report/summary.csv" || fail "summary.csv has no TOTAL row"
pdf_has "$OUT/report/summary.pdf" "Breach notification summary"
ln -s "$OUT/victim" "$OUT/linked"
bl report "$INC" --recipients "$L" -o "$OUT/linked"
[ "$RC" -ne 0 ] || fail "a link given as the directory was written into"
stderr_has "$OUT/linked: error: the output directory is a link"
[ ! -e "$OUT/victim/summary.pdf" ] || fail "the summary went through the link"
