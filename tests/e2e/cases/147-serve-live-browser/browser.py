# SPDX-License-Identifier: MIT
"""The editor's live preview in headless chromium."""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402
from webdriver import Driver  # noqa: E402

LOADED = ("var i = document.getElementById('preview-img');"
          "return i && i.complete && i.naturalWidth > 500 && i.getAttribute('src') !== arguments[0]"
          " ? i.getAttribute('src') : null")


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
incident = os.path.join(ws, "m", "incident.xml")
saved = open(incident, "rb").read()
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
d = Driver(os.path.join(OUT, "chromium"))
try:
    d.go(sv.url)
    d.go(sv.base + "/edit?file=m%2Fincident.xml&jurisdiction=MA")
    first = d.wait_for(LOADED, 60, "")
    pages = d.js("return document.querySelectorAll('#preview-live figure.page img').length")
    check(pages >= 2, "every page is shown: %s" % pages)

    # a fact typed: the pages are redrawn from the unsaved field
    start = time.monotonic()
    d.keys(d.find("#f-org-name"), " Billing")
    second = d.wait_for(LOADED, 60, first)
    took = time.monotonic() - start
    print("typed to redrawn in the browser: %.2f s (300 ms of it the pause awaited)" % took,
          file=sys.stderr)
    # the redrawn page shows the typed change: its picture is not the saved file's
    sv.login()
    first_png, second_png = sv.get(first).body, sv.get(second).body
    check(first_png.startswith(b"\x89PNG") and second_png.startswith(b"\x89PNG"),
          "both drawings are kept as pictures")
    check(second_png != first_png, "the redrawn page differs from the saved file's")
    status = d.wait_for("var s = document.getElementById('preview-status').textContent;"
                    "return s.indexOf('Preview updated') === 0 ? s : null", 30)
    check("findings" in status, "the live region says what was redrawn: " + status)
    check(open(incident, "rb").read() == saved, "typing writes nothing to the incident file")

    # the findings beside the preview
    rows = d.js("return Array.from(document.querySelectorAll('table.deadlines tbody tr'))"
                ".map(function (r) { return r.cells[0].textContent; })")
    check("Massachusetts" in rows and "Texas" in rows,
          "the deadlines of the list's states: %s" % rows)
    link = d.js("var a = document.querySelector('table.deadlines a');"
                "return a && a.protocol + ' ' + a.target + ' ' + a.textContent")
    check(link is not None and link.startswith("https: _blank"), "the law as a link: %s" % link)
    check(d.js("return document.getElementById('findings-h').textContent")
          .startswith("Compliance: "), "the findings' heading")

    # another language
    d.js("var s = document.getElementById('p-language'); s.value = 'es';"
         "s.dispatchEvent(new Event('change', {bubbles: true}))")
    third = d.wait_for(LOADED, 60, second)
    check(" in es " in d.js("return document.getElementById('preview-img').alt"),
          "the Spanish letter: " + third)

    # a fact cleared: listed, and its link leads to the field
    d.clear(d.find("#f-org-phone"))
    d.keys(d.find("#f-org-name"), ".")  # a key typed after the clearing, as a person would go on
    d.wait_for(LOADED, 60, third)
    d.wait_for("return document.querySelector('.missing a[href=\"#f-org-phone\"]')", 30)
    d.click(d.find('.missing a[href="#f-org-phone"]'))
    check(d.js("return location.hash") == "#f-org-phone", "the missing fact leads to its field")
    d.screenshot(os.path.join(OUT, "editor.png"))
    check(open(incident, "rb").read() == saved, "the incident file is still as saved")
finally:
    d.quit()
    check(sv.stop() == 0, "the server's exit status")
finish()
