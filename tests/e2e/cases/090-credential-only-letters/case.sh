# The credential-only example (an online forum's member accounts: e-mail address and hashed
# password, examples/kestrel-2025): check finds nothing that stops a letter; every letter says on
# page 1 what to do about a password that was taken, and none gives credit-freeze instructions,
# asks for a Social Security number, or talks of health insurers; the forum's logo heads page 1
# and the signatory's signature is under "Sincerely,"; the notices give the same advice.
export BREACHLETTER_TODAY=2025-07-10
EX=examples/kestrel-2025
bl check $EX/incident.xml --recipients $EX/recipients.csv
expect_rc 0
stdout_has "No finding stops the letters."
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters
expect_eq "$(grep -c ',ok,' "$L/manifest.csv")" "24" "letters made"
for pdf in "$L"/KC-*.pdf; do
    # what to do now, on page 1, in the box before "What Happened"
    pdf_page_has "$pdf" 1 "What to do now" "Change your password for your account with us" \
        "Turn on two-step verification" "What Happened"
    pdf_in_order "$pdf" "What to do now" "Change your password" "What Happened" \
        "What Information Was Involved" "Protect your online accounts"
    # no freeze instructions, no identity numbers asked for, nothing about health or cards (the
    # District of Columbia's and Rhode Island's laws ask for one sentence: the right to a free
    # freeze and whom to ask, in their inserts)
    pdf_lacks "$pdf" "Fraud alerts and security freezes" "You may need to give" \
        "Social Security number, date of birth" "Consider a free security freeze" \
        "security freeze for your child" "credit report for your child" "IP PIN" \
        "monitoring product" "Explanation of Benefits" "Check your card statements" \
        "Enroll in"
    # what the law asks of every letter stays: the bureaus, the FTC and their statement
    pdf_has "$pdf" "1-800-685-1111" "1-888-397-3742" "1-800-680-7289" "www.identitytheft.gov" \
        "You can get information about fraud alerts, security freezes and how to avoid identity theft"
    pages=$(pdf_pages "$pdf")
    [ "$pages" -le 4 ] || fail "$(basename "$pdf") has $pages pages"
    pdf_page_numbers "$pdf"
    pdf_fonts_bundled "$pdf"
    # the logo (500 x 200 pixels) on page 1, the signature (540 x 160) on the page of "Sincerely,"
    sig=$(pdf_page_of "$pdf" "Sincerely,")
    pdfimages -list "$pdf" | awk '$3 == "image" {print $1, $4 "x" $5}' >"$OUT/images"
    grep -qx "1 500x200" "$OUT/images" || fail "$(basename "$pdf"): no logo on page 1"
    grep -qx "$sig 540x160" "$OUT/images" || fail "$(basename "$pdf"): no signature on page $sig"
done
# the name is printed once at the top of page 1, in the return address (the logo stands where
# it was printed a second time), the date under the logo at the right
pdftotext -enc UTF-8 -layout -f 1 -l 1 "$L/KC-20041.pdf" "$OUT/p1.txt"
expect_eq "$(grep -c "Kestrel Crossing, Inc\." "$OUT/p1.txt")" "2" "the name on page 1 (return address, opening)"
head -8 "$OUT/p1.txt" | grep -qE "^ {40,}July 16, 2025$" || fail "no date at the top right of page 1"
# Colorado: the state's own direction, with security questions (C.R.S. 6-1-716(2)(c))
for id in KC-20041 KC-20058; do
    pdf_has "$L/$id.pdf" "For residents of Colorado" \
        "Change the password and the security questions and answers"
done
pdf_lacks "$L/KC-20014.pdf" "security questions"
# Massachusetts and Texas owe these members no notice: no insert; New York's does
pdf_lacks "$L/KC-20082.pdf" "For residents of"
pdf_lacks "$L/KC-20151.pdf" "For residents of"
pdf_has "$L/KC-20103.pdf" "For residents of New York"
# minors: to a parent or guardian
pdf_has "$L/KC-20035.pdf" "Dear Parent or Guardian of Noor Haddad:" "Samir Haddad"
pdf_has "$L/KC-20124.pdf" "Dear Parent or Guardian of Leo Petrakis:"
# the notices give the advice of what the incident exposed
for kind in substitute media; do
    bl notice $EX/incident.xml --kind $kind -o "$OUT/$kind.pdf"
    expect_rc 0
    pdf_has "$OUT/$kind.pdf" "password"
    pdf_lacks "$OUT/$kind.pdf" "Explanation of Benefits" "security freeze, which" \
        "card number was involved" "Identity Protection PIN"
done
