# SPDX-License-Identifier: MIT
"""The workbench driven in headless chromium through chromedriver's WebDriver API."""
import os
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402
from webdriver import Driver  # noqa: E402

ws = os.path.join(OUT, "ws")
os.makedirs(ws)
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
d = Driver(os.path.join(OUT, "chromium"))
try:
    d.go(sv.base + "/")
    check(d.js("return document.title").startswith("Refused"), "the page without the token")
    d.go(sv.url)
    check(d.js("return location.pathname + location.search") == "/",
          "the token leaves the address bar")
    check(d.js("return document.querySelector('h1').textContent") == "Workspace", "the home page")
    check(d.js("return document.cookie") == "", "the cookie is HttpOnly")

    # a new incident, typed; the discovery date left out
    d.submit(d.xpath("//main//a[text()='New incident']"))
    check(d.js("return document.querySelector('h1').textContent") == "New incident",
          "the new incident's page")
    d.type("#f-file", "acme.xml")
    values = {
        "#f-incident-id": "acme-2026", "#f-org-name": "Acme Dental Group",
        "#f-org-address-line1": "1 Main Street", "#f-org-address-city": "Springfield",
        "#f-org-address-state": "IL", "#f-org-address-postal-code": "62701",
        "#f-org-phone": "1-800-555-0100", "#f-org-signatory-name": "Pat Doe",
        "#f-incident-narrative": "A laptop was stolen from a locked office.",
        "#f-incident-categories": "ssn\ndate-of-birth",
        "#f-incident-actions": "We reported the theft to the police.",
    }
    for css, text in values.items():
        d.type(css, text)
    # dates through the date inputs' own keyboard entry is locale-bound: set them as a script
    # sets a value, then the form sends them as typed
    for css, date in [("#f-incident-occurred-from", "2026-01-02"),
                      ("#f-incident-notice", "2026-02-01")]:
        d.js("document.querySelector(arguments[0]).value = arguments[1]", css, date)
    d.choose("f-incident-vector", "theft")
    d.choose("f-incident-access", "not-confirmed")
    d.click(d.find("#f-monitoring-none"))
    d.js("document.querySelector('form.editor').noValidate = true")  # let the server tell
    d.submit(d.xpath("//button[text()='Save']"))
    check(d.js("return location.pathname") == "/edit", "saved, then the editor")
    check("Dates › Discovered: fill this in" in d.js("return document.body.innerText"),
          "the missing date is told in words")
    check(d.js("return document.activeElement && document.activeElement.id") == "problems",
          "the focus is on the problems (the page's script ran under its CSP)")
    check(d.js("return document.getElementById('f-incident-discovered')"
               ".getAttribute('aria-describedby')") ==
          "f-incident-discovered-help f-incident-discovered-error",
          "the field is described by its problem")
    d.click(d.find("#problems a"))
    check(d.js("return location.hash") == "#f-incident-discovered", "the problem links the field")

    d.js("document.querySelector('#f-incident-discovered').value = '2026-01-03'")
    d.submit(d.xpath("//button[text()='Save']"))
    check("Saved. No problems." in d.js("return document.body.innerText"), "saved, no problems")
    ok = d.js("var i = document.getElementById('preview-img');"
              "return i && i.complete && i.naturalWidth > 500")
    check(ok, "the preview picture loads")
    rc = subprocess.run([BIN, "check", os.path.join(ws, "acme.xml")], capture_output=True)
    check(rc.returncode in (0, 5), "check reads the incident made in the browser: %d %s" % (
        rc.returncode, rc.stderr[:300]))

    # a form on another origin's page: refused, nothing written
    page = ("<!DOCTYPE html><form method='post' action='%s/save'>"
            "<input name='file' value='evil.xml'><input name='org.name' value='X'>"
            "<button>go</button></form>" % sv.base)
    d.go("data:text/html;charset=utf-8," + urllib.request.quote(page))
    d.submit(d.xpath("//button"))
    seen = d.js("return document.title + ' at ' + location.href")
    check(seen.startswith("Refused"), "the foreign form is refused: " + seen)
    check(not os.path.exists(os.path.join(ws, "evil.xml")), "the foreign form wrote nothing")
finally:
    d.quit()
    check(sv.stop() == 0, "the server's exit status")
finish()
