# Chinese punctuation has its own white space: no space follows "：" or "。" where a translated
# text and a field's value meet (the covered entity's name after "…提供账单服务：") or where two
# runs join (the enrolment code, then "。如通过…"). A web address written right before Chinese
# text ("…/medusind或致电") ends where the Chinese starts: its link goes to the address alone.
export BREACHLETTER_TODAY=2025-01-06
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp:print_suppressions=0"
fi
EX=examples/medusind-2023
python3 "$SRC/tests/e2e/in_language.py" "$EX/recipients.csv" "$OUT/zh.csv" zh MDS-000131
bl render $EX/incident.xml --recipients "$OUT/zh.csv" -o "$OUT/l" --quiet
expect_rc 0
L=$OUT/l/MDS-000131.pdf
# pdftotext writes a space where the page has a gap wider than the glyphs' own
page1=$(pdftotext -enc UTF-8 -f 1 -l 1 "$L" - | tr '\n' ' ')
for want in "提供账单服务：Corrangate Family Dentistry。" "KRL-EC2Q-U84E。如通过电话登记"; do
    [[ "$page1" == *"$want"* ]] || fail "page 1 lacks '$want'"
done
[[ "$page1" == *"： Corrangate"* ]] && fail "a space after '：' before the covered entity's name"
[[ "$page1" == *"。 如通过"* ]] && fail "a space after '。'"
python3 tests/e2e/pdf_tags.py "$L" >"$OUT/tags" || fail "pdf_tags.py cannot read $L"
for uri in https://enroll.example.com/medusind https://notice.example.com/medusind \
    mailto:privacy-notice@example.com; do
    grep -qxF "link $uri" "$OUT/tags" || fail "no link to $uri alone"
done
# pdf_tags prints a link whose address is not ASCII as b:HEX
grep -q '^link b:' "$OUT/tags" && fail "a link takes Chinese text into its address: $(grep '^link b:' "$OUT/tags")"
