# A Medusind letter in Simplified Chinese (language "zh"): an adult and a child of Florida. The
# letter is made; its text is Chinese (more Chinese characters than Latin letters, which only
# names, addresses and websites keep), with no English phrase of the template, Chinese headings
# in the model form's order, a Chinese date and page numbers, set in the Noto CJK faces (SC),
# embedded.
export BREACHLETTER_TODAY=2025-01-06
# under LeakSanitizer, cairo's leak in subsetting the CJK faces is suppressed as well
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp:print_suppressions=0"
fi
EX=examples/medusind-2023
python3 "$SRC/tests/e2e/in_language.py" "$EX/recipients.csv" "$OUT/zh.csv" zh MDS-000131 MDS-000137
bl render $EX/incident.xml --recipients "$OUT/zh.csv" -o "$OUT/l" --quiet
expect_rc 0
bl strings $EX/incident.xml
cp "$OUT/stdout" "$OUT/messages.pot"
python3 "$SRC/tests/e2e/language_check.py" --script han "$OUT/messages.pot" "$OUT"/l/*.pdf ||
    fail "the Chinese letters are not in Chinese"
for id in MDS-000131 MDS-000137; do
    pdf_in_order "$OUT/l/$id.pdf" "数据泄露通知" "事件经过" "涉及哪些信息" "我们正在采取的措施" \
        "您可以采取的措施" "更多信息" "保护您信息的步骤"
    pdf_page_has "$OUT/l/$id.pdf" 1 "2025年1月6日" "第 1 页"
    pdffonts "$OUT/l/$id.pdf" | grep -E "NotoSerifCJKsc-Regular .* yes +yes" >/dev/null ||
        fail "$id: the Chinese text is not set in Noto Serif CJK SC, embedded"
done
# Chinese has no spaces between words: pdftotext breaks lines anywhere, so compare without them
zh_has() {
    local text
    text=$(pdftotext -enc UTF-8 "$1" - | tr -d ' \n')
    shift
    for want in "$@"; do
        [[ "$text" == *"$want"* ]] || fail "$(basename "$1") lacks '$want'"
    done
}
zh_has "$OUT/l/MDS-000131.pdf" "尊敬的JoséNúñez：" "24个月" "联邦贸易委员会" "该事件发生于2023年12月29日"
zh_has "$OUT/l/MDS-000137.pdf" "可能涉及您孩子的部分个人信息。"
