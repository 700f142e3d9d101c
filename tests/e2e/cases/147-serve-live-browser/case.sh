# serve's live preview in a real browser (headless chromium through chromedriver's WebDriver
# API): a fact typed into the editor redraws the letter's pages within the wait's safety limit
# (the condition polled is the first page's new address, loaded), the live region says so, the
# saved file is not written; the findings panel lists each deadline with its law's link; a
# language chosen redraws; a fact cleared is listed with a link that leads to its field.
# Skipped (77) when chromium or chromedriver is not installed.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "skipped: chromium and chromium-driver are not installed" >&2
    exit 77
fi
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/browser.py" || fail "the live preview in chromium (see above)"
