# Security questions and answers are a category of their own (online data, like a password):
# a person whose security questions were exposed is told on page 1 to change them and their
# answers wherever they are used, and only that person; Colorado's direction (C.R.S.
# 6-1-716(2)(c)) reaches a resident whose security questions alone were exposed; California
# and Colorado count them as personal information, and the notices give the same advice.
export BREACHLETTER_TODAY=2025-07-10
mkdir -p "$OUT/inc"
cp examples/kestrel-2025/incident.xml examples/kestrel-2025/*.png "$OUT/inc/"
INC=$OUT/inc/incident.xml
sed -i 's|^\( *\)<category id="name">|\1<category id="security-questions">the security questions and answers of your Kestrel Crossing account</category>\n&|' "$INC"
grep -q 'id="security-questions"' "$INC" || fail "the incident was not made"
bl check "$INC" --recipients "$CASE/list.csv"
expect_rc 0
stdout_has "No finding stops the letters."
bl render "$INC" --recipients "$CASE/list.csv" -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters
expect_eq "$(grep -c ',ok,' "$L/manifest.csv")" "3" "letters made"
# credentials and security questions: both actions in the box on page 1
pdf_page_has "$L/SQ-1.pdf" 1 "What to do now" "Change your password" \
    "Change your security questions and answers for your account with us" \
    "wherever else you use the same questions and answers"
pdf_in_order "$L/SQ-1.pdf" "What to do now" "Change your security questions" "What Happened" \
    "The security questions and answers of your Kestrel Crossing account"
# credentials alone: not a word of security questions
pdf_has "$L/SQ-2.pdf" "Change your password"
pdf_lacks "$L/SQ-2.pdf" "security question" "Change your security questions"
# security questions alone: their action, no password's; Colorado's direction in its insert
pdf_page_has "$L/SQ-3.pdf" 1 "Change your security questions and answers"
pdf_lacks "$L/SQ-3.pdf" "Change your password for your account"
pdf_has "$L/SQ-3.pdf" "For residents of Colorado" \
    "Change the password and the security questions and answers" "Protect your online accounts"
# the notices: the same advice to everyone whose security questions were involved
for kind in substitute media; do
    bl notice "$INC" --kind $kind -o "$OUT/$kind.pdf"
    expect_rc 0
    pdf_has "$OUT/$kind.pdf" "security questions" "change them, and their answers"
    bl notice examples/kestrel-2025/incident.xml --kind $kind -o "$OUT/plain.pdf"
    expect_rc 0
    pdf_lacks "$OUT/plain.pdf" "security questions" "change them, and their answers"
done
