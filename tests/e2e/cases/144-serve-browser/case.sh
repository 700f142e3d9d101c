# serve in a real browser: Debian's chromium, headless, driven through chromedriver's WebDriver
# API (python3's urllib, no client library). Without the token the page is refused; with it the
# cookie is HttpOnly; a new incident is typed into the form, a missing fact is shown beside its
# field with the focus on the problems, then it saves with no problems and the preview picture
# loads; a form on a page of another origin cannot change anything. Skipped (77) when chromium
# or chromedriver is not installed.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "skipped: chromium and chromium-driver are not installed" >&2
    exit 77
fi
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/browser.py" || fail "the workbench in chromium (see above)"
