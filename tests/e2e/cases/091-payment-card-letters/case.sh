# The payment-card example (an online store's payment page skimmed, examples/tamarack-2025): page
# 1 of every letter says what to do for what was exposed for that customer (the card: check the
# statements, call the bank that issued it; the account: change the password); no letter gives
# credit-freeze instructions or talks of health insurers, and the notices do not either.
export BREACHLETTER_TODAY=2025-10-01
EX=examples/tamarack-2025
bl render $EX/incident.xml --recipients $EX/recipients.csv -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters
python3 - "$EX/recipients.csv" >"$OUT/who" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")):
    cats = r["categories"].split(";")
    # Massachusetts asks every letter owed notice for how to request a freeze and what to give
    # (M.G.L. c. 93H, 3(b)): a card is personal information there
    ma = r["state"] == "MA" and "payment-card" in cats
    print(r["id"], int("payment-card" in cats), int("credentials" in cats), int(ma))
PY
cards=0
while read -r id card creds ma; do
    pdf=$L/$id.pdf
    if [ "$card" = 1 ]; then
        cards=$((cards + 1))
        pdf_page_has "$pdf" 1 "What to do now" "Check your card statements." \
            "Call the bank that issued your card" "ask for a new card"
        pdf_has "$pdf" "If card or bank account information was involved"
    else
        pdf_lacks "$pdf" "Check your card statements" "If card or bank account information"
    fi
    if [ "$creds" = 1 ]; then
        pdf_page_has "$pdf" 1 "Change your password" "Turn on two-step verification"
    else
        pdf_lacks "$pdf" "Change your password" "Protect your online accounts"
    fi
    if [ "$ma" = 1 ]; then
        pdf_has "$pdf" "Fraud alerts and security freezes" "For residents of Massachusetts"
    else
        pdf_lacks "$pdf" "Fraud alerts and security freezes" "You may need to give"
    fi
    pdf_lacks "$pdf" "Consider a free security freeze" "Explanation of Benefits" "IP PIN" \
        "Enroll in"
    pages=$(pdf_pages "$pdf")
    [ "$pages" -le 5 ] || fail "$id has $pages pages"
done <"$OUT/who"
[ "$cards" -ge 10 ] || fail "only $cards card holders in the example"
for kind in substitute media; do
    bl notice $EX/incident.xml --kind $kind -o "$OUT/$kind.pdf"
    expect_rc 0
    pdf_has "$OUT/$kind.pdf" "card number was involved"
    pdf_lacks "$OUT/$kind.pdf" "Explanation of Benefits" "security freeze, which" \
        "Identity Protection PIN"
done
