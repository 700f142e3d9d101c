# serve in a real browser (chromium, headless, through chromedriver's WebDriver API): a person is
# found by part of their name and their letter shown, said identical to the one a run sent, and
# fetched from the page with the hash of that run's manifest; then a run is started from the
# form, the page's script follows it to its end without a reload by hand, and the page shows the
# manifest's counts. Screenshots of both pages are taken (PNG); with BL_SCREENSHOTS=DIR they are
# copied there (docs/img/serve-screens.py takes the docs' pictures). Skipped (77) without chromium.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "skipped: chromium and chromium-driver are not installed" >&2
    exit 77
fi
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/browser.py" || fail "the person and run pages in chromium (see above)"
