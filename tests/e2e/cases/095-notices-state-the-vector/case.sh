# The substitute and media notices say how the breach happened in the letter's words, from the
# letter's own fragment (what-happened.xml), said of "personal information" rather than of one
# person's: a payment page skimmed captured information as it was typed, it copied no files
# (examples/tamarack-2025); a forum's database copied keeps the general wording
# (examples/kestrel-2025); every vector and finding has its sentence, and no notice names a
# person or speaks to one ("your child", "this letter").
for kind in substitute media; do
    bl notice examples/tamarack-2025/incident.xml --kind $kind -o "$OUT/tamarack-$kind.pdf"
    expect_rc 0
    pdf_has "$OUT/tamarack-$kind.pdf" \
        "malicious code placed on our website’s payment page captured personal information as it was typed into that page" \
        "the code did not take files from our systems"
    pdf_lacks "$OUT/tamarack-$kind.pdf" "obtained a copy of certain files"
    # the letters say it with the same facts
    bl notice examples/kestrel-2025/incident.xml --kind $kind -o "$OUT/kestrel-$kind.pdf"
    expect_rc 0
    pdf_has "$OUT/kestrel-$kind.pdf" \
        "Our investigation found evidence that an unauthorized party may have obtained a copy of certain files that contained personal information."
    pdf_lacks "$OUT/kestrel-$kind.pdf" "payment page"
done
# every vector and finding, in both notices: its own sentence, nothing of one person (the
# forum example with each vector in turn)
INC=examples/kestrel-2025/incident.xml
declare -A says=(
    [ransomware]="ransomware, malicious software that locks files"
    [theft]="A device or paper records holding personal information were stolen."
    [loss]="A device or paper records holding personal information were lost."
    [misdirected]="Personal information was sent by mistake, by mail or e-mail, to people who should not have received it."
    [improper-disposal]="Records holding personal information were thrown away without first being destroyed."
    [insider]="person who works for us"
    [credential-stuffing]="user names and passwords stolen from other companies, not from us"
    [phishing]="copy of certain files that contained personal information"
)
for vector in "${!says[@]}"; do
    for access in confirmed not-confirmed undetermined; do
        sed -e "s|<event vector=\"hacking\" access=\"confirmed\">|<event vector=\"$vector\" access=\"$access\">|" \
            "$INC" >"$OUT/incident.xml"
        cp examples/kestrel-2025/*.png "$OUT/"
        for kind in substitute media; do
            bl notice "$OUT/incident.xml" --kind $kind -o "$OUT/n.pdf"
            expect_rc 0
            # the general wording's other findings are the notices' as they were
            [ "$vector" = phishing ] && [ "$access" != confirmed ] && continue
            pdf_has "$OUT/n.pdf" "${says[$vector]}"
            pdf_lacks "$OUT/n.pdf" "your child" "this letter" "Dear "
        done
    done
done
