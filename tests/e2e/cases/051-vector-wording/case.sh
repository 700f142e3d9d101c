# The facts drive the wording of "What Happened": each vector of the incident, with its access
# finding, has its own paragraph (templates/us-notice/what-happened.xml). A skimming attack
# "captured what was typed into that page as it was entered", it did not "copy files"; a lost
# device, a misdirected letter, an insider or credential stuffing has no "unauthorized party
# may have obtained a copy of certain files". The incident of case 050 is rewritten per vector.
words() { # words VECTOR ACCESS: renders with that vector and finding
    sed -e "s/vector=\"hacking\" access=\"confirmed\"/vector=\"$1\" access=\"$2\"/" \
        -e 's#<category id="credentials"/>#<category id="payment-card"/>#' \
        tests/e2e/cases/050-credentials-check-and-render-agree/incident.xml >"$OUT/incident.xml"
    grep -q "vector=\"$1\" access=\"$2\"" "$OUT/incident.xml" || fail "incident not rewritten"
    rm -rf "$OUT/l"
    bl render "$OUT/incident.xml" --recipients "$CASE/recipients.csv" -o "$OUT/l" --quiet
    expect_rc 0
}
COPY="may have obtained a copy of certain files"
words skimming confirmed
pdf_has "$OUT/l/A-1.pdf" "malicious code placed on our website’s payment page captured what was typed into that page as it was entered, including some of your information" \
    "The code did not take files from our systems"
pdf_has "$OUT/l/A-2.pdf" "including some of Ben Ross’s information"
pdf_lacks "$OUT/l/A-1.pdf" "$COPY" "copy of certain files"
words skimming not-confirmed
pdf_has "$OUT/l/A-1.pdf" "You used the page while the code was there, but we found no evidence that it captured your information."
pdf_has "$OUT/l/A-2.pdf" "Ben Ross used the page while the code was there"
words skimming undetermined
pdf_has "$OUT/l/A-1.pdf" "could not determine whether it captured your information"
words ransomware confirmed
pdf_has "$OUT/l/A-1.pdf" "An unauthorized party used ransomware, malicious software that locks files so that they cannot be used." \
    "before locking our files it took a copy of certain files that contained some of your information"
words theft not-confirmed
pdf_has "$OUT/l/A-1.pdf" "A device or paper records holding some of your information were stolen. Our investigation found no evidence that the information on them was viewed or used."
pdf_lacks "$OUT/l/A-1.pdf" "unauthorized party"
words loss undetermined
pdf_has "$OUT/l/A-1.pdf" "were lost. Our investigation could not determine whether the information on them was viewed or used."
words misdirected confirmed
pdf_has "$OUT/l/A-1.pdf" "Some of your information was sent by mistake, by mail or e-mail, to the wrong person, who read it."
pdf_lacks "$OUT/l/A-1.pdf" "unauthorized party" "$COPY"
words improper-disposal not-confirmed
pdf_has "$OUT/l/A-1.pdf" "thrown away without first being destroyed. Our investigation found no evidence that anyone looked at them."
words insider confirmed
pdf_has "$OUT/l/A-1.pdf" "a person who works for us looked at or used some of your information without a work reason to do so, beyond what their job allows"
words credential-stuffing confirmed
pdf_has "$OUT/l/A-1.pdf" "user names and passwords stolen from other companies, not from us, to sign in to accounts on our website, and it signed in to your account with your user name and password"
pdf_has "$OUT/l/A-2.pdf" "it signed in to Ben Ross’s account"
words credential-stuffing not-confirmed
pdf_has "$OUT/l/A-1.pdf" "it tried your user name and password. Our investigation found no evidence that it signed in to your account."
# the general wording stays for hacking
words hacking confirmed
pdf_has "$OUT/l/A-1.pdf" "Our investigation found evidence that an unauthorized party $COPY that contained some of your information."
