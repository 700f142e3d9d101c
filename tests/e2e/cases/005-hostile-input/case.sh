# Hostile values print literally: markup in names is text, not formatting; ids that are paths,
# device names or spreadsheet formulas neither escape the output directory nor clash, and the
# manifest cannot be turned into a formula.
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.csv" -o "$OUT/letters"
expect_rc 0
L=$OUT/letters
pdf_has "$L/R-1.pdf" "Dear <b>Bob & \"Al\"</b> O'Brien:" "<b>Bob & \"Al\"</b> O'Brien"
pdf_has "$L/R-3.pdf" "<span foreground=\"red\">Red</span>"
pdf_has "$L/R-6.pdf" "Zoë Ångström-Đặng"
expect_eq "$(manifest_rows "$L")" "6" "manifest rows"
# every letter stays inside the output directory, under a distinct name
expect_eq "$(find "$OUT" -name '*.pdf' | wc -l)" "6" "letters written"
expect_eq "$(find "$L" -name '*.pdf' | wc -l)" "6" "letters inside the output directory"
[ ! -e "$OUT/etc" ] && [ ! -e /etc/x.pdf ] || fail "an id escaped the output directory"
for id in "../../etc/x" "CON" '=HYPERLINK("http://x")'; do
    file=$(manifest_field "$L" "'$id" file 2>/dev/null)
    [ -n "$file" ] || file=$(manifest_field "$L" "$id" file)
    case "$file" in
        */* | CON.pdf | =* | "") fail "unsafe file name '$file' for id '$id'" ;;
    esac
    [ -f "$L/$file" ] || fail "no letter '$file' for id '$id'"
done
pdf_has "$L/$(manifest_field "$L" "../../etc/x" file)" "Trent Path"
# a formula in an id is written to the manifest as text (leading quote mark)
grep -q "^3,\"'=HYPERLINK" "$L/manifest.csv" || fail "formula id not neutralised in manifest"
