# Sign-off in a real browser (Debian's chromium, headless, through chromedriver's WebDriver API):
# the sign-off page opened with the token, one variant approved by typing a name and clicking its
# button, another by typing a name and pressing Enter; render --require-approval then makes the
# letters of those two variants, each naming its approval in the manifest, and refuses the rest;
# after a change of wording in the incident (the months of monitoring the letters state), it
# refuses them too, saying whose approval no longer holds, and the page says the same. Skipped
# (77) when chromium or chromedriver is not installed.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "skipped: chromium and chromium-driver are not installed" >&2
    exit 77
fi
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/approve.py" || fail "sign-off in chromium (see above)"
